package dev.mailguard.core.penalty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bound of the memory store's maps: at most {@code maxEntries} clients in insertion order, the
 * eldest forgotten when one more comes, so that more client addresses than that (loopback alone has
 * 16 million) cannot grow the heap. Callers remove and put a client again to make it the newest.
 */
final class BoundedMap<V> extends LinkedHashMap<String, V> {
    private static final long serialVersionUID = 1L;
    private final int maxEntries;

    BoundedMap(int maxEntries) {
        super(16, 0.75f, false);
        this.maxEntries = maxEntries;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > maxEntries;
    }
}
