package dev.mailguard.core.penalty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The penalty box of one James node: at most {@code maxEntries} clients with strikes or a box, the one
 * that struck or was boxed longest ago forgotten first, and as many with rate counters
 * ({@link RateCounters}), so that more client addresses than that cannot grow the heap. Each entry
 * keeps at most {@code threshold} strike times per kind.
 */
public final class MemoryPenaltyStore implements PenaltyStore {
    private final Clock clock;
    private final Map<String, ClientEntry> entries;
    private final RateCounters rates;

    public MemoryPenaltyStore(int maxEntries, Clock clock) {
        this.clock = clock;
        this.entries = new BoundedMap<>(maxEntries);
        this.rates = new RateCounters(maxEntries);
    }

    @Override
    public synchronized CompletableFuture<Boolean> isBoxed(String client) {
        ClientEntry entry = entries.get(client);
        return CompletableFuture.completedFuture(entry != null && entry.boxedUntil > clock.millis());
    }

    @Override
    public synchronized CompletableFuture<Boolean> strike(String client, StrikeRule rule) {
        long now = clock.millis();
        ClientEntry entry = entries.remove(client); // put back below, as the newest
        if (entry == null) {
            entry = new ClientEntry();
        }
        boolean boxes = entry.boxedUntil <= now && entry.strike(rule, now);
        if (boxes) {
            entry.boxedUntil = now + rule.duration().toMillis();
            entry.strikesWhenBoxed = rule.threshold();
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

    /** Not synchronized here: the counters have their own lock, so that counting never waits for a strike. */
    @Override
    public CompletableFuture<Long> count(String client, String counter, Duration window) {
        long millis = window.toMillis();
        if (millis < 1) {
            throw new IllegalArgumentException("window " + window + " is under 1 ms");
        }
        return CompletableFuture.completedFuture(rates.count(client, counter, millis, clock.millis()));
    }

    /** Clients with strikes or a box, expired ones included until they are evicted. */
    public synchronized int size() {
        return entries.size();
    }

    /** Clients with rate counters, expired ones included until they are dropped or evicted. */
    public int countedClients() {
        return rates.size();
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

    /** One client's box, if any, and its last strikes of each kind. */
    private static final class ClientEntry {
        /** By the kind's place in {@link StrikeRule#KINDS}; null until the client strikes with that kind. */
        final StrikeRing[] strikes = new StrikeRing[StrikeRule.KINDS.size()];
        long boxedUntil;
        int strikesWhenBoxed;

        /** Adds a strike of {@code rule}'s kind at {@code now}; whether it reaches that kind's threshold. */
        boolean strike(StrikeRule rule, long now) {
            int kind = StrikeRule.KINDS.indexOf(rule.kind());
            StrikeRing ring = strikes[kind];
            if (ring == null || ring.times.length != rule.threshold()) {
                ring = new StrikeRing(rule.threshold());
                strikes[kind] = ring;
            }
            if (!ring.strike(now, rule.window().toMillis())) {
                return false;
            }
            strikes[kind] = null; // the strikes that box are used up, as Redis deletes them
            return true;
        }
    }

    /** The last {@code threshold} strike times of one kind. */
    private static final class StrikeRing {
        final long[] times;
        int count;
        int next;

        StrikeRing(int threshold) {
            times = new long[threshold];
        }

        /** Adds a strike at {@code now}; whether {@code threshold} strikes now fall within {@code window}. */
        boolean strike(long now, long window) {
            times[next] = now;
            next = (next + 1) % times.length;
            count = Math.min(count + 1, times.length);
            // the oldest of the last threshold strikes is the one the ring overwrites next
            return count == times.length && now - times[next] < window;
        }
    }
}
