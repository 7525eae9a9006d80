INSERT INTO product (id, name, price_cents, initial_stock, stock) VALUES
    ('flash-sale', 'Flash-sale sneakers', 4999, 50, 50),
    ('concert-ticket', 'Concert ticket', 8900, 20, 20),
    ('coffee-mug', 'Coffee mug', 1200, 500, 500);

INSERT INTO account (id, owner, balance_cents) VALUES
    ('alice', 'Alice', 100000),
    ('bob', 'Bob', 100000);
