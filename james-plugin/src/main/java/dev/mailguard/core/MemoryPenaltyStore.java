package dev.mailguard.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The penalty box of one James node: at most {@code maxEntries} clients, the one that struck or was
 * boxed longest ago forgotten first, so that strikes from more addresses than that (loopback alone has
 * 16 million) cannot grow the heap. Each entry keeps at most {@code threshold} strike times.
 */
public final class MemoryPenaltyStore implements PenaltyStore {
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, ClientEntry> entries;

    public MemoryPenaltyStore(int maxEntries, Clock clock) {
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.entries = new LinkedHashMap<String, ClientEntry>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ClientEntry> eldest) {
                return size() > MemoryPenaltyStore.this.maxEntries;
            }
        };
    }

    @Override
    public synchronized CompletableFuture<Boolean> isBoxed(String client) {
        ClientEntry entry = entries.get(client);
        return CompletableFuture.completedFuture(entry != null && entry.boxedUntil > clock.millis());
    }

    @Override
    public synchronized CompletableFuture<Boolean> strike(String client, PenaltyBoxSettings rule) {
        long now = clock.millis();
        ClientEntry entry = entries.remove(client); // put back below, as the newest
        if (entry == null || entry.strikes.length != rule.threshold()) {
            entry = new ClientEntry(rule.threshold());
        }
        boolean boxes = entry.boxedUntil <= now && entry.strike(now, rule.window().toMillis());
        if (boxes) {
            entry.boxedUntil = now + rule.duration().toMillis();
            entry.strikesWhenBoxed = rule.threshold();
            entry.count = 0;
        }
        entries.put(client, entry);
        return CompletableFuture.completedFuture(boxes);
    }

    @Override
    public synchronized CompletableFuture<List<Penalty>> boxed() {
        long now = clock.millis();
        List<Penalty> boxed = new ArrayList<>();
        for (Iterator<Map.Entry<String, ClientEntry>> all = entries.entrySet().iterator(); all.hasNext(); ) {
            Map.Entry<String, ClientEntry> entry = all.next();
            if (entry.getValue().boxedUntil > now) {
                boxed.add(new Penalty(entry.getKey(), entry.getValue().strikesWhenBoxed,
                    Instant.ofEpochMilli(entry.getValue().boxedUntil)));
            }
        }
        return CompletableFuture.completedFuture(boxed);
    }

    @Override
    public synchronized CompletableFuture<Boolean> release(String client) {
        ClientEntry entry = entries.remove(client);
        return CompletableFuture.completedFuture(entry != null && entry.boxedUntil > clock.millis());
    }

    /** Clients with strikes or a box, expired ones included until they are evicted. */
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public OptionalInt entries() {
        return OptionalInt.of(size());
    }

    @Override
    public String name() {
        return PenaltyBoxSettings.MEMORY;
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }

    /** One client's last strikes (a ring of {@code threshold} times) and its box, if any. */
    private static final class ClientEntry {
        final long[] strikes;
        int count;
        int next;
        long boxedUntil;
        int strikesWhenBoxed;

        ClientEntry(int threshold) {
            strikes = new long[threshold];
        }

        /** Adds a strike at {@code now}; whether {@code threshold} strikes now fall within {@code window}. */
        boolean strike(long now, long window) {
            strikes[next] = now;
            next = (next + 1) % strikes.length;
            count = Math.min(count + 1, strikes.length);
            // the oldest of the last threshold strikes is the one the ring overwrites next
            return count == strikes.length && now - strikes[next] < window;
        }
    }
}
