package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;

/** Mail passes MailGuard unchanged: relayed to a GreenMail sink, and delivered to a local mailbox. */
class DeliveryTest {
    private static final String BODY = "First line\r\n"
        + ".a line that starts with a dot\r\n"
        + "..two dots\r\n"
        + ".\tdot and tab\r\n"
        + "\r\n"
        + "Last line\r\n";

    private static final int MAX_DATA = 100_000;

    @RegisterExtension
    @Order(1)
    static final GreenMailExtension sink = MailGuardServerExtension.relaySink();

    @RegisterExtension
    @Order(2)
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().relayingTo(sink)
        .mailGuardSettings("<maxData>" + MAX_DATA + "</maxData>").build();

    @Test
    void relayedMessageArrivesByteForByte() throws Exception {
        sink.purgeEmailFromAllMailboxes();
        String message = "From: sender@example.org\r\nTo: rcpt@example.net\r\nSubject: relay\r\n\r\n" + BODY;

        send("sender@example.org", "rcpt@example.net", message);

        assertThat(sink.waitForIncomingEmail(Duration.ofSeconds(60).toMillis(), 1)).isTrue();
        MimeMessage received = sink.getReceivedMessages()[0];
        // GreenMail stores the data without the CRLF in front of the terminating dot; every other byte counts
        assertThat(bodyOf(received)).isEqualTo(BODY.substring(0, BODY.length() - 2));
        assertThat(received.getSubject()).isEqualTo("relay");
    }

    @Test
    void senderWithAPipeIsDeliveredSanitized() throws Exception {
        sink.purgeEmailFromAllMailboxes();
        String message = "From: sender@example.org\r\nTo: rcpt@example.net\r\nSubject: pipe\r\n\r\n" + BODY;

        send("\"first|last\"@example.org", "rcpt@example.net", message);

        assertThat(sink.waitForIncomingEmail(Duration.ofSeconds(60).toMillis(), 1)).isTrue();
        assertThat(sink.getReceivedMessages()[0].getHeader("Return-Path")).containsExactly("<\"first last\"@example.org>");
    }

    @Test
    void messageAboveMaxDataNeverReachesTheSink() throws Exception {
        sink.purgeEmailFromAllMailboxes();
        String big = "Subject: big\r\n\r\n" + "y".repeat(76).concat("\r\n").repeat(MAX_DATA / 78 + 10);
        String small = "Subject: small\r\n\r\n" + BODY;
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.client().login("client.example")).isTrue();
            assertThat(transaction(smtp, "sender@example.org", "rcpt@example.net", big)).isFalse();
            assertThat(smtp.client().getReplyString()).startsWith("552 5.3.4 ");

            // the same session goes on
            assertThat(transaction(smtp, "sender@example.org", "rcpt@example.net", small))
                .as(smtp.client().getReplyString()).isTrue();
        }

        assertThat(sink.waitForIncomingEmail(Duration.ofSeconds(60).toMillis(), 1)).isTrue();
        // RemoteDelivery sends in queue order: had the big one been queued, it would be here by now
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
            .until(() -> sink.getReceivedMessages().length == 1);
        assertThat(sink.getReceivedMessages()[0].getSubject()).isEqualTo("small");
    }

    @Test
    void localMessageCanBeReadOverImap() throws Exception {
        String message = "From: sender@example.org\r\nTo: demo@localhost\r\nSubject: local\r\n\r\n" + BODY;

        send("sender@example.org", MailGuardServerFixture.DEMO_USER, message);

        Session session = Session.getInstance(new Properties());
        Store store = session.getStore("imap");
        store.connect(MailGuardServerFixture.LOOPBACK, server.imapPort(), MailGuardServerFixture.DEMO_USER,
            MailGuardServerFixture.DEMO_PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inbox.getMessageCount() == 1);
            inbox.open(Folder.READ_ONLY);
            Message stored = inbox.getMessage(1);
            assertThat(stored.getSubject()).isEqualTo("local");
            assertThat(stored.getHeader("Received")[0]).as("maskSoftwareName").doesNotContain("JAMES").contains(" with SMTP");
            assertThat(bodyOf((MimeMessage) stored)).isEqualTo(BODY);
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    private static void send(String from, String to, String message) throws IOException {
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.client().login("client.example")).isTrue();
            assertThat(transaction(smtp, from, to, message)).as(smtp.client().getReplyString()).isTrue();
            smtp.client().logout();
        }
    }

    /** MAIL, RCPT and DATA in an open session; true when the message was accepted. */
    private static boolean transaction(SmtpConnection smtp, String from, String to, String message) throws IOException {
        assertThat(smtp.client().setSender(from)).isTrue();
        assertThat(smtp.client().addRecipient(to)).isTrue();
        // commons-net's writer does the dot-stuffing, as every real client does
        Writer data = smtp.client().sendMessageData();
        data.write(message);
        data.close();
        return smtp.client().completePendingCommand();
    }

    private static String bodyOf(MimeMessage message) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        String whole = raw.toString(StandardCharsets.ISO_8859_1);
        return whole.substring(whole.indexOf("\r\n\r\n") + 4);
    }
}
