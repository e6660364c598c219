package dev.mailguard.james;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.mailguard.core.penalty.Penalty;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.penalty.PenaltyStore;
import dev.mailguard.core.penalty.StrikeRule;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * The penalty box in a Redis every James node shares ({@code redis://HOST:PORT[/DB]}), so that a client
 * boxed through one node is refused by all. The keys ({@link RedisKeys}, each with a TTL) hold the
 * strike times of each kind within the window (sorted sets: a sliding window, as the memory store
 * counts), the box (the strikes that boxed the client, expiring with it) and the buckets of the rate
 * counters. Strikes and events are counted by Lua scripts, atomically across nodes, on Redis's clock.
 *
 * <p>{@link #isBoxed} is asked for every new connection, so it answers from this node's copy of the
 * boxed clients ({@link BoxedClients}, kept by {@link RedisBoxFeed}) without a round trip: the scripts
 * that box and release publish what they did, and every node hears it. Until the copy is loaded, and
 * after any disconnect or failed command until it is loaded again, {@link #isBoxed} asks Redis.
 *
 * <p>Fails open: while Redis cannot be reached every call completes exceptionally at once (commands
 * are rejected while disconnected) or after {@link #TIMEOUT}; Lettuce reconnects by itself.
 */
public final class RedisPenaltyStore implements PenaltyStore {
    /** Shared, never completed by anyone else: the answers from the copy cost no allocation. */
    private static final CompletableFuture<Boolean> BOXED = CompletableFuture.completedFuture(true);
    private static final CompletableFuture<Boolean> NOT_BOXED = CompletableFuture.completedFuture(false);
    /** Connect and command timeout: a penalty box must never hold up a connection for long. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Reconnect attempts back off to at most this, so that the box works again soon after Redis does. */
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

    /**
     * KEYS: the strikes of the rule's kind, the box. ARGV: threshold, window ms, duration ms, a random
     * member (so that two strikes in one millisecond both count), the channel, the box message.
     * A boxed client's strikes do not count; returns the version (Redis's clock in microseconds, also
     * in front of the message published) for the strike that boxes, else 0.
     */
    private static final String STRIKE = String.join("\n",
        "if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end",
        "redis.replicate_commands() -- Redis 3.2 to 4 write after TIME only with this; later ones always",
        "local time = redis.call('TIME')",
        "local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)",
        "local version = tonumber(time[1]) * 1000000 + tonumber(time[2])",
        "local window = tonumber(ARGV[2])",
        "redis.call('ZADD', KEYS[1], now, ARGV[4])",
        "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)",
        "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then",
        "  redis.call('DEL', KEYS[1])",
        "  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])",
        "  redis.call('PUBLISH', ARGV[5], string.format('%.0f ', version) .. ARGV[6])",
        "  return version",
        "end",
        "redis.call('PEXPIRE', KEYS[1], window)",
        "return 0");

    /**
     * KEYS: the box, the strikes of each kind. ARGV: the channel, the release message, published even
     * when nothing was boxed, since a node's copy may be wrong, with the version in front as for a box.
     * Returns twice the version, plus 1 when the client was boxed.
     */
    private static final String RELEASE = String.join("\n",
        "redis.replicate_commands()",
        "local time = redis.call('TIME')",
        "local version = tonumber(time[1]) * 1000000 + tonumber(time[2])",
        "local boxed = redis.call('DEL', KEYS[1])",
        "redis.call('DEL', KEYS[2], KEYS[3])",
        "redis.call('PUBLISH', ARGV[1], string.format('%.0f ', version) .. ARGV[2])",
        "return version * 2 + boxed");

    /**
     * KEYS: the counter's key without its bucket ({@code mailguard:rate:COUNTER:CLIENT:}); the script
     * adds the bucket, since only Redis's clock says which it is. ARGV: window ms. Counts one event in
     * the current bucket, which expires two windows after its last event (by then it is no longer the
     * previous bucket either), and returns the sliding window estimate.
     */
    private static final String COUNT = String.join("\n",
        "redis.replicate_commands()",
        "local time = redis.call('TIME')",
        "local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)",
        "local window = tonumber(ARGV[1])",
        "local bucket = math.floor(now / window)",
        "local key = KEYS[1] .. string.format('%d', bucket)",
        "local current = redis.call('INCR', key)",
        "redis.call('PEXPIRE', key, 2 * window)",
        "local previous = tonumber(redis.call('GET', KEYS[1] .. string.format('%d', bucket - 1)) or 0)",
        "local elapsed = now - bucket * window",
        "return math.floor(previous * (window - elapsed) / window) + current");

    private final String name;
    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient client;
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection;
    private final String channel;
    private final BoxedClients boxes = new BoxedClients();
    private final RedisBoxFeed feed;

    private RedisPenaltyStore(String name, RedisURI uri) {
        this.name = name;
        this.uri = uri;
        this.resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(1), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
            .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
            .build());
        this.connection = new AtomicReference<>(connect());
        this.channel = RedisKeys.channel(uri.getDatabase());
        this.feed = new RedisBoxFeed(client, uri, boxes, this::boxed, resources.eventExecutorGroup());
        feed.start();
    }

    /**
     * A store on {@code uri} ({@code redis://HOST:PORT[/DB]}, as {@link PenaltyBoxSettings#store()} accepts
     * it). Connects in the background: Redis need not be up yet.
     */
    public static RedisPenaltyStore connect(String uri) {
        RedisURI parsed = RedisURI.create(uri);
        parsed.setTimeout(TIMEOUT);
        return new RedisPenaltyStore(uri, parsed);
    }

    private CompletableFuture<StatefulRedisConnection<String, String>> connect() {
        return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
    }

    /**
     * The commands of the connection. Once connected, Lettuce keeps the connection up; a first
     * connection that failed (Redis down when James started) is tried again by the next call.
     */
    private CompletableFuture<RedisAsyncCommands<String, String>> commands() {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
        if (current.isCompletedExceptionally()) {
            CompletableFuture<StatefulRedisConnection<String, String>> retry = connect();
            if (connection.compareAndSet(current, retry)) {
                current = retry;
            } else {
                retry.thenAccept(StatefulRedisConnection::closeAsync);
                current = connection.get();
            }
        }
        return current.thenApply(StatefulRedisConnection::async);
    }

    /** A failed call may mean missed events: the copy stops answering until it is loaded again. */
    private <T> CompletableFuture<T> watched(CompletableFuture<T> call) {
        return call.whenComplete((result, failure) -> {
            if (failure != null) {
                feed.failed();
            }
        });
    }

    /** Whether {@link #isBoxed} answers from this node's copy now (for tests). */
    boolean answersFromCopy() {
        return feed.ready();
    }

    @Override
    public void unanswered() {
        feed.failed();
    }

    @Override
    public CompletableFuture<Boolean> isBoxed(String client) {
        if (feed.ready()) {
            return boxes.isBoxed(client) ? BOXED : NOT_BOXED;
        }
        return watched(commands().thenCompose(redis -> redis.exists(RedisKeys.box(client))).thenApply(count -> count == 1));
    }

    @Override
    public CompletableFuture<Boolean> strike(String client, StrikeRule rule) {
        String[] keys = {RedisKeys.STRIKES_BY_KIND.get(rule.kind()) + client, RedisKeys.box(client)};
        String member = Long.toHexString(ThreadLocalRandom.current().nextLong());
        long millis = rule.duration().toMillis();
        return watched(commands()
            .thenCompose(redis -> redis.<Long>eval(STRIKE, ScriptOutputType.INTEGER, keys,
                String.valueOf(rule.threshold()), String.valueOf(rule.window().toMillis()), String.valueOf(millis),
                member, channel, RedisKeys.boxedMessage(client, millis)))
            .thenApply(version -> {
                if (version > 0) {
                    boxes.changed(client, millis, false, version); // before any connection can ask, not when the event comes
                }
                return version > 0;
            }));
    }

    @Override
    public CompletableFuture<List<Penalty>> boxed() {
        return watched(commands().thenCompose(RedisBoxScan::boxed));
    }

    @Override
    public CompletableFuture<Boolean> release(String client) {
        String[] keys = {RedisKeys.box(client), RedisKeys.STRIKES + client, RedisKeys.AUTH_STRIKES + client};
        return watched(commands().thenCompose(redis -> redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, keys,
                channel, RedisKeys.releasedMessage(client))))
            .thenApply(result -> {
                boxes.changed(client, -1, true, result / 2);
                return result % 2 == 1;
            });
    }

    @Override
    public CompletableFuture<Long> count(String client, String counter, Duration window) {
        long millis = window.toMillis();
        if (millis < 1) {
            throw new IllegalArgumentException("window " + window + " is under 1 ms");
        }
        String[] keys = {RedisKeys.RATE + counter + ":" + client + ":"};
        return watched(commands().thenCompose(redis -> redis.<Long>eval(COUNT, ScriptOutputType.INTEGER, keys,
            String.valueOf(millis))));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        feed.close();
        client.shutdown(Duration.ZERO, TIMEOUT);
        resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(2 * TIMEOUT.toMillis());
    }
}
