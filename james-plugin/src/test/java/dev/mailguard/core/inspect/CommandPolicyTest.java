package dev.mailguard.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.config.InspectionMode;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.MailGuardConfigTest;
import dev.mailguard.core.config.Syntax;

class CommandPolicyTest {
    /** The verbs James 3.8.1's core handlers implement. */
    static final Set<String> JAMES_VERBS = Set.of("AUTH", "DATA", "EHLO", "EXPN", "HELO", "HELP", "MAIL",
        "NOOP", "QUIT", "RCPT", "RSET", "VRFY", "STARTTLS");
    private static final List<String> SMTP_VERBS = List.of("DATA", "HELO", "MAIL", "NOOP", "QUIT", "RCPT", "RSET");
    private static final List<String> ESMTP_ONLY_VERBS = List.of("AUTH", "EHLO", "ETRN", "HELP", "SAML", "SEND", "SOML", "VRFY");

    static final SessionFacts NEW_SESSION = facts(Set.of(), 0);

    static SessionFacts facts(Set<String> advertised, int recipients) {
        return facts(advertised, recipients, 0, false);
    }

    static SessionFacts facts(Set<String> advertised, int recipients, int unrecognized, boolean sentEarly) {
        return facts(advertised, recipients, unrecognized, sentEarly, false);
    }

    /** A session inside TLS: the rules about AUTH before TLS have their own tests. */
    static SessionFacts facts(Set<String> advertised, int recipients, int unrecognized, boolean sentEarly, boolean inputBehind) {
        return facts(advertised, recipients, unrecognized, sentEarly, inputBehind, true);
    }

    static SessionFacts facts(Set<String> advertised, int recipients, int unrecognized, boolean sentEarly, boolean inputBehind,
                              boolean tls) {
        return new SessionFacts() {
            @Override
            public Set<String> advertisedKeywords() {
                return advertised;
            }

            @Override
            public int recipientCount() {
                return recipients;
            }

            @Override
            public int unrecognizedCommands() {
                return unrecognized;
            }

            @Override
            public boolean sentBeforePreviousReply() {
                return sentEarly;
            }

            @Override
            public boolean inputBehindCommand() {
                return inputBehind;
            }

            @Override
            public boolean tlsStarted() {
                return tls;
            }
        };
    }

    static CommandPolicy policy(String settings) {
        try {
            return new CommandPolicy(MailGuardConfig.from(MailGuardConfigTest.handler(settings)), JAMES_VERBS);
        } catch (org.apache.commons.configuration2.ex.ConfigurationException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static CommandPolicy policy(InspectionMode mode, boolean allowTls) {
        return policy("<mode>" + mode.configName() + "</mode><allowTls>" + allowTls + "</allowTls>");
    }

    static byte[] line(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Stream<String> spellings(String verb) {
        String mixed = verb.charAt(0) + verb.substring(1).toLowerCase();
        return Stream.of(verb, verb.toLowerCase(), mixed);
    }

    static Stream<Arguments> allowedVerbs() {
        Stream<Arguments> smtp = SMTP_VERBS.stream().flatMap(verb -> Stream.of(InspectionMode.SMTP, InspectionMode.ESMTP)
            .flatMap(mode -> spellings(verb).map(spelling -> Arguments.of(mode, spelling))));
        Stream<Arguments> esmtp = ESMTP_ONLY_VERBS.stream()
            .flatMap(verb -> spellings(verb).map(spelling -> Arguments.of(InspectionMode.ESMTP, spelling)));
        return Stream.concat(smtp, esmtp);
    }

    @ParameterizedTest(name = "{0} allows {1}")
    @MethodSource("allowedVerbs")
    void allowedVerbReachesJamesOrGets502(InspectionMode mode, String verb) {
        CommandOutcome outcome = policy(mode, true).inspect(line(verb + " argument"), facts(Set.of("AUTH"), 0));

        if (JAMES_VERBS.contains(verb.toUpperCase())) {
            assertThat(outcome.passes()).isTrue();
        } else {
            assertThat(outcome.reply().toString()).isEqualTo("502 5.5.1 Command not implemented");
            assertThat(outcome.auditRecord(endpoints())).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} before TLS")
    @ValueSource(strings = {"AUTH PLAIN AGRlbW9AbG9jYWxob3N0AGRlbW8=", "auth login", "AUTH PLAIN", "AUTH CRAM-MD5"})
    void authBeforeTlsIsRefusedWith538WhetherOrNotOffered(String command) {
        for (Set<String> advertised : List.of(Set.<String>of(), Set.of("AUTH"))) {
            CommandOutcome outcome = policy(InspectionMode.ESMTP, true).inspect(line(command), facts(advertised, 0, 0, false, false, false));

            assertThat(outcome.passes()).isFalse();
            assertThat(outcome.closesConnection()).isFalse();
            assertThat(outcome.reply().toString()).isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
            assertThat(outcome.auditRecord(endpoints()).orElseThrow().toCiscoLine())
                .startsWith("%MAILGUARD-4-108004: ").endsWith("; matched cmd AUTH before TLS");
        }
    }

    @Test
    void authBeforeTlsReachesJamesWhenTlsIsNotRequired() {
        CommandOutcome outcome = policy("<authRequiresTls>false</authRequiresTls>").inspect(line("AUTH PLAIN"),
            facts(Set.of("AUTH"), 0, 0, false, false, false));

        assertThat(outcome.passes()).isTrue();
    }

    @ParameterizedTest(name = "{0} where EHLO offered {1}")
    @CsvSource(delimiter = '|', value = {
        "AUTH PLAIN AGRlbW9AbG9jYWxob3N0AGRlbW8= | ''",
        "auth login                              | SIZE PIPELINING",
        "Auth Plain                              | ''",
    })
    void authThatWasNotOfferedIsRefusedAndRecorded(String command, String advertised) {
        Set<String> keywords = advertised.isBlank() ? Set.of() : Set.of(advertised.split(" "));
        CommandOutcome outcome = policy(InspectionMode.ESMTP, true).inspect(line(command), facts(keywords, 0));

        assertThat(outcome.passes()).isFalse();
        assertThat(outcome.closesConnection()).isFalse();
        assertThat(outcome.reply().toString()).isEqualTo("503 5.5.1 Authentication not enabled");
        assertThat(outcome.auditRecord(endpoints()).orElseThrow().toCiscoLine()).endsWith("; matched cmd AUTH not advertised");
    }

    @Test
    void authThatWasOfferedReachesJames() {
        assertThat(policy(InspectionMode.ESMTP, true).inspect(line("AUTH PLAIN"), facts(Set.of("AUTH", "PIPELINING"), 0)).passes()).isTrue();
    }

    static Stream<String> esmtpOnlyVerbs() {
        return Stream.concat(ESMTP_ONLY_VERBS.stream(), Stream.of("STARTTLS", "EXPN")).flatMap(CommandPolicyTest::spellings);
    }

    @ParameterizedTest(name = "smtp mode masks {0}")
    @MethodSource("esmtpOnlyVerbs")
    void smtpModeMasksEsmtpVerbs(String verb) {
        CommandOutcome outcome = policy(InspectionMode.SMTP, true).inspect(line(verb), NEW_SESSION);

        assertThat(outcome.reply().toString()).isEqualTo("500 5.5.1 Command unknown: '" + "X".repeat(verb.length()) + "'");
        assertThat(outcome.auditRecord(endpoints())).isPresent();
    }

    @ParameterizedTest(name = "esmtp mode masks {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "EXPN            | 'XXXX'",
        "XCLIENT name=x  | 'XXXXXXX'",
        "TURN            | 'XXXX'",
        "ATRN            | 'XXXX'",
        "BDAT 10         | 'XXXX'",
        "XX              | 'XX'",
        "A               | 'X'",
        "HEL             | 'XXX'",
        "MAILFROM:<a@b>  | 'XXXXXXXXXXXXXX'",
        "GET / HTTP/1.0  | 'XXX'",
    })
    void esmtpModeMasksUnknownVerbs(String command, String mask) {
        CommandOutcome outcome = policy(InspectionMode.ESMTP, true).inspect(line(command), NEW_SESSION);

        assertThat(outcome.passes()).isFalse();
        assertThat(outcome.reply().toString()).isEqualTo("500 5.5.1 Command unknown: " + mask);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void startTlsFollowsAllowTls(boolean allowTls) {
        CommandOutcome outcome = policy(InspectionMode.ESMTP, allowTls).inspect(line("STARTTLS"), NEW_SESSION);

        assertThat(outcome.passes()).isEqualTo(allowTls);
    }

    static Stream<Arguments> hostileVerbs() {
        return Stream.of(
            Arguments.of("NUL inside", "VR\u0000FY", "'XXXXX'", "VR\\x00FY"),
            Arguments.of("8-bit byte", "VRF\u00FF", "'XXXX'", "VRF\\xFF"),
            Arguments.of("8-bit only", "\u00C9\u00C9\u00C9\u00C9", "'XXXX'", "\\xC9\\xC9\\xC9\\xC9"),
            Arguments.of("sharp s uppercases to SS", "ma\u00DF", "'XXX'", "ma\\xDF"),
            Arguments.of("tab is not a separator", "NOOP\tx", "'XXXXXX'", "NOOP\\x09x"),
            Arguments.of("escape introducer", "NO\\OP", "'XXXXX'", "NO\\x5COP"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileVerbs")
    void hostileBytesAreMaskedAndEscaped(String name, String verb, String mask, String escaped) {
        CommandOutcome outcome = policy(InspectionMode.ESMTP, true).inspect(line(verb), NEW_SESSION);

        assertThat(outcome.reply().toString()).isEqualTo("500 5.5.1 Command unknown: " + mask);
        assertThat(outcome.auditRecord(endpoints()).orElseThrow().toCiscoLine()).endsWith("; matched cmd verb " + escaped);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000NOOP", " NOOP", "\tNOOP"})
    void leadingControlCharactersAreTrimmedAsJamesDoes(String command) {
        assertThat(policy(InspectionMode.SMTP, true).inspect(line(command), NEW_SESSION).passes()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "\u0000"})
    void emptyCommandLine(String command) {
        CommandOutcome outcome = policy(InspectionMode.ESMTP, true).inspect(line(command), NEW_SESSION);

        assertThat(outcome.reply().toString()).isEqualTo("500 5.5.2 Syntax error, command unrecognized");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 481, 482, 5000})
    void longVerbMaskFitsOneReplyLine(int length) {
        CommandOutcome outcome = policy("<maxCommandLineLength>8192</maxCommandLineLength>").inspect(line("Z".repeat(length)), NEW_SESSION);

        String reply = outcome.reply() + "\r\n";
        assertThat(reply.length()).isLessThanOrEqualTo(512);
        assertThat(reply).contains("X".repeat(Math.min(length, 481)) + "'");
    }

    private static Endpoints endpoints() {
        return new Endpoints(new java.net.InetSocketAddress("192.0.2.1", 40000), new java.net.InetSocketAddress("192.0.2.25", 25));
    }
}
