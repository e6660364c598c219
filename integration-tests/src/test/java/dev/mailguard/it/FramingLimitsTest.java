package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;

/**
 * docs/reference.md, "Line discipline", where James's framing layer is involved: lines longer than its own limit (8192
 * octets), in a command and in a message, and a command line cut off by the connection closing.
 */
class FramingLimitsTest {
    /** Far beyond the framing layer's 8192 octets. */
    private static final String HUGE = "x".repeat(100_000);
    private static final String DROPPED = "ESMTP Classification: Dropped ESMTP Request from 127.0.0.1/";

    @RegisterExtension
    @Order(1)
    static final GreenMailExtension sink = MailGuardServerExtension.relaySink();

    @RegisterExtension
    @Order(2)
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().relayingTo(sink).auditCapture().build();

    @Test
    void commandLongerThanTheFramingLimitGetsACleanReplyAndTheSessionGoesOn() throws Exception {
        try (RawSession smtp = new RawSession(server.smtpPort())) {
            assertThat(smtp.command("HELO client.example")).startsWith("250 ");

            assertThat(smtp.command("NOOP " + HUGE)).isEqualTo("500 5.5.2 Line too long");
            assertThat(smtp.command("NOOP")).startsWith("250 ");
        }
        assertThat(server.audit().records("108004"))
            .anyMatch(record -> record.contains(DROPPED) && record.endsWith("; matched cmd line length gt 512"));
    }

    @Test
    void messageThatLostALineToTheFramingLimitIsRefusedWhole() throws Exception {
        sink.purgeEmailFromAllMailboxes();
        try (RawSession smtp = new RawSession(server.smtpPort())) {
            assertThat(smtp.command("HELO client.example")).startsWith("250 ");
            smtp.startMessage();

            assertThat(smtp.command("Subject: long\r\n\r\n" + HUGE + "\r\nafter\r\n.")).isEqualTo("500 5.5.2 Line too long");

            // the session goes on, and a clean message gets through
            smtp.startMessage();
            assertThat(smtp.command("Subject: clean\r\n\r\nclean\r\n.")).startsWith("250 ");
        }
        assertThat(sink.waitForIncomingEmail(Duration.ofSeconds(60).toMillis(), 1)).isTrue();
        // RemoteDelivery sends in queue order: had the long one been queued, it would be here by now
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
            .until(() -> sink.getReceivedMessages().length == 1);
        assertThat(sink.getReceivedMessages()[0].getSubject()).isEqualTo("clean");
        assertThat(server.audit().records("108004")).anyMatch(record -> record.endsWith("; matched data line length gt 8192"));
    }

    @Test
    void tooLongLineRightAfterAMessageIsACommand() throws Exception {
        sink.purgeEmailFromAllMailboxes();
        try (RawSession smtp = new RawSession(server.smtpPort())) {
            assertThat(smtp.command("HELO client.example")).startsWith("250 ");
            smtp.startMessage();
            assertThat(smtp.command("Subject: before\r\n\r\nbody\r\n.")).startsWith("250 ");

            // the end of data ended the content: this line is answered as a command, not kept for a message
            assertThat(smtp.command("NOOP " + HUGE)).isEqualTo("500 5.5.2 Line too long");
            assertThat(smtp.command("NOOP")).startsWith("250 ");
        }
        assertThat(server.audit().records("108004")).anyMatch(record -> record.endsWith("; matched cmd line length gt 512"))
            .noneMatch(record -> record.endsWith("; matched data line length gt 8192"));
        assertThat(sink.waitForIncomingEmail(Duration.ofSeconds(60).toMillis(), 1)).isTrue();
    }

    @Test
    void commandCutOffByTheConnectionClosingIsDiscardedAndRecorded() throws Exception {
        try (RawSession smtp = new RawSession(server.smtpPort())) {
            assertThat(smtp.command("HELO client.example")).startsWith("250 ");
            smtp.write("MAIL FROM:<sender@example.org>");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
            server.audit().records("108004").stream().anyMatch(record -> record.endsWith("; matched truncated command")));
    }

    @Test
    void connectionClosedAfterACompleteLineLeavesNoTruncatedRecord() throws Exception {
        try (RawSession smtp = new RawSession(server.smtpPort())) {
            assertThat(smtp.command("HELO client.example")).startsWith("250 ");
            assertThat(smtp.command("NOOP")).startsWith("250 ");
        }
        // a second, cut-off session marks the point by which the first one's close has been handled
        commandCutOffByTheConnectionClosingIsDiscardedAndRecorded();
        assertThat(server.audit().records("108004")).filteredOn(record -> record.endsWith("truncated command")).hasSize(1);
    }

    /** A plain socket: exact bytes out, one reply line in. */
    private static final class RawSession implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final BufferedReader in;

        RawSession(int port) throws IOException {
            socket = new Socket(MailGuardServerFixture.LOOPBACK, port);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            assertThat(in.readLine()).startsWith("220 ");
        }

        /** MAIL, RCPT and DATA, each accepted. */
        void startMessage() throws IOException {
            assertThat(command("MAIL FROM:<sender@example.org>")).startsWith("250 ");
            assertThat(command("RCPT TO:<rcpt@example.net>")).startsWith("250 ");
            assertThat(command("DATA")).startsWith("354 ");
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Sends the text with CRLF and returns the last line of the reply. */
        String command(String text) throws IOException {
            write(text + "\r\n");
            String line = in.readLine();
            while (line != null && line.length() > 3 && line.charAt(3) == '-') {
                line = in.readLine();
            }
            return line;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
