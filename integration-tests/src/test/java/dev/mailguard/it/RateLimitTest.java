package dev.mailguard.it;

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
 * docs/reference.md, "Per-client rates", on a real James with the memory store and a rate window of
 * a few seconds: the connection, message and recipient over each rate is refused and recorded once,
 * other addresses are not affected, and the window slides.
 */
class RateLimitTest {
    private static final Duration WINDOW = Duration.ofSeconds(3);
    private static final String TOO_MANY_CONNECTIONS = "421 4.7.0 Too many connections from your address, slow down";

    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf()
        .mailGuardSettings("<maxConnectionRate>3</maxConnectionRate>"
            + "<maxMessageRate>2</maxMessageRate><maxRecipientRate>3</maxRecipientRate>"
            + "<penaltyBox><rateWindow>" + WINDOW.toSeconds() + "s</rateWindow></penaltyBox>")
        .auditCapture().build();

    private static SmtpLines connect(String from) throws IOException {
        return SmtpLines.from(InetAddress.getByName(from), new InetSocketAddress(MailGuardServerFixture.LOOPBACK, server.smtpPort()));
    }

    private static String greeting(String from) throws IOException {
        try (SmtpLines session = connect(from)) {
            return session.greeting();
        }
    }

    /**
     * The store's windows start at multiples of their length since the epoch (the memory store runs
     * on this JVM's clock): begin right after one starts, so that no burst straddles two and the
     * counts are exact.
     */
    private static void atStartOfWindow() {
        await().pollInterval(Duration.ofMillis(10)).atMost(WINDOW.plusSeconds(1))
            .until(() -> System.currentTimeMillis() % WINDOW.toMillis() < 300);
    }

    @Test
    void theConnectionOverTheRateIsRefusedOnceRecordedAndTheWindowSlides() throws Exception {
        JsonNode before = StatusRoute.of(server);
        atStartOfWindow();
        for (int connection = 1; connection <= 3; connection++) {
            assertThat(greeting("127.0.0.41")).as("connection %d", connection).startsWith("220 ");
        }

        assertThat(greeting("127.0.0.41")).isEqualTo(TOO_MANY_CONNECTIONS);
        assertThat(greeting("127.0.0.41")).isEqualTo(TOO_MANY_CONNECTIONS);
        assertThat(greeting("127.0.0.42")).as("another address").startsWith("220 ");

        assertThat(server.audit().records("733100")).as("one record per client, rate and minute").containsExactly(
            "%MAILGUARD-4-733100: [127.0.0.41] connection rate exceeded. Current rate is 4 per 3 seconds, max configured rate is 3");
        JsonNode after = StatusRoute.of(server);
        assertThat(StatusRoute.increase(before, after, "/counters/rejectedByReason/connection-rate")).isEqualTo(2);
        assertThat(StatusRoute.increase(before, after, "/penaltyBoxes/0/ratesExceeded/connection")).isEqualTo(2);
        assertThat(StatusRoute.increase(before, after, "/penaltyBoxes/0/boxed")).as("a rate is not a strike").isZero();
        // one connection per window stays under the rate, so polling does not keep the client out
        await().pollDelay(WINDOW.multipliedBy(2)).pollInterval(WINDOW).atMost(WINDOW.multipliedBy(6))
            .until(() -> greeting("127.0.0.41").startsWith("220 "));
    }

    @Test
    void messagesAndRecipientsOverTheirRatesGet452AndTheSessionGoesOn() throws Exception {
        try (SmtpLines session = connect("127.0.0.43")) {
            atStartOfWindow();
            assertThat(session.send("EHLO client.example")).startsWith("250");
            assertThat(session.send("MAIL FROM:<a@example.org>")).startsWith("250 ");
            for (int recipient = 1; recipient <= 3; recipient++) {
                assertThat(session.send("RCPT TO:<demo@localhost>")).startsWith("250 ");
            }
            assertThat(session.send("RCPT TO:<demo@localhost>")).isEqualTo("452 4.7.0 Too many recipients from your address, slow down");
            assertThat(session.send("RSET")).startsWith("250 ");
            assertThat(session.send("MAIL FROM:<a@example.org>")).startsWith("250 ");
            assertThat(session.send("RSET")).startsWith("250 ");
            assertThat(session.send("MAIL FROM:<a@example.org>")).isEqualTo("452 4.7.0 Too many messages from your address, slow down");
            assertThat(session.send("NOOP")).startsWith("250 ");
        }
        assertThat(server.audit().records("733100")).filteredOn(record -> record.contains("[127.0.0.43]")).containsExactlyInAnyOrder(
            "%MAILGUARD-4-733100: [127.0.0.43] recipient rate exceeded. Current rate is 4 per 3 seconds, max configured rate is 3",
            "%MAILGUARD-4-733100: [127.0.0.43] message rate exceeded. Current rate is 3 per 3 seconds, max configured rate is 2");
    }
}
