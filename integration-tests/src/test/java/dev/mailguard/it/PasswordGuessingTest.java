package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.DEMO_PASSWORD;
import static dev.mailguard.it.MailGuardServerFixture.DEMO_USER;
import static dev.mailguard.it.Sasl.plain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Password guessing against the submission listener of the shipped conf/ (penalty box on, memory
 * store, no exempt network): AUTH only after TLS, three failures end a session, five from one
 * address box it, the guesser's parked session is closed, and another address still logs in.
 */
class PasswordGuessingTest {
    private static final String GUESSER = "127.0.0.9";
    private static final String BOXED = "421 4.7.0 Too many protocol violations, try again later";
    private static final String TOO_MANY_FAILURES = "421 4.7.0 Too many authentication failures, closing connection";

    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().auditCapture().build();

    private static SmtpLines connect(String from) throws IOException {
        return SmtpLines.from(InetAddress.getByName(from),
            new InetSocketAddress(MailGuardServerFixture.LOOPBACK, server.submissionPort().orElseThrow()));
    }

    /** A session from {@code from} after STARTTLS and EHLO, where AUTH is on offer. */
    private static SmtpLines overTls(String from) throws Exception {
        return AuthSessions.overTls(from, server.submissionPort().orElseThrow());
    }

    private static String guess(SmtpLines session, int guess) throws IOException {
        return AuthSessions.wrongPassword(session, guess);
    }

    @Test
    void noPasswordIsTakenBeforeTls() throws Exception {
        try (SmtpLines session = connect("127.0.0.3")) {
            assertThat(session.send("EHLO client.example")).contains("STARTTLS").doesNotContain("AUTH");
            assertThat(session.send("AUTH PLAIN " + plain(DEMO_USER, DEMO_PASSWORD)))
                .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
            assertThat(session.send("AUTH LOGIN")).startsWith("538 5.7.11 ");
            assertThat(session.send("MAIL FROM:<" + DEMO_USER + ">")).as("not authenticated").startsWith("530 ");
        }
        assertThat(server.audit().records("108004")).filteredOn(record -> record.contains("from 127.0.0.3/"))
            .hasSize(2).allMatch(record -> record.endsWith("; matched cmd AUTH before TLS"));
    }

    @Test
    void guessingStopsWithinFiveGuessesWhileAnotherAddressLogsIn() throws Exception {
        JsonNode before = StatusRoute.of(server);
        try (SmtpLines parked = overTls(GUESSER)) {
            try (SmtpLines first = overTls(GUESSER)) {
                assertThat(guess(first, 1)).startsWith("535 ");
                assertThat(guess(first, 2)).startsWith("535 ");
                assertThat(guess(first, 3)).startsWith("535 ");
                assertThat(first.nextReply()).isEqualTo(TOO_MANY_FAILURES);
                assertThat(first.closedByServer()).isTrue();
            }
            try (SmtpLines second = overTls(GUESSER)) {
                assertThat(guess(second, 4)).startsWith("535 ");
                assertThat(guess(second, 5)).startsWith("535 ");
                await().atMost(Duration.ofSeconds(5)).until(() -> !server.audit().records("733102").isEmpty());
                assertThat(guess(second, 6)).as("the guesser's own session").isEqualTo(BOXED);
            }
            assertThat(parked.send("NOOP")).as("the guesser's parked session").isEqualTo(BOXED);
            assertThat(parked.closedByServer()).isTrue();
        }
        try (SmtpLines refused = connect(GUESSER)) {
            assertThat(refused.greeting()).isEqualTo(BOXED);
        }
        try (SmtpLines user = overTls("127.0.0.1")) {
            assertThat(user.send("AUTH PLAIN " + plain(DEMO_USER, DEMO_PASSWORD))).startsWith("235 ");
        }

        assertThat(server.audit().records("113015")).hasSize(5).allSatisfy(record -> assertThat(record).isEqualTo(
            "%MAILGUARD-6-113015: AAA user authentication Rejected : reason = Invalid password : local database : user = "
                + DEMO_USER + " : user IP = " + GUESSER)).noneMatch(record -> record.contains("guess-"));
        assertThat(server.audit().records("733102")).containsExactly("%MAILGUARD-4-733102: Threat-detection adds host " + GUESSER
            + " to shun list");
        JsonNode after = StatusRoute.of(server);
        assertThat(StatusRoute.increase(before, after, "/counters/authFailures")).isEqualTo(5);
        assertThat(StatusRoute.increase(before, after, "/penaltyBoxes/0/authStrikes")).isEqualTo(5);
        assertThat(StatusRoute.increase(before, after, "/penaltyBoxes/0/strikes")).isZero();
        assertThat(StatusRoute.increase(before, after, "/penaltyBoxes/0/sessionsClosed")).isEqualTo(2);
        assertThat(StatusRoute.increase(before, after, "/counters/rejectedByReason/too-many-auth-failures")).isEqualTo(1);
    }
}
