package dev.mailguard.core.inspect;

import static dev.mailguard.core.inspect.CommandPolicyTest.facts;
import static dev.mailguard.core.inspect.CommandPolicyTest.line;
import static dev.mailguard.core.inspect.CommandPolicyTest.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import dev.mailguard.core.audit.Endpoints;

/** docs/reference.md, "ESMTP inspection" and "Addresses", on MAIL and RCPT lines: addresses, parameters, recipient limit. */
class CommandPolicyAddressTest {
    private static final Set<String> EHLO_DEFAULT = Set.of("SIZE", "PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES", "STARTTLS");
    private static final Set<String> EHLO_WITH_DSN_AUTH = Set.of("SIZE", "8BITMIME", "DSN", "AUTH");
    private static final SessionFacts EHLO_SESSION = facts(EHLO_DEFAULT, 0);
    private static final Endpoints ENDPOINTS = new Endpoints(
        new InetSocketAddress("192.0.2.1", 40000), new InetSocketAddress("192.0.2.25", 25));
    private static final CommandPolicy DEFAULTS = policy("");
    /** Long lines allowed, so that the address rules, not the line length, judge a long address. */
    private static final CommandPolicy LONG_LINES = policy("<maxCommandLineLength>8192</maxCommandLineLength>");

    private static CommandOutcome inspect(String command, SessionFacts session) {
        return DEFAULTS.inspect(line(command), session);
    }

    static Stream<String> validAddresses() {
        return Stream.of(
            "MAIL FROM:<>",
            "MAIL FROM:<postmaster>",
            "RCPT TO:<postmaster>",
            "RCPT TO:<Postmaster@localhost>",
            "MAIL FROM:<user@example.org>",
            "MAIL FROM: <user@example.org>",
            "mail from:<user@example.org>",
            "MAIL FROM:<\"john doe\"@example.org>",
            "MAIL FROM:<\"a>b\\\"c\"@example.org>".replace(">b", "b"),
            "MAIL FROM:<user@[192.0.2.1]>",
            "MAIL FROM:<user@[IPv6:2001:db8::1]>",
            "MAIL FROM:<first.last+tag@example.org>",
            "MAIL FROM:<a=b/c!d@example.org>",
            "MAIL FROM:<\u00c3\u00bcser@example.org>",
            "MAIL FROM:<" + "a".repeat(308) + "@example.org>",
            "MAIL FROM:user@example.org",
            "MAIL FROM:<user@example.org> SIZE=1000",
            "MAIL FROM:<user@example.org> SIZE=20000000 BODY=8BITMIME",
            "MAIL FROM:<user@example.org> body=7bit size=1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validAddresses")
    void validCommandsReachJamesUnchanged(String command) {
        CommandOutcome outcome = inspect(command, EHLO_SESSION);

        assertThat(outcome.passes()).as(outcome.toString()).isTrue();
        assertThat(new String(outcome.line(), StandardCharsets.ISO_8859_1)).isEqualTo(command + "\r\n");
        assertThat(outcome.auditRecord(ENDPOINTS)).isEmpty();
    }

    static Stream<Arguments> maliciousAddresses() {
        return Stream.of(
            Arguments.of("nested open bracket", "<a<b@example.org>", "<a<b@example.org>"),
            Arguments.of("nested close bracket", "<a>b@example.org>", "<a>b@example.org>"),
            Arguments.of("double brackets", "<<a@example.org>>", "<<a@example.org>>"),
            Arguments.of("trailing extra bracket", "<a@example.org>>", "<a@example.org>>"),
            Arguments.of("unclosed", "<a@example.org", "<a@example.org"),
            Arguments.of("unopened", "a@example.org>", "a@example.org>"),
            Arguments.of("pipe after the path", "<a@example.org>|SIZE=10", "<a@example.org>|SIZE=10"),
            Arguments.of("NUL", "<a\u0000b@example.org>", "<a\\x00b@example.org>"),
            Arguments.of("tab", "<a\tb@example.org>", "<a\\x09b@example.org>"),
            Arguments.of("ESC", "<a\u001b[31m@example.org>", "<a\\x1B[31m@example.org>"),
            Arguments.of("DEL", "<a\u007fb@example.org>", "<a\\x7Fb@example.org>"),
            Arguments.of("321 characters", "<" + "a".repeat(309) + "@example.org>", "<" + "a".repeat(99)),
            Arguments.of("1000 characters", "<" + "a".repeat(988) + "@example.org>", "<" + "a".repeat(99)));
    }

    @ParameterizedTest(name = "MAIL {0}")
    @MethodSource("maliciousAddresses")
    void maliciousSenderIsRejectedAndRecorded(String name, String path, String data) {
        CommandOutcome outcome = LONG_LINES.inspect(line("MAIL FROM:" + path), EHLO_SESSION);

        assertThat(outcome.reply().toString()).isEqualTo("501 5.1.7 Bad sender address syntax");
        assertThat(outcome.closesConnection()).isFalse();
        assertThat(outcome.auditRecord(ENDPOINTS).orElseThrow().toCiscoLine()).isEqualTo(
            "%MAILGUARD-2-108003: Rejecting ESMTP/SMTP command; malicious pattern detected in the mail address "
                + "from 192.0.2.1/40000 to 192.0.2.25/25. Data:" + data);
    }

    @ParameterizedTest(name = "RCPT {0}")
    @MethodSource("maliciousAddresses")
    void maliciousRecipientIsRejected(String name, String path, String data) {
        assertThat(LONG_LINES.inspect(line("RCPT TO:" + path), EHLO_SESSION).reply().toString())
            .isEqualTo("501 5.1.3 Bad recipient address syntax");
    }

    @Test
    void dropConnectionClosesWith421() {
        CommandOutcome outcome = policy("<maliciousAddressAction>drop-connection</maliciousAddressAction>")
            .inspect(line("RCPT TO:<a<b@example.org>"), EHLO_SESSION);

        assertThat(outcome.reply().code()).isEqualTo("421");
        assertThat(outcome.reply().enhancedCode()).isEqualTo("4.7.0");
        assertThat(outcome.closesConnection()).isTrue();
        assertThat(outcome.auditRecord(ENDPOINTS).orElseThrow().toCiscoLine())
            .startsWith("%MAILGUARD-2-108003: Terminating ESMTP/SMTP connection; malicious pattern detected");
    }

    @Test
    void addressLengthLimitIsConfigurable() {
        assertThat(policy("<maxAddressLength>10</maxAddressLength>").inspect(line("MAIL FROM:<a@example.org>"), EHLO_SESSION)
            .reply().code()).isEqualTo("501");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "RCPT TO:<@a.example,@b.example:user@c.example> => RCPT TO:<user@c.example>",
        "MAIL FROM:<@a.example:user@c.example> SIZE=1   => MAIL FROM:<user@c.example> SIZE=1",
        "rcpt to: <@a.example:user@c.example>           => rcpt to: <user@c.example>",
    })
    void sourceRouteIsAcceptedAndIgnored(String command, String forJames) {
        CommandOutcome outcome = inspect(command, EHLO_SESSION);

        assertThat(new String(outcome.line(), StandardCharsets.ISO_8859_1)).isEqualTo(forJames + "\r\n");
        assertThat(outcome.auditRecord(ENDPOINTS)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "MAIL FROM:<a|b@example.org>             => MAIL FROM:<a b@example.org>             => <a|b@example.org>",
        "RCPT TO:<x@example.org|>                => RCPT TO:<x@example.org >                => <x@example.org|>",
        "MAIL FROM:<||@example.org> SIZE=10      => MAIL FROM:<  @example.org> SIZE=10      => <||@example.org>",
    })
    void pipeBecomesSpaceBeforeJamesParses(String command, String forJames, String data) {
        CommandOutcome outcome = inspect(command, EHLO_SESSION);

        assertThat(outcome.passes()).isTrue();
        assertThat(new String(outcome.line(), StandardCharsets.ISO_8859_1)).isEqualTo(forJames + "\r\n");
        assertThat(outcome.auditRecord(ENDPOINTS).orElseThrow().toCiscoLine())
            .isEqualTo("%MAILGUARD-2-108002: SMTP replaced string: out 192.0.2.1 in 192.0.2.25 data: " + data);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SIZE=abc              | 501 5.5.4 Invalid value for parameter SIZE",
        "SIZE=-1               | 501 5.5.4 Invalid value for parameter SIZE",
        "SIZE=                 | 501 5.5.4 Invalid value for parameter SIZE",
        "SIZE                  | 501 5.5.4 Invalid value for parameter SIZE",
        "SIZE=12a              | 501 5.5.4 Invalid value for parameter SIZE",
        "SIZE=1 size=2         | 555 5.5.4 Duplicate parameter SIZE",
        "BODY=FOO              | 501 5.5.4 Invalid value for parameter BODY",
        "BODY=BINARYMIME       | 501 5.5.4 Invalid value for parameter BODY",
        "FOO=BAR               | 555 5.5.4 Unsupported parameter FOO",
        "X-FOO                 | 555 5.5.4 Unsupported parameter X-FOO",
        "RET=FULL              | 555 5.5.4 Unsupported parameter RET",
        "AUTH=<>               | 555 5.5.4 Unsupported parameter AUTH",
        "SMTPUTF8              | 555 5.5.4 Unsupported parameter SMTPUTF8",
        "NOTIFY=NEVER          | 555 5.5.4 Unsupported parameter NOTIFY",
        "F\u00d6O=1            | 555 5.5.4 Unsupported parameter",
        "SIZE=20000001         | 552 5.3.4 Message size exceeds fixed maximum message size",
        "SIZE=99999999999999999 | 552 5.3.4 Message size exceeds fixed maximum message size",
    })
    void mailParametersAreChecked(String parameters, String reply) {
        assertThat(inspect("MAIL FROM:<a@example.org> " + parameters, EHLO_SESSION).reply().toString()).isEqualTo(reply);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RET=FULL", "RET=hdrs", "ENVID=QQ+2Bx", "AUTH=<>", "AUTH=a+40b", "SIZE=1 BODY=8BITMIME RET=HDRS ENVID=x"})
    void dsnAndAuthParametersPassWhenAdvertised(String parameters) {
        assertThat(DEFAULTS.inspect(line("MAIL FROM:<a@example.org> " + parameters), facts(EHLO_WITH_DSN_AUTH, 0)).passes()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "ENVID=a=b          | 501 5.5.4 Invalid value for parameter ENVID",
        "ENVID=a+2b         | 501 5.5.4 Invalid value for parameter ENVID",
        "RET=NONE           | 501 5.5.4 Invalid value for parameter RET",
        "NOTIFY=NEVER       | 555 5.5.4 Unsupported parameter NOTIFY",
    })
    void dsnMailParameterValues(String parameters, String reply) {
        assertThat(DEFAULTS.inspect(line("MAIL FROM:<a@example.org> " + parameters), facts(EHLO_WITH_DSN_AUTH, 0))
            .reply().toString()).isEqualTo(reply);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "NOTIFY=SUCCESS,FAILURE,DELAY   | ",
        "NOTIFY=never                   | ",
        "ORCPT=rfc822;a@example.org     | ",
        "NOTIFY=NEVER,SUCCESS           | 501 5.5.4 Invalid value for parameter NOTIFY",
        "NOTIFY=                        | 501 5.5.4 Invalid value for parameter NOTIFY",
        "SIZE=10                        | 555 5.5.4 Unsupported parameter SIZE",
        "FOO=BAR                        | 555 5.5.4 Unsupported parameter FOO",
    })
    void rcptParametersAreChecked(String parameters, String reply) {
        CommandOutcome outcome = DEFAULTS.inspect(line("RCPT TO:<a@example.org> " + parameters), facts(EHLO_WITH_DSN_AUTH, 0));

        assertThat(outcome.passes() ? null : outcome.reply().toString()).isEqualTo(reply);
    }

    @Test
    void noParameterIsLegalWithoutEhlo() {
        assertThat(inspect("MAIL FROM:<a@example.org> SIZE=10", facts(Set.of(), 0)).reply().toString())
            .isEqualTo("555 5.5.4 Unsupported parameter SIZE");
    }

    @Test
    void declaredSizeAboveMaxDataIsRecorded() {
        CommandOutcome outcome = policy("<maxData>1000</maxData>").inspect(line("MAIL FROM:<a@example.org> SIZE=1001"), EHLO_SESSION);

        assertThat(outcome.reply().toString()).isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
        assertThat(outcome.auditRecord(ENDPOINTS).orElseThrow().toCiscoLine()).isEqualTo(
            "%MAILGUARD-7-108006: Detected ESMTP size violation from 192.0.2.1/40000 to 192.0.2.25/25; "
                + "declared size is: 1001, actual size is 0");
    }

    @Test
    void declaredSizeIsRememberedForTheDataCheck() {
        assertThat(inspect("MAIL FROM:<a@example.org> SIZE=1234", EHLO_SESSION).declaredSize()).isEqualTo(1234);
        assertThat(inspect("MAIL FROM:<a@example.org>", EHLO_SESSION).declaredSize()).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource({"0, true", "99, true", "100, false", "150, false"})
    void hundredAndFirstRecipientIsRefused(int accepted, boolean passes) {
        CommandOutcome outcome = inspect("RCPT TO:<a@example.org>", facts(EHLO_DEFAULT, accepted));

        assertThat(outcome.passes()).isEqualTo(passes);
        if (!passes) {
            assertThat(outcome.reply().toString()).isEqualTo("452 4.5.3 Too many recipients");
            assertThat(outcome.auditRecord(ENDPOINTS).orElseThrow().toCiscoLine()).isEqualTo(
                "%MAILGUARD-4-108004: ESMTP Classification: Dropped ESMTP Request from 192.0.2.1/40000 to 192.0.2.25/25; "
                    + "matched cmd RCPT count gt 100");
        }
    }

    @Test
    void mailWithoutColonIsLeftToJames() {
        assertThat(inspect("MAIL a@example.org", EHLO_SESSION).passes()).isTrue();
    }
}
