package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.convert.DefaultListDelimiterHandler;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.mailguard.core.config.MailGuardConfigTest;
import dev.mailguard.core.penalty.Penalty;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.penalty.StrikeRule;

/**
 * The Redis store on a Redis Cluster of three masters with a password, configured as James
 * configures its own Redis ({@code <store>redis</store>} and a redis.properties with
 * {@code cluster.enabled=true}): strikes from many clients spread over every master, each script in
 * its client's slot; two stores (two nodes) share the box through the events every node of a Cluster
 * relays; a store started later loads the boxes of every master; a lost master lets everyone in,
 * without waiting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterTest {
    private static final String PASSWORD = "Pw-of-cluster-6d0e";
    private static final int CLIENTS = 300;
    private static final StrikeRule BOX_AT_ONCE = new StrikeRule(StrikeRule.VIOLATIONS, 1, Duration.ofMinutes(10),
        Duration.ofMinutes(10));

    private RedisProcesses redis;
    private final List<RedisProcesses.Node> masters = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        redis = new RedisProcesses();
        masters.addAll(redis.cluster(3, PASSWORD));
    }

    private String cli(RedisProcesses.Node node, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("-p", String.valueOf(node.port), "--no-auth-warning", "-a", PASSWORD));
        args.addAll(List.of(command));
        return redis.cli(args.toArray(String[]::new));
    }

    @AfterAll
    void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    /** A node's store: {@code <store>redis</store>}, and redis.properties as James's PropertiesProvider reads it. */
    private RedisPenaltyStore node() throws ConfigurationException {
        PropertiesConfiguration properties = new PropertiesConfiguration();
        properties.setListDelimiterHandler(new DefaultListDelimiterHandler(','));
        properties.addProperty(RedisTarget.URL, "redis://:" + PASSWORD + "@127.0.0.1:" + masters.get(0).port
            + ",redis://:" + PASSWORD + "@127.0.0.1:" + masters.get(1).port);
        properties.addProperty(RedisTarget.CLUSTER, "true");
        PenaltyBoxSettings settings = PenaltyBoxSettings.from(MailGuardConfigTest.handler(
            "<penaltyBox><store>redis</store></penaltyBox>")).orElseThrow();
        RedisTarget target = RedisTarget.of(settings, () -> properties);
        assertThat(target.toString()).doesNotContain(PASSWORD).endsWith("(cluster)");
        return RedisPenaltyStore.open(target);
    }

    private static String client(int i) {
        return "10.9." + (i / 250) + "." + (i % 250 + 1);
    }

    @Test
    @Order(1)
    void clientsSpreadOverTheMastersAndTwoNodesShareTheBox() throws Exception {
        try (RedisPenaltyStore nodeA = node(); RedisPenaltyStore nodeB = node()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> nodeA.answersFromCopy() && nodeB.answersFromCopy());
            List<CompletableFuture<Boolean>> strikes = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                strikes.add(nodeA.strike(client(i), BOX_AT_ONCE));
            }
            for (CompletableFuture<Boolean> strike : strikes) {
                assertThat(strike.get(10, TimeUnit.SECONDS)).isTrue();
            }
            for (RedisProcesses.Node master : masters) {
                assertThat(Long.parseLong(cli(master, "DBSIZE").trim())).as("box keys on master %d", master.port)
                    .isGreaterThan(CLIENTS / 10);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> allBoxed(nodeB, true));
            assertThat(nodeB.answersFromCopy()).as("B heard every box, whichever master published it").isTrue();

            try (RedisPenaltyStore later = node()) {
                await().atMost(Duration.ofSeconds(15)).until(later::answersFromCopy);
                assertThat(allBoxed(later, true)).as("a node started later loads the boxes of every master").isTrue();
                List<String> listed = later.boxed().get(10, TimeUnit.SECONDS).stream().map(Penalty::client)
                    .collect(Collectors.toList());
                assertThat(listed).hasSize(CLIENTS).contains(client(0), client(CLIENTS - 1));
            }

            for (int i = 0; i < CLIENTS; i++) {
                assertThat(nodeB.release(client(i)).get(10, TimeUnit.SECONDS)).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> allBoxed(nodeA, false));
        }
    }

    private static boolean allBoxed(RedisPenaltyStore store, boolean boxed) throws Exception {
        for (int i = 0; i < CLIENTS; i++) {
            if (store.isBoxed(client(i)).get(5, TimeUnit.SECONDS) != boxed) {
                return false;
            }
        }
        return true;
    }

    /** Runs last: the Cluster stays down without the master (no replica to promote). */
    @Test
    @Order(2)
    void aLostMasterLetsEveryoneInWithoutWaiting() throws Exception {
        try (RedisPenaltyStore nodeA = node()) {
            await().atMost(Duration.ofSeconds(15)).until(nodeA::answersFromCopy);
            masters.get(2).kill();
            StoreHealth health = new StoreHealth(nodeA, new RecordingMetricFactory().generate("failures"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
                long asked = System.nanoTime();
                Optional<Boolean> answer = health.answered(nodeA.strike(client(CLIENTS + 1), BOX_AT_ONCE));
                assertThat(Duration.ofNanos(System.nanoTime() - asked))
                    .isLessThan(Duration.ofMillis(StoreHealth.STORE_WAIT_MILLIS + 30));
                health.answered(nodeA.isBoxed(client(CLIENTS + 2)));
                return answer.isEmpty() && !health.answers();
            });
        }
    }
}
