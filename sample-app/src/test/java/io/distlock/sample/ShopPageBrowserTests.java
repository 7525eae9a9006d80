package io.distlock.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.test.junit.RedisServerExtension;

/**
 * The page at {@code /} in a real headless Chromium, against the shop on a real redis-server: the
 * buttons fire the bursts and the page shows 0 oversold, 1 charge per key and no deadlock.
 * Skipped where Debian's {@code chromium} is not installed.
 */
@EnabledIf(value = "chromiumInstalled",
        disabledReason = "needs a headless Chromium at /usr/bin/chromium (apt-get install -y chromium)")
class ShopPageBrowserTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private static final Duration BURST_TIMEOUT = Duration.ofSeconds(90);

    private static RunningShop shop;

    static boolean chromiumInstalled() {
        return HeadlessChromium.isInstalled();
    }

    @BeforeAll
    static void startShop() {
        shop = RunningShop.start(redis.port(), "--sample.report.enabled=true", "--sample.report.interval=2s");
    }

    @AfterAll
    static void stopShop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void theButtonsShowNoOversellingOneChargePerKeyAndNoDeadlock() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(shop.url("/"))) {
            awaitText(browser, "burst-status", "idle");
            await().atMost(Duration.ofSeconds(30)).until(() -> bodyData(browser, "ready"),
                    "true"::equals);

            browser.evaluate("document.getElementById('burst-n').value = '150'");
            browser.evaluate("document.getElementById('burst-stock').value = '40'");
            browser.click("burst");
            awaitText(browser, "burst-status", "done");
            assertThat(browser.text("sold")).isEqualTo("40");
            assertThat(browser.text("stock")).isEqualTo("0");
            assertThat(browser.text("oversold")).isEqualTo("0");
            assertThat(browser.text("sold-out")).isEqualTo("110");

            browser.click("pay-burst");
            awaitText(browser, "pay-status", "done");
            assertThat(browser.text("pay-created")).isEqualTo("1");
            assertThat(browser.text("pay-charges")).isEqualTo("1");

            browser.click("transfer-burst");
            awaitText(browser, "transfer-status", "done");
            assertThat(browser.text("transfers-timeouts")).isEqualTo("0");
            assertThat(browser.text("total-after")).isEqualTo(browser.text("total-before"));

            assertThat(browser.text("verdict")).isEqualTo("0 oversold · 1 charge per key · no deadlock");
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("reports"), text -> text.contains("written by"));
            Path screenshot = Path.of("target", "shop-page.png");
            Files.createDirectories(screenshot.getParent());
            Files.write(screenshot, browser.screenshot());
        }
    }

    @Test
    void autorunRunsTheBurstOnLoad() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(shop.url("/?autorun=burst"))) {
            await().atMost(BURST_TIMEOUT).until(() -> bodyData(browser, "autorun"),
                    "done"::equals);

            assertThat(browser.text("burst-status")).isEqualTo("done");
            assertThat(browser.text("sold")).isEqualTo("50");
            assertThat(browser.text("stock")).isEqualTo("0");
            assertThat(browser.text("oversold")).isEqualTo("0");
        }
    }

    /** A {@code data-*} attribute of the body, empty while the page is still loading. */
    private static String bodyData(HeadlessChromium browser, String name) {
        return browser.evaluate("(document.body && document.body.dataset." + name + ") || ''").asString("");
    }

    private static void awaitText(HeadlessChromium browser, String id, String expected) {
        await().atMost(BURST_TIMEOUT).pollInterval(Duration.ofMillis(200))
            .until(() -> browser.text(id), text -> expected.equals(text) || (text != null && text.startsWith("error")));
        assertThat(browser.text(id)).isEqualTo(expected);
    }
}
