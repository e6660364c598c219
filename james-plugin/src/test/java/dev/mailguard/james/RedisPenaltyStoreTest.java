package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailguard.core.penalty.Penalty;
import dev.mailguard.core.penalty.StrikeRule;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;

/** {@link RedisPenaltyStore} against a real redis-server; each test strikes clients of its own. */
class RedisPenaltyStoreTest {
    private static final Duration LONG = Duration.ofMinutes(10);
    /** Longer than the store's connect and command timeouts, shorter than a hang. */
    private static final long FAILS_WITHIN_MILLIS = 2_500;

    private static RedisServerFixture redis;
    private RedisPenaltyStore store;
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
        // started here, not in @BeforeAll: Surefire reports a class skipped there as 0 tests, without the reason
        if (redis == null) {
            redis = RedisServerFixture.start();
        }
        store = RedisPenaltyStore.connect(redis.uri());
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (adminClient != null) {
            adminClient.shutdown();
        }
    }

    private static StrikeRule rule(int threshold, Duration window, Duration duration) {
        return new StrikeRule(StrikeRule.VIOLATIONS, threshold, window, duration);
    }

    private static StrikeRule auth(int threshold) {
        return new StrikeRule(StrikeRule.AUTH_FAILURES, threshold, LONG, LONG);
    }

    /** A connection of the test's own, to look at what the store wrote; closed after each test. */
    private RedisCommands<String, String> admin() {
        if (admin == null) {
            adminClient = RedisClient.create(redis.uri());
            admin = adminClient.connect().sync();
        }
        return admin;
    }

    /** Redis's clock, the one the store counts with, in ms since the epoch. */
    private long redisMillis() {
        List<String> time = admin().time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    /** Waits until Redis's clock is at most {@code by} past the start of a bucket of {@code window}; returns that start. */
    private long awaitBucketStart(Duration window, Duration by) {
        long[] start = new long[1];
        await().atMost(window.multipliedBy(2)).pollInterval(Duration.ofMillis(5)).until(() -> {
            long now = redisMillis();
            start[0] = now - Math.floorMod(now, window.toMillis());
            return now - start[0] < by.toMillis();
        });
        return start[0];
    }

    /** Waits until Redis's clock is at least {@code at}. */
    private void awaitRedisMillis(long at) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> redisMillis() >= at);
    }

    /** The keys the store wrote for {@code pattern}, found by SCAN as an administrator would. */
    private List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        KeyScanCursor<String> page = admin().scan(ScanArgs.Builder.matches(pattern).limit(500));
        keys.addAll(page.getKeys());
        while (!page.isFinished()) {
            page = admin().scan(page, ScanArgs.Builder.matches(pattern).limit(500));
            keys.addAll(page.getKeys());
        }
        return keys;
    }

    /**
     * Waits until Redis's own clock, the one the store counts windows with, is {@code age} past the
     * client's newest strike.
     */
    private void awaitNewestStrikeOlderThan(String client, Duration age) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<ScoredValue<String>> newest = admin().zrangeWithScores(RedisKeys.strikes(RedisKeys.STRIKES, client), -1, -1);
            return newest.isEmpty() || redisMillis() - newest.get(0).getScore() > age.toMillis();
        });
    }

    private static <T> T get(CompletableFuture<T> call) throws Exception {
        return call.get(FAILS_WITHIN_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Test
    void theThresholdStrikeWithinTheWindowBoxes() throws Exception {
        StrikeRule rule = rule(3, LONG, LONG);
        assertThat(get(store.strike("192.0.2.1", rule))).isFalse();
        assertThat(get(store.strike("192.0.2.1", rule))).isFalse();
        assertThat(get(store.isBoxed("192.0.2.1"))).isFalse();

        assertThat(get(store.strike("192.0.2.1", rule))).isTrue();
        assertThat(get(store.isBoxed("192.0.2.1"))).isTrue();
        assertThat(get(store.strike("192.0.2.1", rule))).as("only the strike that boxes says so").isFalse();
        assertThat(get(store.isBoxed("192.0.2.2"))).isFalse();
    }

    @Test
    void strikesFurtherApartThanTheWindowDoNotBox() throws Exception {
        StrikeRule rule = rule(3, Duration.ofMillis(300), LONG);
        assertThat(get(store.strike("192.0.2.10", rule))).isFalse();
        assertThat(get(store.strike("192.0.2.10", rule))).isFalse();
        awaitNewestStrikeOlderThan("192.0.2.10", Duration.ofMillis(300));
        assertThat(get(store.strike("192.0.2.10", rule))).as("the first two fell out of the window").isFalse();
        assertThat(get(store.isBoxed("192.0.2.10"))).isFalse();

        // the window slides: with the last strike, two more make three within it
        assertThat(get(store.strike("192.0.2.10", rule))).isFalse();
        assertThat(get(store.strike("192.0.2.10", rule))).isTrue();
    }

    @Test
    void eachStrikeLeavesTheWindowOnItsOwn() throws Exception {
        // each strike within the window of the one before, the first and the third not
        StrikeRule rule = rule(3, Duration.ofMillis(300), LONG);
        assertThat(get(store.strike("192.0.2.11", rule))).isFalse();
        awaitNewestStrikeOlderThan("192.0.2.11", Duration.ofMillis(200));
        assertThat(get(store.strike("192.0.2.11", rule))).isFalse();
        awaitNewestStrikeOlderThan("192.0.2.11", Duration.ofMillis(200));
        assertThat(get(store.strike("192.0.2.11", rule))).isFalse();
        assertThat(get(store.isBoxed("192.0.2.11"))).isFalse();
    }

    @Test
    void theBoxExpiresInRedisAndTakesTheStrikesWithIt() throws Exception {
        StrikeRule rule = rule(2, LONG, Duration.ofMillis(500));
        get(store.strike("192.0.2.20", rule));
        assertThat(get(store.strike("192.0.2.20", rule))).isTrue();
        assertThat(get(store.isBoxed("192.0.2.20"))).isTrue();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
            .until(() -> !get(store.isBoxed("192.0.2.20")));
        assertThat(get(store.boxed())).extracting(Penalty::client).doesNotContain("192.0.2.20");
        assertThat(get(store.strike("192.0.2.20", rule))).as("the strikes that boxed it are gone").isFalse();
    }

    @Test
    void boxedListsTheClientWithItsStrikesAndExpiry() throws Exception {
        StrikeRule rule = rule(3, LONG, Duration.ofMinutes(30));
        String ipv6 = "2001:db8:0:1::/64";
        for (int strike = 0; strike < 3; strike++) {
            get(store.strike(ipv6, rule));
        }
        get(store.strike("192.0.2.31", rule));
        Instant before = Instant.now();

        List<Penalty> boxed = get(store.boxed());

        assertThat(boxed).filteredOn(penalty -> penalty.client().equals(ipv6)).singleElement().satisfies(penalty -> {
            assertThat(penalty.strikes()).isEqualTo(3);
            assertThat(penalty.expires()).isAfter(before.plus(Duration.ofMinutes(29)))
                .isBefore(Instant.now().plus(Duration.ofMinutes(30)).plusSeconds(1));
        });
        assertThat(boxed).extracting(Penalty::client).as("struck once, not boxed").doesNotContain("192.0.2.31");
    }

    @Test
    void releaseUnboxesAndForgetsTheStrikes() throws Exception {
        StrikeRule rule = rule(2, LONG, LONG);
        get(store.strike("192.0.2.40", rule));
        get(store.strike("192.0.2.40", rule));
        assertThat(get(store.release("192.0.2.40"))).isTrue();
        assertThat(get(store.isBoxed("192.0.2.40"))).isFalse();
        assertThat(get(store.boxed())).extracting(Penalty::client).doesNotContain("192.0.2.40");
        assertThat(get(store.release("192.0.2.40"))).as("no longer boxed").isFalse();

        get(store.strike("192.0.2.41", rule));
        assertThat(get(store.release("192.0.2.41"))).as("struck, not boxed").isFalse();
        assertThat(get(store.strike("192.0.2.41", rule))).as("the earlier strike was forgotten").isFalse();
    }

    @Test
    void twoNodesShareStrikesAndBoxes() throws Exception {
        StrikeRule rule = rule(3, LONG, LONG);
        try (RedisPenaltyStore other = RedisPenaltyStore.connect(redis.uri())) {
            assertThat(get(store.strike("192.0.2.50", rule))).isFalse();
            assertThat(get(other.strike("192.0.2.50", rule))).isFalse();
            assertThat(get(store.strike("192.0.2.50", rule))).isTrue();

            awaitBoxed(other, "192.0.2.50", true);
            assertThat(get(other.boxed())).extracting(Penalty::client).contains("192.0.2.50");
            assertThat(get(other.release("192.0.2.50"))).isTrue();
            awaitBoxed(store, "192.0.2.50", false);
        }
    }

    @Test
    void concurrentStrikesFromTwoNodesBoxOnce() throws Exception {
        StrikeRule rule = rule(3, LONG, LONG);
        try (RedisPenaltyStore other = RedisPenaltyStore.connect(redis.uri())) {
            List<CompletableFuture<Boolean>> strikes = new ArrayList<>();
            for (int strike = 0; strike < 40; strike++) {
                strikes.add((strike % 2 == 0 ? store : other).strike("192.0.2.60", rule));
            }
            int boxing = 0;
            for (CompletableFuture<Boolean> strike : strikes) {
                boxing += get(strike) ? 1 : 0;
            }
            assertThat(boxing).isEqualTo(1);
            assertThat(get(store.boxed())).filteredOn(penalty -> penalty.client().equals("192.0.2.60"))
                .singleElement().extracting(Penalty::strikes).isEqualTo(3);
        }
    }

    @Test
    void failsOpenWhileRedisIsDownAndReconnectsByItself() throws Exception {
        StrikeRule rule = rule(2, LONG, LONG);
        get(store.strike("192.0.2.70", rule));
        assertThat(get(store.isBoxed("192.0.2.70"))).isFalse();

        redis.stop();
        try {
            // the copy answers until the store sees the connection drop, at once on loopback
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> store.isBoxed("192.0.2.70").isCompletedExceptionally() || !store.answersFromCopy());
            failsFast(store.isBoxed("192.0.2.70"));
            failsFast(store.strike("192.0.2.70", rule));
            failsFast(store.boxed());
            failsFast(store.release("192.0.2.70"));
            long start = System.nanoTime();
            failsFast(store.count("192.0.2.70", "connection", LONG));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
        } finally {
            redis.restart();
        }

        // the same store, not a new one: Lettuce reconnected (the restarted Redis is empty)
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
            .ignoreExceptions().until(() -> !get(store.isBoxed("192.0.2.70")));
        assertThat(get(store.strike("192.0.2.70", rule))).isFalse();
        assertThat(get(store.strike("192.0.2.70", rule))).isTrue();
        assertThat(get(store.boxed())).extracting(Penalty::client).contains("192.0.2.70");
        assertThat(get(store.release("192.0.2.70"))).isTrue();
        assertThat(get(store.count("192.0.2.70", "connection", LONG))).isEqualTo(1);
    }

    @Test
    void aStoreStartedWhileRedisIsDownConnectsWhenItIsUp() throws Exception {
        redis.stop();
        try (RedisPenaltyStore startedWhileDown = RedisPenaltyStore.connect(redis.uri())) {
            failsFast(startedWhileDown.isBoxed("192.0.2.80"));
            redis.restart();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> !get(startedWhileDown.isBoxed("192.0.2.80")));
            assertThat(get(startedWhileDown.strike("192.0.2.80", rule(1, LONG, LONG)))).isTrue();
        } finally {
            redis.ensureRunning();
        }
    }

    @Test
    void authFailuresBoxAtTheirOwnThresholdInTheOneBox() throws Exception {
        StrikeRule violations = rule(3, LONG, LONG);
        assertThat(get(store.strike("192.0.2.90", violations))).isFalse();
        assertThat(get(store.strike("192.0.2.90", violations))).isFalse();
        assertThat(get(store.strike("192.0.2.90", auth(2)))).isFalse();
        assertThat(admin().exists(RedisKeys.strikes(RedisKeys.AUTH_STRIKES, "192.0.2.90"))).isEqualTo(1);
        assertThat(admin().zcard(RedisKeys.strikes(RedisKeys.STRIKES, "192.0.2.90"))).as("violations keep their key").isEqualTo(2);

        assertThat(get(store.strike("192.0.2.90", auth(2)))).isTrue();
        assertThat(get(store.isBoxed("192.0.2.90"))).isTrue();
        assertThat(get(store.boxed())).filteredOn(penalty -> penalty.client().equals("192.0.2.90"))
            .singleElement().extracting(Penalty::strikes).isEqualTo(2);
        assertThat(get(store.strike("192.0.2.90", violations))).as("not counted while boxed").isFalse();
        assertThat(admin().zcard(RedisKeys.strikes(RedisKeys.STRIKES, "192.0.2.90"))).isEqualTo(2);
    }

    @Test
    void strikesOfTwoKindsNeverAddUp() throws Exception {
        StrikeRule violations = rule(3, LONG, LONG);
        for (int round = 0; round < 2; round++) {
            assertThat(get(store.strike("192.0.2.91", violations))).isFalse();
            assertThat(get(store.strike("192.0.2.91", auth(3)))).isFalse();
        }
        assertThat(get(store.isBoxed("192.0.2.91"))).as("four strikes, two of each kind").isFalse();

        assertThat(get(store.strike("192.0.2.91", auth(3)))).as("the third auth failure").isTrue();
    }

    @Test
    void releaseForgetsTheStrikesOfBothKinds() throws Exception {
        get(store.strike("192.0.2.92", rule(2, LONG, LONG)));
        get(store.strike("192.0.2.92", auth(2)));

        assertThat(get(store.release("192.0.2.92"))).as("struck, not boxed").isFalse();
        assertThat(keys("mailguard:*192.0.2.92*")).isEmpty();
        assertThat(get(store.strike("192.0.2.92", rule(2, LONG, LONG)))).isFalse();
        assertThat(get(store.strike("192.0.2.92", auth(2)))).isFalse();
    }

    @Test
    void countAddsEachEventWithinABucketAndCountersCountApart() throws Exception {
        Duration window = Duration.ofSeconds(1);
        awaitBucketStart(window, Duration.ofMillis(300));
        assertThat(get(store.count("192.0.2.100", "connection", window))).isEqualTo(1);
        assertThat(get(store.count("192.0.2.100", "connection", window))).isEqualTo(2);
        assertThat(get(store.count("192.0.2.100", "message", window))).isEqualTo(1);
        assertThat(get(store.count("192.0.2.101", "connection", window))).isEqualTo(1);
        assertThat(get(store.count("2001:db8:0:1::/64", "connection", window))).isEqualTo(1);
        assertThat(get(store.count("192.0.2.100", "connection", window))).isEqualTo(3);
    }

    @Test
    void theEstimateFallsAsRedisClockMovesThroughTheNextBucket() throws Exception {
        Duration window = Duration.ofSeconds(1);
        long first = awaitBucketStart(window, Duration.ofMillis(300));
        for (int event = 1; event <= 10; event++) {
            assertThat(get(store.count("192.0.2.102", "message", window))).isEqualTo(event);
        }
        long next = first + window.toMillis();

        awaitRedisMillis(next);
        long early = countBetweenRedisTimes("192.0.2.102", next, window, 1);
        awaitRedisMillis(next + 700);
        long late = countBetweenRedisTimes("192.0.2.102", next, window, 2);

        assertThat(late).as("at least 700 ms into the bucket: at most 3 of the 10").isBetween(0L + 2, 3L + 2)
            .isLessThan(early);
    }

    /**
     * One count of {@code message}, the {@code current}th of the bucket starting at {@code bucket},
     * checked against the estimates the 10 events of the previous bucket give at the Redis times just
     * before and just after it.
     */
    private long countBetweenRedisTimes(String client, long bucket, Duration window, long current) throws Exception {
        long w = window.toMillis();
        long before = redisMillis();
        long estimate = get(store.count(client, "message", window));
        long after = redisMillis();
        assertThat(List.of(before - Math.floorMod(before, w), after - Math.floorMod(after, w))).as("within the bucket")
            .containsOnly(bucket);
        assertThat(estimate).isBetween(10 * (w - Math.floorMod(after, w)) / w + current,
            10 * (w - Math.floorMod(before, w)) / w + current);
        return estimate;
    }

    @Test
    void aCounterVanishesTwoWindowsAfterItsLastEvent() throws Exception {
        Duration window = Duration.ofSeconds(1);
        get(store.count("192.0.2.103", "recipient", window));
        long last = redisMillis();
        get(store.count("192.0.2.103", "recipient", window));
        List<String> keys = keys(RedisKeys.rate("recipient", "192.0.2.103") + "*");
        assertThat(keys).singleElement().satisfies(key -> assertThat(admin().pttl(key)).isBetween(1L, 2_000L));

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
            .until(() -> keys(RedisKeys.rate("recipient", "192.0.2.103") + "*").isEmpty());
        assertThat(redisMillis() - last).isGreaterThanOrEqualTo(2 * window.toMillis());
        assertThat(get(store.count("192.0.2.103", "recipient", window))).isEqualTo(1);
    }

    @Test
    void everyKeyTheStoreWritesExpires() throws Exception {
        get(store.strike("192.0.2.104", rule(3, LONG, LONG)));
        get(store.strike("192.0.2.104", auth(3)));
        get(store.strike("192.0.2.105", auth(1)));
        get(store.count("192.0.2.104", "connection", LONG));
        get(store.count("192.0.2.104", "connection", LONG));

        List<String> keys = keys("mailguard:*");
        assertThat(keys).contains(RedisKeys.strikes(RedisKeys.STRIKES, "192.0.2.104"), RedisKeys.strikes(RedisKeys.AUTH_STRIKES, "192.0.2.104"),
            RedisKeys.box("192.0.2.105")).anyMatch(key -> key.startsWith(RedisKeys.rate("connection", "192.0.2.104")));
        for (String key : keys) {
            assertThat(admin().pttl(key)).as("PTTL of %s (-1: no expiry)", key).isNotEqualTo(-1L);
        }
    }

    @Test
    void twoNodesShareAuthBoxesAndCounts() throws Exception {
        Duration window = Duration.ofSeconds(1);
        try (RedisPenaltyStore other = RedisPenaltyStore.connect(redis.uri())) {
            assertThat(get(store.strike("192.0.2.106", auth(2)))).isFalse();
            assertThat(get(other.strike("192.0.2.106", auth(2)))).isTrue();
            awaitBoxed(store, "192.0.2.106", true);

            awaitBucketStart(window, Duration.ofMillis(300));
            List<CompletableFuture<Long>> counts = new ArrayList<>();
            for (int event = 0; event < 40; event++) {
                counts.add((event % 2 == 0 ? store : other).count("192.0.2.106", "connection", window));
            }
            List<Long> answers = new ArrayList<>();
            for (CompletableFuture<Long> count : counts) {
                answers.add(get(count));
            }
            assertThat(answers).as("each event counted once, atomically")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 40).boxed().collect(Collectors.toList()));
            assertThat(get(other.count("192.0.2.106", "connection", window))).isEqualTo(41);
        }
    }

    @Test
    void nameIsTheUriAsConfigured() {
        assertThat(store.name()).isEqualTo(redis.uri());
    }

    /** Waits for a box or release through another node to reach {@code node} (a pub/sub event). */
    static void awaitBoxed(RedisPenaltyStore node, String client, boolean boxed) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
            .until(() -> get(node.isBoxed(client)) == boxed);
    }

    /** Completes exceptionally, without waiting for Redis to come back. */
    private static void failsFast(CompletableFuture<?> call) {
        assertThatThrownBy(() -> call.get(FAILS_WITHIN_MILLIS, TimeUnit.MILLISECONDS))
            .isInstanceOf(ExecutionException.class);
    }
}
