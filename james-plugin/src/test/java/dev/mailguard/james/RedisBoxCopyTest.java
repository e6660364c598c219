package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.apache.james.metrics.tests.RecordingMetricFactory;

import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.config.RateLimit;
import dev.mailguard.core.penalty.StrikeRule;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Each node's copy of the boxed clients ({@link BoxedClients} through {@link RedisBoxFeed}): two
 * {@link RedisPenaltyStore}s as two James nodes on one real redis-server. That a lookup makes no round
 * trip is read from Redis's own command counts ({@code INFO commandstats}).
 */
class RedisBoxCopyTest {
    private static final Duration LONG = Duration.ofMinutes(10);
    private static final StrikeRule BOX_AT_ONCE = new StrikeRule(StrikeRule.VIOLATIONS, 1, LONG, LONG);

    private static RedisServerFixture redis;
    private RedisPenaltyStore nodeA;
    private RedisPenaltyStore nodeB;
    private RedisClient adminClient;
    private RedisCommands<String, String> admin;

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        if (redis == null) {
            redis = RedisServerFixture.start();
        }
        redis.ensureRunning();
        nodeA = RedisPenaltyStore.connect(redis.uri());
        nodeB = RedisPenaltyStore.connect(redis.uri());
        adminClient = RedisClient.create(redis.uri());
        admin = adminClient.connect().sync();
        awaitCopyLoaded(nodeA);
        awaitCopyLoaded(nodeB);
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
        adminClient.shutdown();
    }

    private static void awaitCopyLoaded(RedisPenaltyStore node) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(node::answersFromCopy);
    }

    private static boolean answer(CompletableFuture<Boolean> call) throws Exception {
        return call.get(2, TimeUnit.SECONDS);
    }

    /** An answer the store had before it was asked: from the copy, no round trip. */
    private static boolean fromCopy(CompletableFuture<Boolean> call) {
        assertThat(call).as("answered without waiting").isDone();
        return call.join();
    }

    /** Calls of each command Redis has run, but INFO (the way of asking). */
    private Map<String, Long> commandCalls() {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : admin.info("commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:")) {
                int colon = line.indexOf(':');
                String counts = line.substring(colon + 1);
                calls.put(line.substring(0, colon), Long.parseLong(counts.substring("calls=".length(), counts.indexOf(','))));
            }
        }
        return calls;
    }

    @Test
    void aClientBoxedThroughOneNodeIsRefusedByTheOtherWithoutARoundTrip() throws Exception {
        assertThat(answer(nodeA.strike("198.51.100.1", BOX_AT_ONCE))).isTrue();
        assertThat(fromCopy(nodeA.isBoxed("198.51.100.1"))).as("the node that boxes knows at once").isTrue();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
            .until(() -> fromCopy(nodeB.isBoxed("198.51.100.1")));

        Map<String, Long> before = commandCalls();
        for (int connection = 0; connection < 1_000; connection++) {
            assertThat(fromCopy(nodeB.isBoxed("198.51.100.1"))).isTrue();
            assertThat(fromCopy(nodeB.isBoxed("198.51.100.2"))).isFalse();
            assertThat(fromCopy(nodeA.isBoxed("2001:db8:5::/64"))).isFalse();
        }
        assertThat(commandCalls()).as("3000 lookups, no command").isEqualTo(before);
    }

    @Test
    void aReleaseThroughOneNodeLetsTheClientInOnTheOther() throws Exception {
        assertThat(answer(nodeA.strike("198.51.100.10", BOX_AT_ONCE))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> fromCopy(nodeB.isBoxed("198.51.100.10")));

        assertThat(answer(nodeB.release("198.51.100.10"))).isTrue();
        assertThat(fromCopy(nodeB.isBoxed("198.51.100.10"))).as("the node that releases knows at once").isFalse();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
            .until(() -> !fromCopy(nodeA.isBoxed("198.51.100.10")));
        assertThat(answer(nodeA.strike("198.51.100.10", BOX_AT_ONCE))).as("boxed again after the release").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> fromCopy(nodeB.isBoxed("198.51.100.10")));
    }

    @Test
    void eachCopyLetsTheClientInWhenItsBoxExpiresInRedis() throws Exception {
        StrikeRule briefly = new StrikeRule(StrikeRule.VIOLATIONS, 1, LONG, Duration.ofMillis(1_500));
        long boxedAt = System.nanoTime();
        assertThat(answer(nodeA.strike("198.51.100.20", briefly))).isTrue();
        await().atMost(Duration.ofSeconds(1)).until(() -> fromCopy(nodeB.isBoxed("198.51.100.20")));

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
            .until(() -> !fromCopy(nodeB.isBoxed("198.51.100.20")));
        long letInAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - boxedAt);
        assertThat(fromCopy(nodeA.isBoxed("198.51.100.20"))).isFalse();
        assertThat(letInAfter).as("let in when the box key expires, without a release").isBetween(1_500L, 2_500L);
        assertThat(admin.exists(RedisKeys.box("198.51.100.20"))).as("Redis agrees").isZero();
    }

    @Test
    void aReconnectReloadsTheBoxesWithTheirExpiry() throws Exception {
        // boxed behind the nodes' back: no event, only a reload can find it
        admin.psetex(RedisKeys.box("198.51.100.30"), 2_000, "3");
        assertThat(fromCopy(nodeB.isBoxed("198.51.100.30"))).as("no event, not known yet").isFalse();

        admin.clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
            .until(() -> nodeB.answersFromCopy() && fromCopy(nodeB.isBoxed("198.51.100.30")));
        awaitCopyLoaded(nodeA);
        assertThat(fromCopy(nodeA.isBoxed("198.51.100.30"))).isTrue();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
            .until(() -> !fromCopy(nodeB.isBoxed("198.51.100.30")));
        assertThat(admin.exists(RedisKeys.box("198.51.100.30"))).as("expired with its key").isZero();
    }

    @Test
    void aRedisRestartedEmptyLeavesNoStaleBoxAfterTheReload() throws Exception {
        assertThat(answer(nodeA.strike("198.51.100.40", BOX_AT_ONCE))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> fromCopy(nodeB.isBoxed("198.51.100.40")));

        redis.restart();

        awaitCopyLoaded(nodeA);
        awaitCopyLoaded(nodeB);
        assertThat(fromCopy(nodeA.isBoxed("198.51.100.40"))).as("Redis lost the box").isFalse();
        assertThat(fromCopy(nodeB.isBoxed("198.51.100.40"))).isFalse();
        assertThat(answer(nodeB.strike("198.51.100.41", BOX_AT_ONCE))).as("events flow again").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> fromCopy(nodeA.isBoxed("198.51.100.41")));
    }

    @Test
    void withRedisDownTheCopyDoesNotAnswerAndEveryoneIsLetIn() throws Exception {
        assertThat(answer(nodeA.strike("198.51.100.50", BOX_AT_ONCE))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> fromCopy(nodeB.isBoxed("198.51.100.50")));

        redis.stop();
        try {
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).until(() -> !nodeB.answersFromCopy());
            long start = System.nanoTime();
            CompletableFuture<Boolean> lookup = nodeB.isBoxed("198.51.100.50");
            assertThat(lookup).as("fails, which PenaltyBox takes as not boxed")
                .failsWithin(Duration.ofMillis(StoreHealth.STORE_WAIT_MILLIS));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(StoreHealth.STORE_WAIT_MILLIS));
        } finally {
            redis.restart();
        }
        awaitCopyLoaded(nodeB);
        assertThat(fromCopy(nodeB.isBoxed("198.51.100.50"))).isFalse();
    }

    /**
     * Redis that takes connections but answers nothing (CLIENT PAUSE): a connection count comes too late,
     * and from then on the copy waits for Redis too, so that the penalty box fails open, says so once,
     * and does not take the copy's answers for Redis's.
     */
    @Test
    void aCallTooLateStopsTheCopyUntilRedisAnswersAgain() throws Exception {
        PenaltyBoxSettings settings = new PenaltyBoxSettings(1, LONG, LONG, redis.uri(), 10);
        PenaltyBox box = new PenaltyBox(settings, nodeB, new RecordingMetricFactory(), Clock.systemUTC());
        InetAddress boxed = InetAddress.getByName("198.51.100.70");
        assertThat(answer(nodeA.strike("198.51.100.70", BOX_AT_ONCE))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> fromCopy(nodeB.isBoxed("198.51.100.70")));
        assertThat(box.atConnect(boxed)).isPresent();

        admin.clientPause(3_000);
        long start = System.nanoTime();
        assertThat(box.rate(RateLimit.CONNECTION, InetAddress.getByName("198.51.100.71"), 100, LONG)).isEmpty();
        for (int connection = 0; connection < 20; connection++) {
            assertThat(box.atConnect(boxed)).as("let in while Redis does not answer").isEmpty();
            assertThat(box.status().get("healthy")).isEqualTo(false);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_000));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
            .until(() -> box.atConnect(boxed).isPresent() && Boolean.TRUE.equals(box.status().get("healthy")));
        awaitCopyLoaded(nodeB);
    }

    @Test
    void nodesOnAnotherDatabaseHearNothing() throws Exception {
        try (RedisPenaltyStore elsewhere = RedisPenaltyStore.connect(redis.uri() + "/1")) {
            awaitCopyLoaded(elsewhere);
            assertThat(answer(nodeA.strike("198.51.100.60", BOX_AT_ONCE))).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> fromCopy(nodeB.isBoxed("198.51.100.60")));
            assertThat(fromCopy(elsewhere.isBoxed("198.51.100.60"))).isFalse();
            assertThat(answer(elsewhere.release("198.51.100.60"))).isFalse();
            // a later event in database 0 reaches B after anything Redis sent it before
            assertThat(answer(nodeA.strike("198.51.100.61", BOX_AT_ONCE))).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> fromCopy(nodeB.isBoxed("198.51.100.61")));
            assertThat(fromCopy(nodeB.isBoxed("198.51.100.60"))).as("a release in database 1").isTrue();
        }
    }
}
