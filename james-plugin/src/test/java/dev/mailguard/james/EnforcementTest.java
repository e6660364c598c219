package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.audit.InspectionCounters;
import dev.mailguard.core.smtp.RefusalReason;
import dev.mailguard.core.policy.ClientPolicies;
import dev.mailguard.core.policy.ClientPolicy;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.penalty.MemoryPenaltyStore;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.inspect.SessionState;
import dev.mailguard.core.smtp.SmtpReply;
import dev.mailguard.core.config.TestSettings;

/** What is enforced, written and counted for a refusal, by dryRun and alert. */
class EnforcementTest {
    private static final Endpoints ENDPOINTS = new Endpoints(new InetSocketAddress("192.0.2.1", 1), new InetSocketAddress("192.0.2.25", 25));
    private static final SmtpReply UNKNOWN = SmtpReply.commandUnknown("EXPN");

    @Test
    void aNoteIsRecordedAndNothingRefused() throws Exception {
        RecordingCounters counters = new RecordingCounters();
        Enforcement enforcement = enforcement(TestSettings.of("dryRun=true"), counters);

        assertThat(enforcement.apply(Decision.note(AuditRecord::dataBareLf), session(enforcement), () -> ENDPOINTS)).isFalse();
        assertThat(counters.events).containsExactly("record 108004");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
            Arguments.of("defaults, recorded rule", "", true, true, List.of("record 108004", "refused command-unknown")),
            Arguments.of("alert off, recorded rule", "alert=false", true, true, List.of("refused command-unknown")),
            Arguments.of("dry run, recorded rule", "dryRun=true", true, false, List.of("record 108005")),
            Arguments.of("dry run, alert off: 108005 is an alert too", "dryRun=true alert=false", true, false, List.of()),
            Arguments.of("defaults, rule without record", "", false, true, List.of("refused command-unknown")),
            Arguments.of("dry run, rule without record", "dryRun=true", false, false, List.of("record 108005")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void enforcesRecordsAndCounts(String name, String settings, boolean recorded, boolean enforced, List<String> counted)
            throws Exception {
        RecordingCounters counters = new RecordingCounters();
        Enforcement enforcement = enforcement(TestSettings.of(settings), counters);
        Decision refusal = Decision.refuse(UNKNOWN, recorded ? endpoints -> AuditRecord.droppedCommand(endpoints, "EXPN") : null);

        boolean result = enforcement.apply(refusal, session(enforcement), () -> ENDPOINTS);

        assertThat(result).isEqualTo(enforced);
        assertThat(counters.events).isEqualTo(counted);
    }

    @Test
    void aSessionThatChangesPolicyLeavesOnePolicysCountersForTheOther() throws Exception {
        RecordingCounters first = new RecordingCounters();
        RecordingCounters second = new RecordingCounters();
        ClientPolicy policy = ClientPolicies.of(MailGuardConfig.defaults()).defaultPolicy();
        Enforcement before = new Enforcement(policy, InspectionCounters.NONE, first);
        Enforcement after = new Enforcement(policy, InspectionCounters.NONE, second);

        before.sessionMovesTo(after);
        after.sessionMovesTo(after);

        assertThat(first.events).containsExactly("session ended");
        assertThat(second.events).containsExactly("session started");
    }

    @Test
    void aStrikeGoesToThePenaltyBoxUnlessTheSessionIsExempt() throws Exception {
        RecordingMetricFactory metrics = new RecordingMetricFactory();
        PenaltyBoxSettings oneStrike = new PenaltyBoxSettings(1, Duration.ofMinutes(10), Duration.ofMinutes(30), "memory", 10);
        MemoryPenaltyStore store = new MemoryPenaltyStore(10, Clock.systemUTC());
        PenaltyBox shared = new PenaltyBox(oneStrike, store, metrics, Clock.systemUTC());
        ListenerPenaltyBox box = new ListenerPenaltyBox(shared, oneStrike);
        Decision violation = Decision.refuseAndClose(UNKNOWN, null).strike();
        Enforcement strict = new Enforcement(ClientPolicies.of(MailGuardConfig.defaults()).defaultPolicy(),
            InspectionCounters.NONE, InspectionCounters.NONE, box);
        Enforcement exempt = new Enforcement(ClientPolicies.of(TestSettings.of("penaltyBoxExempt=true")).defaultPolicy(),
            InspectionCounters.NONE, InspectionCounters.NONE, box);
        SessionState authenticated = session(strict);
        authenticated.authenticate(java.util.Optional.empty());

        exempt.apply(violation, session(exempt), () -> ENDPOINTS);
        strict.apply(violation, authenticated, () -> ENDPOINTS);
        strict.apply(Decision.refuseAndClose(UNKNOWN, null), session(strict), () -> ENDPOINTS);
        assertThat(store.isBoxed("192.0.2.1").join()).isFalse();

        strict.apply(violation, session(strict), () -> ENDPOINTS);
        assertThat(store.isBoxed("192.0.2.1").join()).isTrue();
        assertThat(metrics.countFor("mailguard.penalty.strikes")).isEqualTo(1);
        assertThat(metrics.countFor("mailguard.penalty.boxed")).isEqualTo(1);
        assertThat(shared.atConnect(java.net.InetAddress.getByName("192.0.2.1"))).isPresent();
        assertThat(shared.atConnect(java.net.InetAddress.getByName("192.0.2.2"))).isEmpty();
    }

    @Test
    void failedAuthExchangesBoxAtTheirOwnThresholdAndCloseTheClientsOpenSessions() throws Exception {
        RecordingMetricFactory metrics = new RecordingMetricFactory();
        PenaltyBoxSettings settings = new PenaltyBoxSettings(1, 2, Duration.ofMinutes(10), Duration.ofMinutes(30), "memory", 10,
            Duration.ofMinutes(1));
        MemoryPenaltyStore store = new MemoryPenaltyStore(10, Clock.systemUTC());
        PenaltyBox shared = new PenaltyBox(settings, store, metrics, Clock.systemUTC());
        ListenerPenaltyBox box = new ListenerPenaltyBox(shared, settings);
        Enforcement enforcement = new Enforcement(ClientPolicies.of(MailGuardConfig.defaults()).defaultPolicy(),
            InspectionCounters.NONE, InspectionCounters.NONE, box);
        Decision failure = Decision.note(null).authStrike();
        java.net.InetSocketAddress client = new java.net.InetSocketAddress("192.0.2.1", 40000);
        SessionState opened = session(enforcement);

        enforcement.apply(failure, session(enforcement), () -> ENDPOINTS);
        assertThat(store.isBoxed("192.0.2.1").join()).as("one auth strike of two").isFalse();
        assertThat(shared.inOpenSession(() -> client, opened.startedNanos())).isEmpty();
        enforcement.apply(failure, session(enforcement), () -> ENDPOINTS);

        assertThat(store.isBoxed("192.0.2.1").join()).isTrue();
        assertThat(metrics.countFor("mailguard.penalty.auth.strikes")).isEqualTo(2);
        assertThat(metrics.countFor("mailguard.penalty.strikes")).isZero();
        assertThat(shared.inOpenSession(() -> client, opened.startedNanos())).hasValueSatisfying(refusal -> {
            assertThat(refusal.reply().toString()).isEqualTo("421 4.7.0 Too many protocol violations, try again later");
            assertThat(refusal.closesConnection()).isTrue();
        });
        assertThat(shared.inOpenSession(() -> new java.net.InetSocketAddress("192.0.2.2", 40000), opened.startedNanos())).isEmpty();
        assertThat(shared.inOpenSession(() -> client, session(enforcement).startedNanos()))
            .as("a session opened after the box was let in by the store, which knows of releases").isEmpty();
    }

    private static SessionState session(Enforcement enforcement) {
        return new SessionState(enforcement.policy(), false);
    }

    private static Enforcement enforcement(MailGuardConfig config, InspectionCounters counters) {
        return new Enforcement(ClientPolicies.of(config).defaultPolicy(), counters, InspectionCounters.NONE);
    }

    private static final class RecordingCounters implements InspectionCounters {
        final List<String> events = new ArrayList<>();

        @Override
        public void sessionStarted() {
            events.add("session started");
        }

        @Override
        public void sessionEnded() {
            events.add("session ended");
        }

        @Override
        public void commandInspected(boolean allowed) {
            events.add(allowed ? "allowed" : "rejected");
        }

        @Override
        public void refused(RefusalReason reason) {
            events.add("refused " + reason.key());
        }

        @Override
        public void recordWritten(int id) {
            events.add("record " + id);
        }

        @Override
        public void authFailed() {
            events.add("auth failed");
        }

        @Override
        public void messageRuleMatched(String rule) {
            events.add("message rule " + rule);
        }
    }
}
