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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailguard.core.Penalty;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import dev.mailguard.core.PenaltyBoxSettings;

/** {@link RedisPenaltyStore} against a real redis-server; each test strikes clients of its own. */
class RedisPenaltyStoreTest {
    private static final Duration LONG = Duration.ofMinutes(10);
    /** Longer than the store's connect and command timeouts, shorter than a hang. */
    private static final long FAILS_WITHIN_MILLIS = 2_500;

    private static RedisServerFixture redis;
    private RedisPenaltyStore store;

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
    }

    private static PenaltyBoxSettings rule(int threshold, Duration window, Duration duration) {
        return new PenaltyBoxSettings(threshold, window, duration, "redis://test", 1);
    }

    /**
     * Waits until Redis's own clock, the one the store counts windows with, is {@code age} past the
     * client's newest strike.
     */
    private static void awaitNewestStrikeOlderThan(String client, Duration age) {
        RedisClient lettuce = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = lettuce.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
                List<String> time = commands.time();
                long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
                List<ScoredValue<String>> newest = commands.zrangeWithScores(RedisPenaltyStore.STRIKES + client, -1, -1);
                return newest.isEmpty() || now - newest.get(0).getScore() > age.toMillis();
            });
        } finally {
            lettuce.shutdown();
        }
    }

    private static <T> T get(CompletableFuture<T> call) throws Exception {
        return call.get(FAILS_WITHIN_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Test
    void theThresholdStrikeWithinTheWindowBoxes() throws Exception {
        PenaltyBoxSettings rule = rule(3, LONG, LONG);
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
        PenaltyBoxSettings rule = rule(3, Duration.ofMillis(300), LONG);
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
        PenaltyBoxSettings rule = rule(3, Duration.ofMillis(300), LONG);
        assertThat(get(store.strike("192.0.2.11", rule))).isFalse();
        awaitNewestStrikeOlderThan("192.0.2.11", Duration.ofMillis(200));
        assertThat(get(store.strike("192.0.2.11", rule))).isFalse();
        awaitNewestStrikeOlderThan("192.0.2.11", Duration.ofMillis(200));
        assertThat(get(store.strike("192.0.2.11", rule))).isFalse();
        assertThat(get(store.isBoxed("192.0.2.11"))).isFalse();
    }

    @Test
    void theBoxExpiresInRedisAndTakesTheStrikesWithIt() throws Exception {
        PenaltyBoxSettings rule = rule(2, LONG, Duration.ofMillis(500));
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
        PenaltyBoxSettings rule = rule(3, LONG, Duration.ofMinutes(30));
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
        PenaltyBoxSettings rule = rule(2, LONG, LONG);
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
        PenaltyBoxSettings rule = rule(3, LONG, LONG);
        try (RedisPenaltyStore other = RedisPenaltyStore.connect(redis.uri())) {
            assertThat(get(store.strike("192.0.2.50", rule))).isFalse();
            assertThat(get(other.strike("192.0.2.50", rule))).isFalse();
            assertThat(get(store.strike("192.0.2.50", rule))).isTrue();

            assertThat(get(other.isBoxed("192.0.2.50"))).isTrue();
            assertThat(get(other.boxed())).extracting(Penalty::client).contains("192.0.2.50");
            assertThat(get(other.release("192.0.2.50"))).isTrue();
            assertThat(get(store.isBoxed("192.0.2.50"))).isFalse();
        }
    }

    @Test
    void concurrentStrikesFromTwoNodesBoxOnce() throws Exception {
        PenaltyBoxSettings rule = rule(3, LONG, LONG);
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
        PenaltyBoxSettings rule = rule(2, LONG, LONG);
        get(store.strike("192.0.2.70", rule));
        assertThat(get(store.isBoxed("192.0.2.70"))).isFalse();

        redis.stop();
        try {
            failsFast(store.isBoxed("192.0.2.70"));
            failsFast(store.strike("192.0.2.70", rule));
            failsFast(store.boxed());
            failsFast(store.release("192.0.2.70"));
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
    void nameIsTheUriAsConfigured() {
        assertThat(store.name()).isEqualTo(redis.uri());
    }

    /** Completes exceptionally, without waiting for Redis to come back. */
    private static void failsFast(CompletableFuture<?> call) {
        assertThatThrownBy(() -> call.get(FAILS_WITHIN_MILLIS, TimeUnit.MILLISECONDS))
            .isInstanceOf(ExecutionException.class);
    }
}
