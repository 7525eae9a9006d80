CREATE TABLE product (
    id            VARCHAR(40) PRIMARY KEY,
    name          VARCHAR(100) NOT NULL,
    price_cents   BIGINT NOT NULL,
    initial_stock INT NOT NULL,
    stock         INT NOT NULL
);

CREATE TABLE purchase_order (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    product_id VARCHAR(40) NOT NULL REFERENCES product (id),
    quantity   INT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Stored results of idempotent payment requests.
CREATE TABLE payment (
    id              VARCHAR(36) PRIMARY KEY,
    idempotency_key VARCHAR(100) NOT NULL UNIQUE,
    amount_cents    BIGINT NOT NULL,
    description     VARCHAR(200),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What the (simulated) card processor charged: one row per charge, no uniqueness of its own.
CREATE TABLE charge (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    idempotency_key VARCHAR(100) NOT NULL,
    amount_cents    BIGINT NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE account (
    id            VARCHAR(40) PRIMARY KEY,
    owner         VARCHAR(100) NOT NULL,
    balance_cents BIGINT NOT NULL
);

CREATE TABLE config_revision (
    revision      INT PRIMARY KEY,
    name          VARCHAR(100) NOT NULL,
    setting_value VARCHAR(1000) NOT NULL,
    fencing_token BIGINT NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
