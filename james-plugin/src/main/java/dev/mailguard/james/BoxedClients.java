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
 * on different sockets, so a reply may be read after an event Redis sent later. Every entry carries
 * a stamp from one counter; a caller that sent a command at stamp {@code since} replaces an entry
 * only if nothing was written for that client after {@code since}. A release leaves a tombstone (an
 * entry expired at once) for the same reason, so that a reload's older reading cannot bring the box
 * back. Events themselves arrive in Redis's order and always win.
 */
final class BoxedClients {
    private static final long NEVER_NANOS = Long.MAX_VALUE / 4;

    /** Immutable, so that a lookup reads one consistent pair without a lock. */
    private static final class Box {
        final long expiresAt;
        final long stamp;

        Box(long expiresAt, long stamp) {
            this.expiresAt = expiresAt;
            this.stamp = stamp;
        }
    }

    private final Map<String, Box> boxes = new ConcurrentHashMap<>();
    private final AtomicLong stamps = new AtomicLong();

    /** Whether {@code client} is boxed now, as far as this copy knows. One map lookup, no allocation. */
    boolean isBoxed(String client) {
        Box box = boxes.get(client);
        return box != null && box.expiresAt - System.nanoTime() > 0;
    }

    /** The stamp to give {@link #boxed} and {@link #released} for a command sent now. */
    long now() {
        return stamps.get();
    }

    /** An event: {@code client} boxed for {@code millis} from now ({@code -1}: without expiry), or released. */
    void event(String client, long millis, boolean released) {
        boxes.put(client, new Box(released ? System.nanoTime() : expiry(millis), stamps.incrementAndGet()));
    }

    /** A reply to a command sent at {@code since}: {@code client} is boxed for {@code millis} from now. */
    void boxed(String client, long millis, long since) {
        write(client, expiry(millis), since);
    }

    /** A reply to a command sent at {@code since}: {@code client} is no longer boxed. */
    void released(String client, long since) {
        write(client, System.nanoTime(), since);
    }

    private void write(String client, long expiresAt, long since) {
        boxes.compute(client, (key, box) -> box != null && box.stamp > since ? box
            : new Box(expiresAt, stamps.incrementAndGet()));
    }

    /**
     * The end of a reload started at {@code since}, whose entries were written with {@link #boxed}:
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
