package io.distlock.redis;

import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;

/**
 * Names one key (or shard channel) of a kind per Redis Cluster hash slot, in a lock key's own
 * slot: the fence counters, so that they stay bounded (at most 16,384 keys however many distinct
 * locks are taken) and the acquire script touches a single slot; and the sharded release
 * channels, so that a release is published only on the shard that holds the lock.
 * <p>
 * A name is {@code <prefix>__distlock:<kind>:{<tag>}}, where {@code tag} is the first short
 * string whose name hashes to the wanted slot. The table of tags is computed once, on first use,
 * from the actual names, so it stays right whatever the prefix contains (a prefix with its own
 * hash tag pins every key to one slot, and so to one name).
 */
final class SlotKeys {

    /** Keys that start with this, after the prefix, belong to distlock itself. */
    static final String RESERVED = "__distlock:";

    private static final int SLOTS = ClusterSlotHashUtil.SLOT_COUNT;

    private final String namePrefix;

    private volatile String[] keysBySlot;

    SlotKeys(String keyPrefix, String kind) {
        this.namePrefix = keyPrefix + RESERVED + kind + ":{";
    }

    /** The name of this kind in {@code lockKey}'s slot ({@code lockKey} is a full Redis key). */
    String keyFor(String lockKey) {
        int slot = ClusterSlotHashUtil.calculateSlot(lockKey);
        String key = table()[slot];
        if (key == null) {
            throw new IllegalStateException("No " + this.namePrefix + "...} name hashes to slot " + slot + " of '" + lockKey + "'");
        }
        return key;
    }

    private String[] table() {
        String[] table = this.keysBySlot;
        if (table == null) {
            table = buildTable();
            this.keysBySlot = table;
        }
        return table;
    }

    private String[] buildTable() {
        String[] table = new String[SLOTS];
        if (prefixPinsSlot()) {
            String key = this.namePrefix + "0}";
            table[ClusterSlotHashUtil.calculateSlot(key)] = key;
            return table;
        }
        // About 16,384 * ln(16,384) ~ 160,000 candidates fill every slot (a few milliseconds).
        int filled = 0;
        for (int i = 0; filled < SLOTS; i++) {
            String key = this.namePrefix + Integer.toString(i, 36) + "}";
            int slot = ClusterSlotHashUtil.calculateSlot(key.getBytes(StandardCharsets.UTF_8));
            if (table[slot] == null) {
                table[slot] = key;
                filled++;
            }
        }
        return table;
    }

    /** A prefix with a hash tag of its own puts every key, counters included, in one slot. */
    private boolean prefixPinsSlot() {
        int slot = ClusterSlotHashUtil.calculateSlot(this.namePrefix + "a}");
        return slot == ClusterSlotHashUtil.calculateSlot(this.namePrefix + "b}")
                && slot == ClusterSlotHashUtil.calculateSlot(this.namePrefix + "c}");
    }
}
