package dev.mailguard.core.penalty;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The memory store's rate counters ({@link PenaltyStore#count}): per client, for each counter, the
 * events of the current and the previous bucket. At most {@code maxEntries} clients, the one counted
 * longest ago forgotten first; a separate map from the strikes', so that a flood of counted
 * connections never evicts a box.
 */
final class RateCounters {
    /** Expired clients dropped per count: more than the one a count may add, so that they drain. */
    private static final int DROPS_PER_COUNT = 2;

    private final BoundedMap<ClientCounters> clients;

    RateCounters(int maxEntries) {
        this.clients = new BoundedMap<>(maxEntries);
    }

    /** Counts one event at {@code now} (ms since the epoch) and answers the sliding window estimate. */
    synchronized long count(String client, String counter, long window, long now) {
        ClientCounters counters = clients.remove(client); // put back below, as the newest
        if (counters == null) {
            counters = new ClientCounters();
        }
        long estimate = counters.count(counter, window, now);
        clients.put(client, counters);
        dropExpired(now);
        return estimate;
    }

    /** Clients with counters, expired ones included until they are dropped or evicted. */
    synchronized int size() {
        return clients.size();
    }

    /**
     * Drops the eldest clients whose every counter has expired, a few per count: the eldest is the one
     * counted longest ago, so the expired ones are mostly at the front, and no count pays for many.
     */
    private void dropExpired(long now) {
        Iterator<ClientCounters> eldest = clients.values().iterator();
        for (int dropped = 0; dropped < DROPS_PER_COUNT && eldest.hasNext(); dropped++) {
            if (eldest.next().expires > now) {
                return;
            }
            eldest.remove();
        }
    }

    /** One client's counters (a few: one per counter name) and when the last of them expires. */
    private static final class ClientCounters {
        final List<Counter> counters = new ArrayList<>(3);
        long expires;

        long count(String name, long window, long now) {
            expires = Math.max(expires, now + 2 * window);
            for (Counter counter : counters) {
                if (counter.name.equals(name)) {
                    return counter.count(window, now);
                }
            }
            Counter counter = new Counter(name, window, now);
            counters.add(counter);
            return counter.count(window, now);
        }
    }

    /** A sliding window counter: the events of the current bucket and of the one before it. */
    private static final class Counter {
        final String name;
        long window;
        long bucket;
        long current;
        long previous;

        Counter(String name, long window, long now) {
            this.name = name;
            this.window = window;
            this.bucket = Math.floorDiv(now, window);
        }

        long count(long window, long now) {
            long bucket = Math.floorDiv(now, window);
            if (window != this.window) { // reconfigured: the old buckets measured something else
                this.window = window;
                this.bucket = bucket;
                previous = 0;
                current = 0;
            } else if (bucket == this.bucket + 1) {
                this.bucket = bucket;
                previous = current;
                current = 0;
            } else if (bucket > this.bucket + 1) { // silent for a whole window or more
                this.bucket = bucket;
                previous = 0;
                current = 0;
            } // an earlier bucket (a clock set back) counts in the current one
            current++;
            // a clock set back leaves now before the bucket: the previous bucket then counts in full
            long elapsed = Math.max(0, now - this.bucket * window);
            return previous * (window - elapsed) / window + current;
        }
    }
}
