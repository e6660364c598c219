package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verb allowlist against a real James: allowed verbs reach James, all others get the masked 500
 * and one 108004 record, and a masked verb changes nothing in the session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AllowlistContract {
    /** Built when the subclass is made: {@link #settings()} must not read the subclass's fields. */
    @RegisterExtension
    final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().mailGuardSettings(settings())
        .auditCapture().startLog(ConfVariant.MAILGUARD_HANDLER).build();

    /** The settings inside MailGuard's handler element. */
    abstract String settings();

    /** Verbs James implements that this mode lets through. */
    abstract List<String> passedToJames();

    /** Verbs this mode allows that James does not implement. */
    abstract List<String> notImplemented();

    /** Verbs this mode masks. */
    abstract List<String> masked();

    /** The 220 greeting this profile sends: by default the host name and ESMTP, nothing of James's own text. */
    String expectedGreeting() {
        return "220 [\\w.-]+ ESMTP";
    }

    /** Only the Cisco mask makes Postfix clients give up ESMTP and TLS, and the administrator is told at start. */
    @Test
    void warnsAtStartOnlyAboutTheCiscoMask() {
        List<String> startWarnings = server.startLog().stream().filter(line -> line.contains("Postfix"))
            .collect(Collectors.toList());
        if (settings().contains("<maskBanner>asterisks</maskBanner>")) {
            assertThat(startWarnings).singleElement().asString().contains("asterisks", "HELO", "STARTTLS");
        } else {
            assertThat(startWarnings).isEmpty();
        }
    }

    Stream<String> passedToJamesSpellings() {
        return spellings(passedToJames());
    }

    Stream<String> maskedSpellings() {
        return Stream.concat(spellings(masked()), Stream.of("XYZZY", "AB", "Q", "GET / HTTP/1.1", "MAIL:FROM"));
    }

    private static Stream<String> spellings(List<String> verbs) {
        return verbs.stream().flatMap(verb -> Stream.of(verb, verb.toLowerCase(), verb.charAt(0) + verb.substring(1).toLowerCase()));
    }

    @ParameterizedTest(name = "{0} reaches James")
    @MethodSource("passedToJamesSpellings")
    void allowedVerbReachesJames(String verb) throws Exception {
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            String reply = smtp.send(verb + argumentFor(verb));

            assertThat(reply).doesNotStartWith("500 5.5.1 Command unknown").doesNotStartWith("502 5.5.1 Command not implemented");
            assertThat(server.audit().records("108004")).isEmpty();
        }
    }

    /** A factory, not a parameterized test: the smtp profile has no such verb. */
    @TestFactory
    Stream<DynamicTest> allowedVerbJamesDoesNotImplementGets502WithoutEcho() {
        return spellings(notImplemented()).map(verb -> DynamicTest.dynamicTest(verb + " is not implemented", () -> {
            server.audit().clear(); // dynamic tests run without the beforeEach callbacks
            try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
                assertThat(smtp.send(verb + " argument")).isEqualTo("502 5.5.1 Command not implemented");
                assertThat(server.audit().records()).isEmpty();
            }
        }));
    }

    @ParameterizedTest(name = "{0} is masked")
    @MethodSource("maskedSpellings")
    void blockedVerbIsMaskedAndAudited(String command) throws Exception {
        String verb = command.split(" ", 2)[0];
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            String reply = smtp.send(command);

            assertThat(reply).isEqualTo("500 5.5.1 Command unknown: '" + "X".repeat(verb.length()) + "'");
            int clientPort = smtp.client().getLocalPort();
            assertThat(server.audit().records()).containsExactly("%MAILGUARD-4-108004: ESMTP Classification: Dropped ESMTP Request from "
                + "127.0.0.1/" + clientPort + " to 127.0.0.1/" + server.smtpPort() + "; matched cmd verb " + verb);
        }
    }

    int smtpPort() {
        return server.smtpPort();
    }

    @Test
    void greeting() throws Exception {
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.greeting()).matches(expectedGreeting()).doesNotContain("JAMES");
        }
    }

    @Test
    void maskedVerbLeavesTheSessionUsable() throws Exception {
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            smtp.send("XYZZY");

            assertThat(smtp.send("HELO client.example")).startsWith("250");
            assertThat(smtp.send("NOOP")).startsWith("250");
            assertThat(smtp.send("QUIT")).startsWith("221");
        }
    }

    @Test
    void emptyLineIsASyntaxError() throws Exception {
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.send("")).isEqualTo("500 5.5.2 Syntax error, command unrecognized");
        }
    }

    @Test
    void hostileBytesInAVerbAreNeitherEchoedNorLogged() throws Exception {
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.send("VR\u0000F\u00ff")).isEqualTo("500 5.5.1 Command unknown: 'XXXXX'");
            assertThat(server.audit().records()).singleElement().asString().endsWith("matched cmd verb VR\\x00F\\xFF");
        }
    }

    /** An argument that makes James answer the verb itself rather than a syntax error about nothing. */
    private static String argumentFor(String verb) {
        switch (verb.toUpperCase()) {
            case "HELO":
            case "EHLO":
                return " client.example";
            case "MAIL":
                return " FROM:<sender@example.org>";
            case "RCPT":
                return " TO:<demo@localhost>";
            case "VRFY":
            case "EXPN":
                return " postmaster";
            case "AUTH":
                return " PLAIN";
            default:
                return "";
        }
    }
}
