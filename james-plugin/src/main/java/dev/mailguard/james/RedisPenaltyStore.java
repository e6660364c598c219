package dev.mailguard.james;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.mailguard.core.Penalty;
import dev.mailguard.core.PenaltyBoxSettings;
import dev.mailguard.core.PenaltyStore;
import dev.mailguard.core.StrikeRule;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
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
 * boxed through one node is refused by all. Keys, each with a TTL: {@code mailguard:strikes:CLIENT}
 * (violations) and {@code mailguard:auth-strikes:CLIENT} (AUTH failures), sorted sets of the strike
 * times within the window (a sliding window, as {@link dev.mailguard.core.MemoryPenaltyStore} counts);
 * {@code mailguard:box:CLIENT}, the strikes that boxed the client, expiring with the box, one for both
 * kinds; and {@code mailguard:rate:COUNTER:CLIENT:BUCKET}, the events of one bucket of a rate counter.
 * Strikes and events are counted by Lua scripts, atomically across nodes, on Redis's clock.
 *
 * <p>Fails open: while Redis cannot be reached every call completes exceptionally at once (commands
 * are rejected while disconnected) or after {@link #TIMEOUT}; Lettuce reconnects by itself.
 */
public final class RedisPenaltyStore implements PenaltyStore {
    /** Violations' key is the one nodes that count no other kind use too, so that a mixed cluster agrees. */
    static final String STRIKES = "mailguard:strikes:";
    static final String AUTH_STRIKES = "mailguard:auth-strikes:";
    static final String BOX = "mailguard:box:";
    static final String RATE = "mailguard:rate:";
    private static final Map<String, String> STRIKES_BY_KIND = Map.of(StrikeRule.VIOLATIONS, STRIKES,
        StrikeRule.AUTH_FAILURES, AUTH_STRIKES);
    /** Connect and command timeout: a penalty box must never hold up a connection for long. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Reconnect attempts back off to at most this, so that the box works again soon after Redis does. */
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

    /**
     * KEYS: the strikes of the rule's kind, the box. ARGV: threshold, window ms, duration ms, a random
     * member (so that two strikes in one millisecond both count).
     * A boxed client's strikes do not count; returns 1 for the strike that boxes, else 0.
     */
    private static final String STRIKE = String.join("\n",
        "if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end",
        "redis.replicate_commands() -- Redis 3.2 to 4 write after TIME only with this; later ones always",
        "local time = redis.call('TIME')",
        "local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)",
        "local window = tonumber(ARGV[2])",
        "redis.call('ZADD', KEYS[1], now, ARGV[4])",
        "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)",
        "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then",
        "  redis.call('DEL', KEYS[1])",
        "  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])",
        "  return 1",
        "end",
        "redis.call('PEXPIRE', KEYS[1], window)",
        "return 0");

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

    @Override
    public CompletableFuture<Boolean> isBoxed(String client) {
        return commands().thenCompose(redis -> redis.exists(BOX + client)).thenApply(count -> count == 1);
    }

    @Override
    public CompletableFuture<Boolean> strike(String client, StrikeRule rule) {
        String[] keys = {STRIKES_BY_KIND.get(rule.kind()) + client, BOX + client};
        String member = Long.toHexString(ThreadLocalRandom.current().nextLong());
        return commands()
            .thenCompose(redis -> redis.<Long>eval(STRIKE, ScriptOutputType.INTEGER, keys,
                String.valueOf(rule.threshold()), String.valueOf(rule.window().toMillis()),
                String.valueOf(rule.duration().toMillis()), member))
            .thenApply(boxes -> boxes == 1);
    }

    @Override
    public CompletableFuture<List<Penalty>> boxed() {
        return commands().thenCompose(redis -> boxKeys(redis, ScanCursor.INITIAL, new LinkedHashSet<>())
            .thenCompose(keys -> penalties(redis, keys)));
    }

    /** SCAN for the box keys, page after page (a key may come twice, hence the set). */
    private static CompletableFuture<Set<String>> boxKeys(RedisAsyncCommands<String, String> redis, ScanCursor cursor,
            Set<String> found) {
        return redis.scan(cursor, ScanArgs.Builder.matches(BOX + "*").limit(500)).toCompletableFuture()
            .thenCompose((KeyScanCursor<String> page) -> {
                found.addAll(page.getKeys());
                return page.isFinished() ? CompletableFuture.completedFuture(found) : boxKeys(redis, page, found);
            });
    }

    /** GET and PTTL of each box key (pipelined); a box that expired in between is left out. */
    private static CompletableFuture<List<Penalty>> penalties(RedisAsyncCommands<String, String> redis,
            Collection<String> keys) {
        List<CompletableFuture<Penalty>> each = new ArrayList<>();
        for (String key : keys) {
            CompletableFuture<String> strikes = redis.get(key).toCompletableFuture();
            CompletableFuture<Long> ttl = redis.pttl(key).toCompletableFuture();
            each.add(strikes.thenCombine(ttl, (value, millis) -> value == null || millis == -2 ? null
                : new Penalty(key.substring(BOX.length()), Integer.parseInt(value),
                    millis == -1 ? Instant.MAX : Instant.now().plusMillis(millis))));
        }
        return CompletableFuture.allOf(each.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<Penalty> boxed = new ArrayList<>();
            for (CompletableFuture<Penalty> penalty : each) {
                if (penalty.join() != null) {
                    boxed.add(penalty.join());
                }
            }
            return boxed;
        });
    }

    @Override
    public CompletableFuture<Boolean> release(String client) {
        String[] strikes = STRIKES_BY_KIND.values().stream().map(prefix -> prefix + client).toArray(String[]::new);
        return commands().thenCompose(redis -> redis.del(BOX + client).toCompletableFuture()
            .thenCombine(redis.del(strikes), (box, deleted) -> box == 1));
    }

    @Override
    public CompletableFuture<Long> count(String client, String counter, Duration window) {
        long millis = window.toMillis();
        if (millis < 1) {
            throw new IllegalArgumentException("window " + window + " is under 1 ms");
        }
        String[] keys = {RATE + counter + ":" + client + ":"};
        return commands().thenCompose(redis -> redis.<Long>eval(COUNT, ScriptOutputType.INTEGER, keys,
            String.valueOf(millis)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, TIMEOUT);
        resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(2 * TIMEOUT.toMillis());
    }
}
