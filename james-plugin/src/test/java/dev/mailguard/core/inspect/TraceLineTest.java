package dev.mailguard.core.inspect;

import static dev.mailguard.core.inspect.CommandPolicyTest.NEW_SESSION;
import static dev.mailguard.core.inspect.CommandPolicyTest.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.mailguard.core.audit.Endpoints;

/** The trace line: the command as sent (escaped) and the outcome. */
class TraceLineTest {
    private static final Endpoints ENDPOINTS = new Endpoints(
        new InetSocketAddress("192.0.2.1", 40000), new InetSocketAddress("192.0.2.25", 25));
    private static final CommandPolicy SMTP = policy("<mode>smtp</mode><maxUnknownCommands>5</maxUnknownCommands>");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "NOOP\\r\\n                | 'NOOP' passed",
        "EHLO x\\r\\n              | 'EHLO x' answered 500 5.5.1 Command unknown: 'XXXX'",
        "NOOP\\n                   | 'NOOP\\x0A' answered 500 5.5.2 Syntax error, command not terminated with CRLF",
        "MAIL FROM:<a\\x1b@b>\\r\\n | 'MAIL FROM:<a\\x1B@b>' answered 501 5.1.7 Bad sender address syntax",
    })
    void oneLinePerCommandWithItsVerdict(String sent, String expected) {
        byte[] line = sent.replace("\\r", "\r").replace("\\n", "\n").replace("\\x1b", "\u001b")
            .getBytes(StandardCharsets.ISO_8859_1);

        assertThat(TraceLine.format(ENDPOINTS, line, SMTP.inspect(line, NEW_SESSION)))
            .isEqualTo("SMTP 192.0.2.1/40000 -> 192.0.2.25/25: " + expected);
    }

    @Test
    void aSessionUnderAPolicyIsNamedAtTheEnd() {
        byte[] line = "NOOP\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Endpoints underPolicy = new Endpoints(new InetSocketAddress("192.0.2.1", 40000), new InetSocketAddress("192.0.2.25", 25),
            null, null, "relays");

        assertThat(TraceLine.format(underPolicy, line, SMTP.inspect(line, NEW_SESSION)))
            .isEqualTo("SMTP 192.0.2.1/40000 -> 192.0.2.25/25: 'NOOP' passed policy relays");
    }

    @Test
    void closingVerdictSaysSo() {
        byte[] line = "XYZZY\r\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(TraceLine.format(ENDPOINTS, line, SMTP.inspect(line, CommandPolicyTest.facts(Set.of(), 0, 5, false))))
            .endsWith("answered 421 4.7.0 Too many unrecognized commands, closing connection, closing");
    }
}
