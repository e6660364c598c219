package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailguard.core.penalty.StrikeRule;

/**
 * The Redis store on a Sentinel group (a master and a replica, both with a password, and three
 * sentinels, on loopback): boxing works through the master the sentinels name; when the master is
 * killed, every connection is let in without waiting more than the store's 50 ms, a good client is
 * never refused, and once the sentinels have promoted the replica, boxing resumes on it with no
 * restart, and the boxes made before the failover are still there.
 */
class RedisSentinelTest {
    private static final String PASSWORD = "Pw-of-the-group-3a9d";
    private static final String MASTER = "mailguard-master";
    private static final StrikeRule BOX_AT_ONCE = new StrikeRule(StrikeRule.VIOLATIONS, 1, Duration.ofMinutes(10),
        Duration.ofMinutes(10));

    private RedisProcesses redis;
    private RedisProcesses.SentinelGroup group;

    @BeforeEach
    void start() throws Exception {
        redis = new RedisProcesses();
        group = redis.sentinelGroup(MASTER, PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        redis.close();
    }

    @Test
    void boxingFollowsTheFailoverAndNoGoodClientIsRefusedMeanwhile() throws Exception {
        try (RedisPenaltyStore nodeA = RedisPenaltyStore.open(RedisTarget.of(group.uri(PASSWORD)));
                RedisPenaltyStore nodeB = RedisPenaltyStore.open(RedisTarget.of(group.uri(PASSWORD)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> nodeA.answersFromCopy() && nodeB.answersFromCopy());
            assertThat(nodeA.strike("192.0.2.41", BOX_AT_ONCE).get(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> nodeB.isBoxed("192.0.2.41").get());
            // the box is on the replica too before the master dies (replication is asynchronous)
            redis.cli("-p", String.valueOf(group.master.port), "--no-auth-warning", "-a", PASSWORD, "WAIT", "1", "5000");

            StoreHealth health = new StoreHealth(nodeA, new RecordingMetricFactory().generate("failures"));
            AtomicLong slowestNanos = new AtomicLong();
            long killed = System.nanoTime();
            group.master.kill();
            // a connection every 20 ms, as a greeting would ask, until the sentinels name the replica
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                long asked = System.nanoTime();
                Optional<Boolean> answer = health.answered(nodeA.isBoxed("192.0.2.42"));
                slowestNanos.accumulateAndGet(System.nanoTime() - asked, Math::max);
                assertThat(answer).as("a good client is never refused").isNotEqualTo(Optional.of(true));
                return group.replicaPromoted();
            });
            long promoted = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> nodeA.strike("192.0.2.43", BOX_AT_ONCE).get(2, TimeUnit.SECONDS));
            long resumed = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> nodeB.answersFromCopy() && nodeB.isBoxed("192.0.2.43").get());
            assertThat(nodeB.isBoxed("192.0.2.41").get()).as("boxed before the failover, still boxed").isTrue();
            assertThat(nodeB.release("192.0.2.43").get(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> nodeA.answersFromCopy() && !nodeA.isBoxed("192.0.2.43").get());

            assertThat(Duration.ofNanos(slowestNanos.get())).as("longest wait of a connection for the store")
                .isLessThan(Duration.ofMillis(StoreHealth.STORE_WAIT_MILLIS + 30));
            System.out.printf("Sentinel failover: promoted %d ms after the kill, boxing resumed %d ms after the kill;"
                + " longest wait of a connection %.1f ms%n", (promoted - killed) / 1_000_000, (resumed - killed) / 1_000_000,
                slowestNanos.get() / 1e6);
        }
    }
}
