package dev.mailguard.james;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's copy of the clients boxed in Redis, each with the instant its box key expires there, so
 * that the connect-time lookup needs no round trip. Written from Lettuce's threads (box events,
 * reloads, replies to this node's own strikes and releases), read from Netty's event loops.
 *
 * <p>Two sources race: events on the pub/sub connection and replies on the command connection arrive
 * on different sockets, so a reply may be read after an event Redis sent later, and an event after a
 * reply to a later command. The scripts that box and release stamp both their event and their reply
 * with Redis's clock (the version, in microseconds), so of two writes about one client the later in
 * Redis wins, whichever is read first. A reload's readings have no version: every entry also carries
 * a stamp from one local counter, and a reload started at stamp {@code since} replaces an entry only
 * if nothing was written for that client after {@code since}. A release leaves a tombstone (an entry
 * expired at once) for the same reasons.
 */
final class BoxedClients {
    private static final long NEVER_NANOS = Long.MAX_VALUE / 4;

    /** Immutable, so that a lookup reads one consistent pair without a lock. */
    private static final class Box {
        final long expiresAt;
        final long stamp;
        /** Redis's clock when the box or release happened; 0 for a reload's reading. */
        final long version;

        Box(long expiresAt, long stamp, long version) {
            this.expiresAt = expiresAt;
            this.stamp = stamp;
            this.version = version;
        }
    }

    private final Map<String, Box> boxes = new ConcurrentHashMap<>();
    private final AtomicLong stamps = new AtomicLong();

    /** Whether {@code client} is boxed now, as far as this copy knows. One map lookup, no allocation. */
    boolean isBoxed(String client) {
        Box box = boxes.get(client);
        return box != null && box.expiresAt - System.nanoTime() > 0;
    }

    /** The stamp to give a reload's {@link #read} for a reload started now. */
    long now() {
        return stamps.get();
    }

    /**
     * Redis boxed {@code client} for {@code millis} from now ({@code -1}: without expiry), or released
     * it, at {@code version} (an event, or the reply to this node's own command).
     */
    void changed(String client, long millis, boolean released, long version) {
        long expiresAt = released ? System.nanoTime() : expiry(millis);
        boxes.compute(client, (key, box) -> box != null && box.version >= version ? box
            : new Box(expiresAt, stamps.incrementAndGet(), version));
    }

    /** A reload started at {@code since} read that {@code client} is boxed for {@code millis} from now. */
    void read(String client, long millis, long since) {
        boxes.compute(client, (key, box) -> box != null && box.stamp > since ? box
            : new Box(expiry(millis), stamps.incrementAndGet(), 0));
    }

    /**
     * The end of a reload started at {@code since}, whose entries were written with {@link #read}:
     * whatever was neither read by it nor heard of since is gone from Redis.
     */
    void reloaded(long since) {
        boxes.values().removeIf(box -> box.stamp <= since);
    }

    /**
     * Forgets expired boxes and tombstones written up to {@code since} (the start of a reload running
     * now, else the present): later tombstones still guard that reload.
     */
    void forgetExpired(long since) {
        long now = System.nanoTime();
        boxes.values().removeIf(box -> box.stamp <= since && box.expiresAt - now <= 0);
    }

    int size() {
        return boxes.size();
    }

    private static long expiry(long millis) {
        return System.nanoTime() + (millis < 0 ? NEVER_NANOS : Math.min(millis, NEVER_NANOS / 1_000_000) * 1_000_000);
    }
}
