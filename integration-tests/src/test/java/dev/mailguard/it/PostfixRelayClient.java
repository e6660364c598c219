package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Postfix relaying into MailGuard: a private instance whose relayhost is the test's James takes the
 * message on its smtpd and forwards it with its SMTP client, the program under test. TLS cells use
 * {@code smtp_tls_security_level = encrypt} (deferred unless STARTTLS is offered and works), the plain
 * cell {@code none}, smtp mode {@code may} (what most relays run: TLS when offered).
 */
final class PostfixRelayClient implements InteropClient {
    /** What Postfix's SMTP client logs for a queue file once it has delivered, deferred or bounced it. */
    private static final Pattern OUTCOME = Pattern.compile("status=(sent|deferred|bounced)");

    @Override
    public String name() {
        return "Postfix (relay)";
    }

    @Override
    public String version() {
        String version = ExternalProgram.require("postconf", "postfix").run("-d", "mail_version").strip();
        return "Postfix " + version.substring(version.indexOf('=') + 1).strip();
    }

    /** Postfix authenticates only with SASL maps of its own, which the matrix does not set up. */
    @Override
    public boolean supports(InteropMode mode) {
        return !mode.auth();
    }

    @Override
    public String send(InteropDelivery delivery) {
        String level = delivery.mode().tls() ? "encrypt" : delivery.mode() == InteropMode.SMTP_MODE ? "may" : "none";
        try (PostfixInstance postfix = PostfixInstance.start(delivery.port(), level)) {
            submit(postfix.smtpdPort(), delivery);
            String log = await().atMost(Duration.ofSeconds(60)).until(postfix::log, text -> OUTCOME.matcher(text).find());
            assertThat(log).as("Postfix log").contains("status=sent");
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands the message to Postfix's smtpd (the test's own injection, not the client under test). */
    private static void submit(int smtpdPort, InteropDelivery delivery) throws IOException {
        try (SmtpConnection smtp = new SmtpConnection(smtpdPort)) {
            assertThat(smtp.client().login("matrix.example")).as(smtp.client().getReplyString()).isTrue();
            assertThat(smtp.client().setSender(delivery.from())).as(smtp.client().getReplyString()).isTrue();
            assertThat(smtp.client().addRecipient(InteropDelivery.TO)).as(smtp.client().getReplyString()).isTrue();
            assertThat(smtp.client().sendShortMessageData(delivery.message())).as(smtp.client().getReplyString()).isTrue();
            smtp.client().logout();
        }
    }

    @Override
    public void checkTranscript(InteropDelivery delivery, String log) {
        // Postfix's PIX heuristic would fall back to HELO and never start TLS
        assertThat(log).doesNotContain("PIX workarounds");
        if (delivery.mode().tls()) {
            assertThat(log).containsPattern("TLS connection established to 127\\.0\\.0\\.1\\[127\\.0\\.0\\.1\\]:" + delivery.port());
        } else {
            assertThat(log).doesNotContain("TLS connection established");
        }
    }
}
