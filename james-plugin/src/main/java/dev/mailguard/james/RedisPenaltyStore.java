package dev.mailguard.james;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.configuration2.ex.ConfigurationException;

import dev.mailguard.core.penalty.Penalty;
import dev.mailguard.core.penalty.PenaltyStore;
import dev.mailguard.core.penalty.StrikeRule;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * The penalty box in a Redis every James node shares, so that a client boxed through one node is
 * refused by all: one server, the master of a Sentinel group, or a Cluster ({@link RedisConnector}),
 * with AUTH and TLS as the URI says. The keys ({@link RedisKeys}, each with a TTL) hold the strike
 * times of each kind within the window (sorted sets: a sliding window, as the memory store counts),
 * the box (the strikes that boxed the client, expiring with it) and the buckets of the rate
 * counters. Strikes and events are counted by Lua scripts ({@link RedisScripts}), atomically across
 * nodes, on Redis's clock.
 *
 * <p>{@link #isBoxed} is asked for every new connection, so it answers from this node's copy of the
 * boxed clients ({@link BoxedClients}, kept by {@link RedisBoxFeed}) without a round trip: the scripts
 * that box and release publish what they did, and every node hears it. Until the copy is loaded, and
 * after any disconnect or failed command until it is loaded again, {@link #isBoxed} asks Redis.
 *
 * <p>Fails open: while Redis cannot be reached every call completes exceptionally at once (commands
 * are rejected while disconnected) or after {@link #TIMEOUT}; Lettuce reconnects by itself, and a
 * failover is a disconnect like any other.
 */
public final class RedisPenaltyStore implements PenaltyStore {
    /** Shared, never completed by anyone else: the answers from the copy cost no allocation. */
    private static final CompletableFuture<Boolean> BOXED = CompletableFuture.completedFuture(true);
    private static final CompletableFuture<Boolean> NOT_BOXED = CompletableFuture.completedFuture(false);
    /** Connect and command timeout: a penalty box must never hold up a connection for long. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** How long the start waits for Redis to accept the credentials; a Redis down longer is an outage. */
    private static final long START_CHECK_MILLIS = 3_000;
    /** The replies of a Redis that refuses the credentials (or an ACL user lacking a command). */
    private static final List<String> REFUSED_CREDENTIALS = List.of("WRONGPASS", "NOAUTH", "NOPERM", "ERR AUTH",
        "ERR invalid password", "ERR Client sent AUTH");

    private final RedisTarget target;
    private final RedisConnector connector;
    private final AtomicReference<CompletableFuture<RedisConnector.Connected>> connection;
    private final String channel;
    private final BoxedClients boxes = new BoxedClients();
    private final RedisBoxFeed feed;

    private RedisPenaltyStore(RedisTarget target) {
        this.target = target;
        this.connector = new RedisConnector(target);
        this.connection = new AtomicReference<>(connector.connect());
        this.channel = RedisKeys.channel(target.database());
        this.feed = new RedisBoxFeed(connector, boxes, this::boxed);
        feed.start();
    }

    /** A store on {@code uri}, an inline {@code <store>}; for tests. Connects in the background. */
    public static RedisPenaltyStore connect(String uri) throws ConfigurationException {
        return new RedisPenaltyStore(RedisTarget.of(uri));
    }

    /**
     * A store on {@code target}. Connects in the background: Redis need not be up yet; but a Redis
     * that answers and refuses the credentials is a mistake in the configuration, and stops James.
     */
    static RedisPenaltyStore open(RedisTarget target) throws ConfigurationException {
        RedisPenaltyStore store = new RedisPenaltyStore(target);
        Optional<String> refusal = store.refusedCredentials();
        if (refusal.isPresent()) {
            store.close();
            throw new ConfigurationException("MailGuard: Redis refuses the credentials of the penalty box store '"
                + target.name + "' (" + refusal.get() + "): check the user and password in the URI, and the ACL user's"
                + " rights (~mailguard:* &mailguard:* +@read +@write +@scripting +@pubsub +@connection +time) (in <penaltyBox>)");
        }
        return store;
    }

    private Optional<String> refusedCredentials() {
        try {
            commands().thenCompose(redis -> redis.ping()).get(START_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                String message = String.valueOf(cause.getMessage());
                if (REFUSED_CREDENTIALS.stream().anyMatch(message::startsWith)) {
                    return Optional.of(target.masked(message));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The commands of the connection. Once connected, Lettuce keeps the connection up; a first
     * connection that failed (Redis down when James started) is tried again by the next call.
     */
    private CompletableFuture<RedisClusterAsyncCommands<String, String>> commands() {
        CompletableFuture<RedisConnector.Connected> current = connection.get();
        if (current.isCompletedExceptionally()) {
            CompletableFuture<RedisConnector.Connected> retry = connector.connect();
            if (connection.compareAndSet(current, retry)) {
                current = retry;
            } else {
                retry.thenAccept(connected -> connected.connection.closeAsync());
                current = connection.get();
            }
        }
        return current.thenApply(connected -> connected.commands);
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
        String[] keys = {RedisKeys.strikes(RedisKeys.STRIKES_BY_KIND.get(rule.kind()), client), RedisKeys.box(client)};
        String member = Long.toHexString(ThreadLocalRandom.current().nextLong());
        long millis = rule.duration().toMillis();
        return watched(commands()
            .thenCompose(redis -> redis.<Long>eval(RedisScripts.STRIKE, ScriptOutputType.INTEGER, keys,
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
        return watched(commands().thenCompose(redis -> RedisBoxScan.boxed(redis, connector.resources().eventExecutorGroup())));
    }

    @Override
    public CompletableFuture<Boolean> release(String client) {
        String[] keys = {RedisKeys.box(client), RedisKeys.strikes(RedisKeys.STRIKES, client),
            RedisKeys.strikes(RedisKeys.AUTH_STRIKES, client)};
        return watched(commands().thenCompose(redis -> redis.<Long>eval(RedisScripts.RELEASE, ScriptOutputType.INTEGER, keys,
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
        String[] keys = {RedisKeys.rate(counter, client)};
        return watched(commands().thenCompose(redis -> redis.<Long>eval(RedisScripts.COUNT, ScriptOutputType.INTEGER, keys,
            String.valueOf(millis))));
    }

    /** The URI, its password masked: what logs and the status route show. */
    @Override
    public String name() {
        return target.name;
    }

    @Override
    public void close() {
        feed.close();
        connector.shutdown();
    }
}
