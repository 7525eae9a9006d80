package io.distlock.test.redis;

/**
 * Child-JVM test program: prints its arguments and the {@code greeting} system property, then {@code tick N}
 * every 50 ms for at most 60 s. With the argument {@code fail} it writes to stderr and exits with code 3 instead.
 */
public final class PrintingMain {

    private PrintingMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (String arg : args) {
            System.out.println("arg " + arg);
        }
        if (args.length > 0 && args[0].equals("fail")) {
            System.err.println("boom: failing on purpose");
            System.exit(3);
        }
        System.out.println("greeting " + System.getProperty("greeting"));
        System.out.println("ready");
        for (int tick = 1; tick <= 1200; tick++) {
            System.out.println("tick " + tick);
            Thread.sleep(50);
        }
    }
}
