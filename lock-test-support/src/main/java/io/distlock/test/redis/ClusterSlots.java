package io.distlock.test.redis;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster key-to-slot mapping: CRC16 (XMODEM: polynomial 0x1021, initial value 0) of the key's UTF-8 bytes,
 * or of its hash tag (the bytes between the first {@code {} and the next {@code }}, if that is not empty),
 * modulo 16384.
 */
final class ClusterSlots {

    static final int SLOT_COUNT = 16384;
    private static final int[] CRC16_TABLE = crc16Table();

    private ClusterSlots() {
    }

    static int slot(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        int end = bytes.length;
        int open = indexOf(bytes, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, (byte) '}', open + 1);
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        return crc16(bytes, start, end) & (SLOT_COUNT - 1);
    }

    static int crc16(byte[] bytes, int start, int end) {
        int crc = 0;
        for (int i = start; i < end; i++) {
            crc = ((crc << 8) ^ CRC16_TABLE[((crc >>> 8) ^ bytes[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int[] crc16Table() {
        int[] table = new int[256];
        for (int value = 0; value < 256; value++) {
            int crc = value << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            table[value] = crc & 0xffff;
        }
        return table;
    }
}
