package io.distlock.sample.orders;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's products and orders over HTTP.
 * <ul>
 * <li>{@code GET /api/products}, {@code GET /api/products/{id}}: stock and sales;</li>
 * <li>{@code POST /api/orders} {@code {"productId": "...", "quantity": 1}}: buys (201), or 409
 * when sold out or when the product's lock stayed busy;</li>
 * <li>{@code POST /api/products/{id}/restock?stock=20}: starts a product afresh.</li>
 * </ul>
 */
@RestController
public class OrderController {

    private final OrderService orders;

    private final ProductRepository products;

    /**
     * Creates the controller.
     * @param orders the locked purchases
     * @param products the product table
     */
    public OrderController(OrderService orders, ProductRepository products) {
        this.orders = orders;
        this.products = products;
    }

    /**
     * Every product.
     * @return the products with stock and sales
     */
    @GetMapping("/api/products")
    public List<Product> products() {
        return products.findAll();
    }

    /**
     * One product.
     * @param id its id
     * @return the product with stock and sales
     */
    @GetMapping("/api/products/{id}")
    public Product product(@PathVariable String id) {
        return products.find(id).orElseThrow(() -> new UnknownProductException(id));
    }

    /**
     * Buys a product.
     * @param request what and how many
     * @return the order
     */
    @PostMapping("/api/orders")
    @ResponseStatus(HttpStatus.CREATED)
    public Order order(@RequestBody OrderRequest request) {
        if (request.productId() == null || request.productId().isBlank()) {
            throw new IllegalArgumentException("productId is required");
        }
        return orders.purchase(request.productId(), request.quantity());
    }

    /**
     * Sets a product's stock and forgets its orders.
     * @param id the product
     * @param stock the new stock
     * @return the product
     */
    @PostMapping("/api/products/{id}/restock")
    public Product restock(@PathVariable String id, @RequestParam int stock) {
        return orders.restock(id, stock);
    }

    /**
     * A sold-out answer: 409 with the stock that is left.
     * @param ex the refusal
     * @return the problem
     */
    @ExceptionHandler(SoldOutException.class)
    ProblemDetail soldOut(SoldOutException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setTitle("Sold out");
        problem.setProperty("productId", ex.getProductId());
        problem.setProperty("available", ex.getAvailable());
        return problem;
    }

    /**
     * An unknown product: 404.
     * @param ex the exception
     * @return the problem
     */
    @ExceptionHandler(UnknownProductException.class)
    ProblemDetail unknown(UnknownProductException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("Unknown product");
        return problem;
    }
}
