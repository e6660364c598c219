package dev.mailguard.james;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.mailguard.core.penalty.Penalty;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Keeps {@link BoxedClients} current from Redis: box events on a pub/sub connection of its own, and a
 * full reload (SCAN of the box keys with their PTTL) each time that connection has subscribed, which
 * Lettuce does again after every reconnect. The copy is {@link #ready()} only after a reload that no
 * disconnect or failed command interrupted: events missed while a connection was down, or a Redis
 * that came back empty, are then accounted for. Until then the store asks Redis, and fails open as
 * it always did.
 */
final class RedisBoxFeed implements RedisConnectionStateListener {
    private static final long FIRST_RETRY_MILLIS = 10;
    private static final long LAST_RETRY_MILLIS = 2_000;
    /** Expired boxes and tombstones of clients never seen again are dropped this often. */
    private static final Duration SWEEP = Duration.ofMinutes(1);

    private final RedisConnector connector;
    private final String channel;
    private final BoxedClients boxes;
    private final Supplier<CompletableFuture<List<Penalty>>> boxed;
    private final EventExecutorGroup executor;
    private final ScheduledFuture<?> sweeper;

    private volatile boolean ready;
    private StatefulRedisPubSubConnection<String, String> connection;
    private boolean subscribed;
    private boolean reloading;
    private boolean reloadAgain;
    private boolean closed;
    /** Bumped by every disconnect and failure, so that a reload they interrupted does not count. */
    private long generation;
    private long reloadSince = Long.MAX_VALUE;
    private long retryMillis = FIRST_RETRY_MILLIS;

    /** {@code boxed} lists the clients boxed in Redis, on the store's command connection. */
    RedisBoxFeed(RedisConnector connector, BoxedClients boxes, Supplier<CompletableFuture<List<Penalty>>> boxed) {
        this.connector = connector;
        this.channel = RedisKeys.channel(connector.target().database());
        this.boxes = boxes;
        this.boxed = boxed;
        this.executor = connector.resources().eventExecutorGroup();
        this.sweeper = executor.scheduleAtFixedRate(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connects in the background: Redis need not be up yet. */
    void start() {
        connector.client().addListener(this);
        connect();
    }

    /** Whether {@link BoxedClients} may answer for Redis. */
    boolean ready() {
        return ready;
    }

    private void connect() {
        connector.connectPubSub().whenComplete((connected, failure) -> {
            if (failure != null) {
                later(this::connect, nextRetry());
                return;
            }
            synchronized (this) {
                if (closed) {
                    connected.closeAsync();
                    return;
                }
                connection = connected;
            }
            connected.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    RedisKeys.event(message).ifPresent(event -> boxes.changed(event.client, event.millis, event.released(), event.version));
                }

                @Override
                public void subscribed(String to, long count) {
                    synchronized (RedisBoxFeed.this) {
                        subscribed = true;
                    }
                    failed();
                }
            });
            subscribe(connected);
        });
    }

    private void subscribe(StatefulRedisPubSubConnection<String, String> connected) {
        connected.async().subscribe(channel).whenComplete((done, failure) -> {
            if (failure != null) {
                later(() -> subscribe(connected), nextRetry());
            }
        });
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> disconnected) {
        boolean events;
        synchronized (this) {
            events = disconnected == connection;
            if (events) {
                subscribed = false;
            }
        }
        // a Cluster client opens and closes connections of its own to read the topology: there only
        // the events' connection counts (a failed command says the rest)
        if (events || !connector.target().cluster) {
            failed();
        }
    }

    /** A connection dropped, a command failed, or the feed (re)subscribed: the copy waits for a reload. */
    void failed() {
        synchronized (this) {
            ready = false;
            generation++;
        }
        reload(0);
    }

    private void reload(long delayMillis) {
        synchronized (this) {
            if (closed || !subscribed) {
                return;
            }
            if (reloading) {
                reloadAgain = true;
                return;
            }
            reloading = true;
        }
        later(this::runReload, delayMillis);
    }

    private void runReload() {
        long started;
        long since;
        synchronized (this) {
            started = generation;
            reloadAgain = false;
            since = boxes.now();
            reloadSince = since;
        }
        CompletableFuture<List<Penalty>> call;
        try {
            call = boxed.get();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((penalties, failure) -> {
            boolean again;
            synchronized (this) {
                if (failure == null) {
                    for (Penalty penalty : penalties) {
                        boxes.read(penalty.client(), millisUntil(penalty.expires()), since);
                    }
                    boxes.reloaded(since);
                }
                reloading = false;
                reloadSince = Long.MAX_VALUE;
                ready = failure == null && started == generation && subscribed && !closed;
                if (ready) {
                    retryMillis = FIRST_RETRY_MILLIS;
                }
                again = !ready || reloadAgain;
            }
            if (again) {
                reload(failure == null ? 0 : nextRetry());
            }
        });
    }

    private static long millisUntil(Instant expires) {
        return expires.equals(Instant.MAX) ? -1 : Math.max(0, expires.toEpochMilli() - System.currentTimeMillis());
    }

    private void sweep() {
        long since;
        synchronized (this) {
            since = Math.min(reloadSince, boxes.now());
        }
        boxes.forgetExpired(since);
    }

    private synchronized long nextRetry() {
        long retry = retryMillis;
        retryMillis = Math.min(2 * retryMillis, LAST_RETRY_MILLIS);
        return retry;
    }

    private void later(Runnable task, long delayMillis) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        try {
            executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    void close() {
        StatefulRedisPubSubConnection<String, String> open;
        synchronized (this) {
            closed = true;
            ready = false;
            open = connection;
        }
        connector.client().removeListener(this);
        sweeper.cancel(false);
        if (open != null) {
            open.closeAsync();
        }
    }
}
