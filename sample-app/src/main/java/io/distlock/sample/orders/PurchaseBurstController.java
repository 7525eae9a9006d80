package io.distlock.sample.orders;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.distlock.LockAcquisitionException;
import io.distlock.sample.demo.Burst;

/**
 * {@code POST /api/demo/purchase-burst?n=200&stock=50}: restocks a product, then fires {@code n}
 * purchases of one unit at once from a thread pool and reports what was sold. With the lock
 * (the default) nothing is oversold; {@code locked=false} runs the same purchases without it.
 */
@RestController
public class PurchaseBurstController {

    /** The product the bursts sell. */
    public static final String FLASH_SALE = "flash-sale";

    private final OrderService orders;

    private final UnlockedOrderService unlockedOrders;

    private final ProductRepository products;

    private final int threads;

    /**
     * Creates the controller.
     * @param orders locked purchases
     * @param unlockedOrders the same purchases without the lock
     * @param products the product table
     * @param threads how many threads fire the purchases ({@code sample.demo.burst-threads})
     */
    public PurchaseBurstController(OrderService orders, UnlockedOrderService unlockedOrders,
            ProductRepository products, @Value("${sample.demo.burst-threads:16}") int threads) {
        this.orders = orders;
        this.unlockedOrders = unlockedOrders;
        this.products = products;
        this.threads = threads;
    }

    /**
     * Fires the burst.
     * @param n how many purchases
     * @param stock the stock before the burst
     * @param productId the product, {@value #FLASH_SALE} by default
     * @param locked whether purchases take the lock
     * @return what was sold and what is left
     */
    @PostMapping("/api/demo/purchase-burst")
    public PurchaseBurstResult burst(@RequestParam(defaultValue = "200") int n,
            @RequestParam(defaultValue = "50") int stock,
            @RequestParam(defaultValue = FLASH_SALE) String productId,
            @RequestParam(defaultValue = "true") boolean locked) {
        Burst.checkSize(n);
        orders.restock(productId, stock);
        Burst.Tally tally = Burst.run(n, threads, i -> {
            try {
                if (locked) {
                    orders.purchase(productId, 1);
                } else {
                    unlockedOrders.purchase(productId, 1);
                }
                return "sold";
            } catch (SoldOutException ex) {
                return "soldOut";
            } catch (LockAcquisitionException ex) {
                return "lockTimeout";
            }
        });
        Product after = products.find(productId).orElseThrow(() -> new UnknownProductException(productId));
        long failed = n - tally.count("sold") - tally.count("soldOut") - tally.count("lockTimeout");
        return new PurchaseBurstResult(productId, locked, n, stock, tally.count("sold"), after.sold(),
                tally.count("soldOut"), tally.count("lockTimeout"), failed, after.stock(), after.oversold(),
                tally.millis());
    }
}
