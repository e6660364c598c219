package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.mailguard.core.config.MailGuardConfigTest;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.penalty.StrikeRule;

/**
 * The Redis store on a redis-server that requires a password ({@code requirepass}) and knows an ACL
 * user with only the rights MailGuard needs (reference.md): the right credentials box and release,
 * on two stores as on two nodes; wrong ones stop James at start, the password masked; and the
 * password is in no name, setting or status the store shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisCredentialsTest {
    private static final String PASSWORD = "Pw-of-default-5e3c";
    private static final String ACL_PASSWORD = "Pw-of-acl-user-77b1";
    private static final StrikeRule BOX_AT_ONCE = new StrikeRule(StrikeRule.VIOLATIONS, 1, Duration.ofMinutes(10),
        Duration.ofMinutes(10));

    private RedisProcesses redis;
    private int port;

    @BeforeAll
    void start() throws Exception {
        redis = new RedisProcesses();
        port = RedisProcesses.freePort();
        redis.server(port, "--requirepass", PASSWORD);
        // the rights reference.md gives an ACL user for MailGuard
        redis.cli("-p", String.valueOf(port), "--no-auth-warning", "-a", PASSWORD, "ACL", "SETUSER", "mailguard", "on",
            ">" + ACL_PASSWORD, "~mailguard:*", "&mailguard:*", "+@read", "+@write", "+@scripting", "+@pubsub", "+@connection", "+time");
    }

    @AfterAll
    void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private String uri(String userInfo) {
        return "redis://" + userInfo + "@127.0.0.1:" + port;
    }

    private static PenaltyBoxSettings settings(String store) throws ConfigurationException {
        return PenaltyBoxSettings.from(MailGuardConfigTest.handler("<penaltyBox><store>" + store + "</store></penaltyBox>"))
            .orElseThrow();
    }

    private static RedisPenaltyStore open(String store) throws ConfigurationException {
        return RedisPenaltyStore.open(RedisTarget.of(settings(store), RedisTarget.NO_JAMES));
    }

    @Test
    void thePasswordOfRequirepassBoxesAndReleases() throws Exception {
        assertBoxesAndReleasesOnTwoNodes(uri(":" + PASSWORD), "192.0.2.1");
    }

    @Test
    void anAclUserWithMailGuardsRightsBoxesAndReleases() throws Exception {
        assertBoxesAndReleasesOnTwoNodes(uri("mailguard:" + ACL_PASSWORD), "192.0.2.2");
    }

    private static void assertBoxesAndReleasesOnTwoNodes(String uri, String client) throws Exception {
        try (RedisPenaltyStore nodeA = open(uri); RedisPenaltyStore nodeB = open(uri)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> nodeA.answersFromCopy() && nodeB.answersFromCopy());
            assertThat(nodeA.strike(client, BOX_AT_ONCE).get(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> nodeB.isBoxed(client).get());
            assertThat(nodeB.boxed().get(5, TimeUnit.SECONDS)).anyMatch(penalty -> penalty.client().equals(client));

            assertThat(nodeB.release(client).get(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> !nodeA.isBoxed(client).get());
            assertThat(nodeB.answersFromCopy()).as("the copy kept up: events reached the ACL user").isTrue();
        }
    }

    @Test
    void aWrongPasswordStopsJamesAtStartWithThePasswordMasked() {
        assertRefusedAtStart(uri(":Wrong-pw-1"), "redis://:****@127.0.0.1:" + port, "Wrong-pw-1");
        assertRefusedAtStart(uri("mailguard:Wrong-pw-2"), "redis://mailguard:****@127.0.0.1:" + port, "Wrong-pw-2");
        assertRefusedAtStart("redis://127.0.0.1:" + port, "redis://127.0.0.1:" + port, PASSWORD);
    }

    private static void assertRefusedAtStart(String uri, String shown, String password) {
        PenaltyBoxes boxes = new PenaltyBoxes(new RecordingMetricFactory(), new org.apache.james.metrics.api.NoopGaugeRegistry(), RedisTarget.NO_JAMES);
        try {
            assertThatThrownBy(() -> boxes.open(settings(uri))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("MailGuard: Redis refuses the credentials of the penalty box store '" + shown + "' (")
                .hasMessageContaining("(in <penaltyBox>)").hasMessageNotContaining(password);
            assertThat(boxes.isEmpty()).isTrue();
        } finally {
            boxes.close();
        }
    }

    @Test
    void thePasswordIsInNoNameSettingOrStatus() throws Exception {
        PenaltyBoxes boxes = new PenaltyBoxes(new RecordingMetricFactory(), new org.apache.james.metrics.api.NoopGaugeRegistry(), RedisTarget.NO_JAMES);
        try {
            PenaltyBoxSettings settings = settings(uri("mailguard:" + ACL_PASSWORD));
            ListenerPenaltyBox box = boxes.open(settings);
            assertThat(box).isNotNull();
            String shown = "redis://mailguard:****@127.0.0.1:" + port;
            assertThat(settings.settings()).containsEntry("store", shown);
            assertThat(boxes.status().toString()).contains(shown).doesNotContain(ACL_PASSWORD);
            assertThat(settings.toString()).doesNotContain(ACL_PASSWORD);
            assertThat(boxes.boxed().get(5, TimeUnit.SECONDS).toString()).doesNotContain(ACL_PASSWORD);
        } finally {
            boxes.close();
        }
    }
}
