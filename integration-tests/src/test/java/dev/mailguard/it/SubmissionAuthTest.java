package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.DEMO_PASSWORD;
import static dev.mailguard.it.MailGuardServerFixture.DEMO_USER;
import static dev.mailguard.it.MailGuardServerFixture.LOOPBACK;
import static dev.mailguard.it.Sasl.base64;
import static dev.mailguard.it.Sasl.plain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.icegreen.greenmail.junit5.GreenMailExtension;

/**
 * The submission listener of conf/ with MailGuard first in its chain: AUTH PLAIN and LOGIN with their
 * 334 continuation lines after STARTTLS, none before it, and relaying only once authenticated; and
 * the submissions listener, the same with TLS from the first byte (RFC 8314), with real clients.
 * MailGuard must never judge a continuation line as a command: every test ends with no audit record
 * but 108007 (TLS started) and 113015 (a failed exchange), so no 108004 and no masked {@code XXXX}
 * reply. Tests that fail exchanges connect from addresses of their own, so that the penalty box of
 * conf/ (five failures box an address) never boxes another test's client.
 */
class SubmissionAuthTest {
    private static final String EXTERNAL_RECIPIENT = "rcpt@example.net";
    private static final String ENCRYPTION_REQUIRED = "538 5.7.11 Encryption required for requested authentication mechanism";

    @RegisterExtension
    @Order(1)
    static final GreenMailExtension sink = MailGuardServerExtension.relaySink();

    @RegisterExtension
    @Order(2)
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().relayingTo(sink).auditCapture().build();

    @AfterEach
    void continuationLinesWereNeverJudged() {
        assertThat(server.audit().records()).allMatch(record -> record.contains("-108007: ") || record.contains("-113015: "),
            "only TLS-started and failed-exchange records");
    }

    @Test
    void authIsOfferedOnlyAfterStartTls() throws Exception {
        try (SmtpLines smtp = new SmtpLines(submissionPort())) {
            assertThat(smtp.greeting()).matches("220 [\\w.-]+ ESMTP");
            assertThat(smtp.send("EHLO client.example")).contains("STARTTLS").doesNotContain("AUTH");
            smtp.startTls();
            assertThat(smtp.send("EHLO client.example")).contains("250-AUTH LOGIN PLAIN").doesNotContain("STARTTLS");
        }
        assertThat(server.audit().records("108007")).as("the audit capture sees this listener's records").hasSize(1);
    }

    @Test
    void plainWithInitialResponseOnOneLine() throws Exception {
        try (SmtpLines smtp = authenticatable()) {
            assertThat(smtp.send("AUTH PLAIN " + plain(DEMO_USER, DEMO_PASSWORD))).startsWith("235 ");
        }
    }

    @Test
    void plainWithTheCredentialsOnAContinuationLine() throws Exception {
        try (SmtpLines smtp = authenticatable()) {
            assertThat(smtp.send("AUTH PLAIN")).startsWith("334");
            assertThat(smtp.send(plain(DEMO_USER, DEMO_PASSWORD))).startsWith("235 ");
        }
    }

    @Test
    void loginWithTwoContinuationLines() throws Exception {
        try (SmtpLines smtp = authenticatable()) {
            assertThat(smtp.send("AUTH LOGIN")).isEqualTo("334 " + base64("Username:"));
            assertThat(smtp.send(base64(DEMO_USER))).isEqualTo("334 " + base64("Password:"));
            assertThat(smtp.send(base64(DEMO_PASSWORD))).startsWith("235 ");
        }
    }

    @Test
    void aWrongPasswordGets535() throws Exception {
        try (SmtpLines smtp = authenticatable("127.0.0.21")) {
            assertThat(smtp.send("AUTH PLAIN " + plain(DEMO_USER, "wrong"))).startsWith("535 ");
            assertThat(smtp.send("AUTH LOGIN")).startsWith("334 ");
            assertThat(smtp.send(base64(DEMO_USER))).startsWith("334 ");
            assertThat(smtp.send(base64("wrong"))).startsWith("535 ");
            assertThat(smtp.send("NOOP")).startsWith("250 ");
        }
        assertThat(server.audit().records("113015")).containsExactly(failed("127.0.0.21", DEMO_USER), failed("127.0.0.21", DEMO_USER));
    }

    private static String failed(String client, String user) {
        return "%MAILGUARD-6-113015: AAA user authentication Rejected : reason = Invalid password : local database : user = "
            + user + " : user IP = " + client;
    }

    /** RFC 4954: a continuation line of a single {@code *} cancels the exchange with 501, at any step. */
    @ParameterizedTest
    @CsvSource({"AUTH PLAIN, 127.0.0.22", "AUTH LOGIN, 127.0.0.23"})
    void anAsteriskCancelsWith501(String command, String client) throws Exception {
        try (SmtpLines smtp = authenticatable(client)) {
            assertThat(smtp.send(command)).startsWith("334");
            assertThat(smtp.send("*")).startsWith("501 ");
            assertThat(smtp.send("AUTH LOGIN")).startsWith("334 ");
            assertThat(smtp.send(base64(DEMO_USER))).startsWith("334 ");
            assertThat(smtp.send("*")).startsWith("501 ");
            assertThat(smtp.send("NOOP")).startsWith("250 ");
        }
        assertThat(server.audit().records("113015")).as("a cancelled exchange is a failed one")
            .containsExactly(failed(client, "*****"), failed(client, DEMO_USER));
    }

    @Test
    void relaysToAnExternalRecipientOnlyAfterAuth() throws Exception {
        try (SmtpLines smtp = authenticatable()) {
            assertThat(smtp.send("MAIL FROM:<someone@example.org>")).startsWith("250 ");
            assertThat(smtp.send("RCPT TO:<" + EXTERNAL_RECIPIENT + ">")).startsWith("530 ");
            assertThat(smtp.send("RSET")).startsWith("250 ");

            assertThat(smtp.send("AUTH PLAIN " + plain(DEMO_USER, DEMO_PASSWORD))).startsWith("235 ");
            assertThat(smtp.send("MAIL FROM:<" + DEMO_USER + ">")).startsWith("250 ");
            assertThat(smtp.send("RCPT TO:<" + EXTERNAL_RECIPIENT + ">")).startsWith("250 ");
            assertThat(smtp.send("DATA")).startsWith("354 ");
            assertThat(smtp.send("Subject: submitted\r\n\r\nsent after AUTH\r\n.")).startsWith("250 ");
            assertThat(smtp.send("QUIT")).startsWith("221 ");
        }
        awaitRelayed("submitted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void swaksAuthenticatesAfterStartTlsAndRelays(String mechanism) throws Exception {
        String subject = "swaks AUTH " + mechanism;

        swaksAuthenticates(submissionPort(), "-tls", mechanism, subject);

        awaitRelayed(subject);
    }

    @Test
    void implicitTlsOffersAuthAndNoStartTls() throws Exception {
        try (SmtpLines smtp = SmtpLines.implicitTls(submissionsPort())) {
            assertThat(smtp.greeting()).matches("220 [\\w.-]+ ESMTP");
            assertThat(smtp.send("EHLO client.example")).contains("250-AUTH LOGIN PLAIN").doesNotContain("STARTTLS");
            assertThat(smtp.send("AUTH PLAIN " + plain(DEMO_USER, DEMO_PASSWORD))).startsWith("235 ");
        }
        assertThat(server.audit().records("108007")).as("no STARTTLS, so no TLS-started record").isEmpty();
    }

    /** swaks --tls-on-connect: the greeting already comes inside TLS (swaks marks such lines with ~). */
    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void swaksAuthenticatesOnImplicitTlsAndRelaysOnce(String mechanism) throws Exception {
        String subject = "swaks submissions AUTH " + mechanism;

        String transcript = swaksAuthenticates(submissionsPort(), "--tls-on-connect", mechanism, subject);

        assertThat(transcript).containsPattern("(?m)^<~  220 ").doesNotContain("STARTTLS");
        awaitRelayedOnce(subject);
        assertThat(server.audit().records("108007")).isEmpty();
    }

    /** smtplib's SMTP_SSL with auth(MECHANISM): LOGIN sends the user name as its initial response. */
    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void smtplibAuthenticatesOnImplicitTlsAndRelaysOnce(String mechanism) throws Exception {
        String subject = "smtplib submissions AUTH " + mechanism;

        String transcript = ExternalProgram.require("python3", "python3").run(TestResource.path("/clients/smtplib_client.py"),
            LOOPBACK, String.valueOf(submissionsPort()), DEMO_USER, subject, "implicit",
            "--user", DEMO_USER, "--password", DEMO_PASSWORD, "--mechanism", mechanism, "--to", EXTERNAL_RECIPIENT);

        assertThat(transcript).containsPattern("(?m)^send: 'AUTH " + mechanism + "\\b").contains("reply: retcode (235)")
            .doesNotContain("STARTTLS").doesNotContain("XXXX");
        awaitRelayedOnce(subject);
        assertThat(server.audit().records("108007")).isEmpty();
    }

    /** Without TLS: no mechanism is offered or run, whatever the client sends. */
    @Test
    void noMechanismWithoutTls() throws Exception {
        try (SmtpLines smtp = new SmtpLines(submissionPort())) {
            assertThat(smtp.send("EHLO client.example")).doesNotContain("AUTH");
            assertThat(smtp.send("AUTH PLAIN " + plain(DEMO_USER, DEMO_PASSWORD))).isEqualTo(ENCRYPTION_REQUIRED);
            assertThat(smtp.send("AUTH PLAIN")).isEqualTo(ENCRYPTION_REQUIRED);
            assertThat(smtp.send("AUTH LOGIN")).isEqualTo(ENCRYPTION_REQUIRED);
            assertThat(smtp.send("MAIL FROM:<" + DEMO_USER + ">")).as("not authenticated").startsWith("530 ");
        }
        assertThat(server.audit().records()).hasSize(3).allMatch(record -> record.endsWith("; matched cmd AUTH before TLS"));
        server.audit().clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void swaksWithoutTlsGets538AndNo235(String mechanism) throws Exception {
        ExternalProgram swaks = ExternalProgram.require("swaks", "swaks");

        String transcript = swaks.runAllowingFailure("--server", LOOPBACK, "--port", String.valueOf(submissionPort()),
            "--helo", "swaks.example", "--auth", mechanism, "--auth-user", DEMO_USER, "--auth-password", DEMO_PASSWORD,
            "--from", DEMO_USER, "--to", EXTERNAL_RECIPIENT, "--timeout", "30");

        assertThat(transcript).doesNotContainPattern("(?m)^<~? +235 ").doesNotContain("AUTH " + mechanism + " ");
        server.audit().clear();
    }

    @Test
    void smtplibWithoutTlsIsOfferedNoAuthAndGets538() throws Exception {
        String transcript = ExternalProgram.require("python3", "python3").run(
            TestResource.path("/clients/smtplib_auth_without_tls.py"), LOOPBACK, String.valueOf(submissionPort()), DEMO_USER,
            DEMO_PASSWORD);

        assertThat(transcript).contains("auth offered: False")
            .contains("AUTH PLAIN: 538 5.7.11 Encryption required for requested authentication mechanism")
            .contains("AUTH LOGIN: 538 5.7.11 ").contains("login: refused:").doesNotContain("235").doesNotContain("authenticated\n");
        assertThat(server.audit().records()).hasSize(2).allMatch(record -> record.endsWith("; matched cmd AUTH before TLS"));
        server.audit().clear();
    }

    /** A connection on the submission listener after STARTTLS and a second EHLO: AUTH is on offer. */
    private static SmtpLines authenticatable() throws Exception {
        return authenticatable(LOOPBACK);
    }

    private static SmtpLines authenticatable(String client) throws Exception {
        return AuthSessions.overTls(client, submissionPort());
    }

    /**
     * swaks authenticates as the demo user with {@code mechanism} and submits a message to the external
     * recipient; {@code tlsOption} says how it gets TLS. Returns its transcript, checked for the 235
     * and for no refusal.
     */
    private static String swaksAuthenticates(int port, String tlsOption, String mechanism, String subject) {
        ExternalProgram swaks = ExternalProgram.require("swaks", "swaks");
        String transcript = swaks.run("--server", LOOPBACK, "--port", String.valueOf(port),
            "--helo", "swaks.example", tlsOption, "--auth", mechanism, "--auth-user", DEMO_USER, "--auth-password", DEMO_PASSWORD,
            "--from", DEMO_USER, "--to", EXTERNAL_RECIPIENT, "--header", "Subject: " + subject, "--body", "sent by swaks",
            "--timeout", "30");
        assertThat(transcript).containsPattern("(?m)^ ~> AUTH " + mechanism + "\\b").containsPattern("(?m)^<~  235 ")
            .doesNotContain("XXXX").doesNotContainPattern("(?m)^<[-*~]* +5\\d\\d");
        return transcript;
    }

    private static int submissionPort() {
        return server.submissionPort().orElseThrow(() -> new AssertionError("conf/ has no submission listener"));
    }

    private static int submissionsPort() {
        return server.submissionsPort().orElseThrow(() -> new AssertionError("conf/ has no submissions listener"));
    }

    private static void awaitRelayed(String subject) {
        await().atMost(Duration.ofSeconds(30)).until(() -> relayedCopies(subject) > 0);
    }

    /** One copy relayed, and for a moment no second: a copy sent twice would be queued right behind the first. */
    private static void awaitRelayedOnce(String subject) {
        awaitRelayed(subject);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(relayedCopies(subject)).as("copies of '%s' relayed", subject).isEqualTo(1));
    }

    private static long relayedCopies(String subject) throws MessagingException {
        long copies = 0;
        for (MimeMessage message : sink.getReceivedMessages()) {
            if (subject.equals(message.getSubject())) {
                copies++;
            }
        }
        return copies;
    }
}
