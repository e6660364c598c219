package dev.mailguard.core.inspect;

import static dev.mailguard.core.inspect.CommandPolicyTest.facts;
import static dev.mailguard.core.inspect.CommandPolicyTest.line;
import static dev.mailguard.core.inspect.CommandPolicyTest.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.smtp.SmtpReply;

/** docs/reference.md, "Line discipline" on command lines, and the unknown-command limit of "Commands and the allowlist". */
class CommandPolicyLineDisciplineTest {
    private static final CommandPolicy DEFAULTS = policy("");
    private static final SessionFacts NEW_SESSION = CommandPolicyTest.NEW_SESSION;
    private static final Endpoints ENDPOINTS = new Endpoints(
        new InetSocketAddress("192.0.2.1", 40000), new InetSocketAddress("192.0.2.25", 25));
    private static final String DROPPED = "%MAILGUARD-4-108004: ESMTP Classification: Dropped ESMTP Request from "
        + "192.0.2.1/40000 to 192.0.2.25/25; matched ";

    private static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String record(CommandOutcome outcome) {
        return outcome.auditRecord(ENDPOINTS).orElseThrow().toCiscoLine();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"NOOP\n", "NOOP", "NOOP\rRSET\r\n", "NOOP\r\r\n", "\rNOOP\r\n", "MAIL FROM:<a\rb@example.org>\r\n", "\n"})
    void lineNotTerminatedByCrlfIsRefusedAndRecorded(String text) {
        CommandOutcome outcome = DEFAULTS.inspect(raw(text), NEW_SESSION);

        assertThat(outcome.passes()).isFalse();
        assertThat(outcome.reply().toString()).isEqualTo("500 5.5.2 Syntax error, command not terminated with CRLF");
        assertThat(outcome.closesConnection()).isFalse();
        assertThat(record(outcome)).isEqualTo(DROPPED + "cmd line not terminated with CRLF");
    }

    @ParameterizedTest(name = "{0} octets with CRLF, limit {1}")
    @CsvSource({"512, 512, true", "513, 512, false", "8192, 512, false", "100, 100, true", "101, 100, false",
        "8192, 8192, true"})
    void lineLengthCountsCrlf(int octets, int limit, boolean passes) {
        byte[] line = line("NOOP " + "x".repeat(octets - "NOOP \r\n".length()));
        assertThat(line).hasSize(octets);

        CommandOutcome outcome = policy("<maxCommandLineLength>" + limit + "</maxCommandLineLength>").inspect(line, NEW_SESSION);

        assertThat(outcome.passes()).isEqualTo(passes);
        if (!passes) {
            assertThat(outcome.reply().toString()).isEqualTo("500 5.5.2 Line too long");
            assertThat(outcome.closesConnection()).isFalse();
            assertThat(record(outcome)).isEqualTo(DROPPED + "cmd line length gt " + limit);
        }
    }

    @Test
    void overLongLineIsJudgedBeforeItsVerb() {
        CommandOutcome outcome = DEFAULTS.inspect(line("VRFY " + "x".repeat(600)), NEW_SESSION);

        assertThat(outcome.reply()).isEqualTo(SmtpReply.LINE_TOO_LONG);
        assertThat(outcome.unrecognized()).as("not counted as an unknown command").isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"EXPN root", "XYZZY", "FOO", "", "STARTTLS x"})
    void unknownDeniedAndEmptyCommandsAreCounted(String command) {
        CommandOutcome outcome = policy("<mode>smtp</mode>").inspect(line(command), facts(Set.of(), 0, 19, false));

        assertThat(outcome.reply().code()).isEqualTo("500");
        assertThat(outcome.unrecognized()).isTrue();
        assertThat(outcome.closesConnection()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"EXPN root", "XYZZY", ""})
    void oneUnknownCommandTooManyClosesTheSession(String command) {
        CommandOutcome outcome = policy("<mode>smtp</mode>").inspect(line(command), facts(Set.of(), 0, 20, false));

        assertThat(outcome.reply().toString()).isEqualTo("421 4.7.0 Too many unrecognized commands, closing connection");
        assertThat(outcome.closesConnection()).isTrue();
        assertThat(record(outcome)).isEqualTo(DROPPED + "unknown cmd count gt 20");
    }

    @Test
    void knownCommandsStillWorkAtTheLimit() {
        CommandOutcome outcome = DEFAULTS.inspect(line("NOOP"), facts(Set.of(), 0, 20, false));

        assertThat(outcome.passes()).isTrue();
        assertThat(outcome.unrecognized()).isFalse();
    }

    @Test
    void limitIsConfigurable() {
        CommandPolicy policy = policy("<maxUnknownCommands>2</maxUnknownCommands>");

        assertThat(policy.inspect(line("XYZZY"), facts(Set.of(), 0, 1, false)).closesConnection()).isFalse();
        assertThat(policy.inspect(line("XYZZY"), facts(Set.of(), 0, 2, false)).closesConnection()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"NOOP", "MAIL FROM:<a@example.org>", "XYZZY", "DATA"})
    void commandSentBeforeThePreviousReplyIsRefused(String command) {
        CommandOutcome outcome = DEFAULTS.inspect(line(command), facts(Set.of(), 0, 0, true));

        assertThat(outcome.reply().toString()).isEqualTo("503 5.5.0 Improper use of SMTP command pipelining");
        assertThat(outcome.closesConnection()).isFalse();
        assertThat(outcome.unrecognized()).isFalse();
        assertThat(record(outcome)).isEqualTo(DROPPED + "cmd pipelining");
    }

    @ParameterizedTest(name = "[{index}] {0} sent early: {1}")
    @CsvSource({"DATA, false", "data, false", "DATA, true", "Data, true"})
    void dataWithContentBehindItClosesTheSession(String command, boolean sentEarly) {
        for (Set<String> advertised : java.util.List.of(Set.<String>of(), Set.of("PIPELINING"))) {
            CommandOutcome outcome = DEFAULTS.inspect(line(command), facts(advertised, 1, 0, sentEarly, true));

            assertThat(outcome.reply().toString()).isEqualTo("554 5.5.0 Improper use of SMTP command pipelining");
            assertThat(outcome.closesConnection()).isTrue();
            assertThat(outcome.passes()).isFalse();
            assertThat(record(outcome)).isEqualTo(DROPPED + "cmd pipelining");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"MAIL FROM:<a@example.org>", "RCPT TO:<demo@localhost>", "NOOP", "RSET", "DATAX"})
    void otherCommandsWithInputBehindThemAreRfc2920Pipelining(String command) {
        CommandOutcome outcome = DEFAULTS.inspect(line(command), facts(Set.of("PIPELINING"), 0, 0, false, true));

        assertThat(outcome.closesConnection()).isFalse();
        assertThat(outcome.reply() == null ? "passes" : outcome.reply().toString()).doesNotContain("pipelining");
    }
}
