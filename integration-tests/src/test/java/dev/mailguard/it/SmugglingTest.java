package dev.mailguard.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.icegreen.greenmail.junit5.GreenMailExtension;

import dev.mailguard.demo.MailGuardServer.ConfigurationEdit;

/**
 * SMTP smuggling (docs/reference.md, "Line discipline") against a real James, over a raw loopback socket: an end-of-data
 * lookalike followed inside DATA by a second transaction never ends the message nor delivers a second
 * one. A clean control message sent afterwards must then arrive alone, so the negative check is not a race.
 */
class SmugglingTest {
    private static final String RELAYED = "rcpt@example.net";
    private static final String LOCAL = MailGuardServerFixture.DEMO_USER;

    /**
     * The published lookalikes. LineFraming cuts lines at LF: an LF without a CR before it makes a line
     * not ended by CRLF, which James refuses; the others make CRLF lines holding a bare CR or a NUL,
     * whose message MailGuard refuses.
     */
    enum Lookalike {
        LF_DOT_LF("\n.\n"), LF_DOT_CRLF("\n.\r\n"), CR_DOT_CR("\r.\r"), CR_DOT_CRLF("\r.\r\n"),
        CRLF_DOT_LF("\r\n.\n"), CRLF_DOT_CR("\r\n.\r"), LF_DOT_CR("\n.\r"), CRLF_NUL_DOT_CRLF("\r\n\u0000.\r\n");

        final String bytes;
        final boolean bareLf;

        Lookalike(String bytes) {
            this.bytes = bytes;
            this.bareLf = bytes.replace("\r\n", "").contains("\n");
        }
    }

    /** A sink and a server shared by a variant's tests; one server at a time, as James registers fixed MBean names. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract class Variant {
        @RegisterExtension
        @Order(1)
        final GreenMailExtension sink = MailGuardServerExtension.relaySink();

        /** Built when the subclass is made: {@link #settings()} must not read the subclass's fields. */
        @RegisterExtension
        @Order(2)
        final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().relayingTo(sink).edit(settings())
            .auditCapture().build();

        abstract ConfigurationEdit settings();

        void attemptThenControl(Lookalike lookalike, String recipient) throws Exception {
            List<String> expected = subjects(recipient);
            String control = "control after " + lookalike;
            expected.add(control);
            RawSmtp smtp = new RawSmtp(server.smtpPort());
            try {
                String reply = smtp.transaction(recipient, "Subject: carrier\r\n\r\ncarrier" + lookalike.bytes
                    + "MAIL FROM:<evil@example.org>\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\nSubject: smuggled\r\n\r\nsmuggled\r\n\r\n.\r\n");
                assertThat(reply).isEqualTo(lookalike.bareLf ? "500 5.0.0 line delimiter must be CRLF" : "554 5.6.0 Message contains bare CR or NUL");
                assertThat(server.audit().records("108004")).containsExactly(
                    "%MAILGUARD-4-108004: ESMTP Classification: Dropped ESMTP Request from 127.0.0.1/"
                    + smtp.socket.getLocalPort() + " to 127.0.0.1/" + server.smtpPort() + "; matched data bare " + (lookalike.bareLf ? "LF" : "CR or NUL"));
                if (lookalike.bareLf) {
                    assertThat(smtp.in.readLine()).as("nothing after the 500: the connection is closed").isNull();
                    smtp.close();
                    smtp = new RawSmtp(server.smtpPort());
                } else {
                    assertThat(smtp.command("RSET")).startsWith("250 ");
                    assertThat(smtp.command("NOOP")).startsWith("250 ");
                }
                assertThat(smtp.transaction(recipient, "Subject: " + control + "\r\n\r\ncontrol\r\n.\r\n")).startsWith("250 ");
                assertThat(smtp.command("QUIT")).startsWith("221 ");
            } finally {
                smtp.close();
            }
            // the replies show James never ran the smuggled commands; and anything the attempt had queued would
            // have been queued before the control message, so would have reached the recipient with it
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> subjects(recipient).contains(control));
            assertThat(subjects(recipient)).isEqualTo(expected);
        }

        /** The subjects of what reached the recipient so far: the sink, or demo@localhost's INBOX over IMAP. */
        List<String> subjects(String recipient) throws Exception {
            if (!recipient.equals(LOCAL)) {
                return subjectsOf(sink.getReceivedMessages());
            }
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect(MailGuardServerFixture.LOOPBACK, server.imapPort(), LOCAL, MailGuardServerFixture.DEMO_PASSWORD);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                return subjectsOf(inbox.getMessages());
            } finally {
                store.close();
            }
        }
    }

    @Nested
    class DefaultSettings extends Variant {
        @Override
        ConfigurationEdit settings() {
            return conf -> { };
        }

        Stream<Arguments> everyLookalikeToEachRecipient() {
            return Stream.of(Lookalike.values()).flatMap(lookalike -> Stream.of(RELAYED, LOCAL).map(to -> Arguments.of(lookalike, to)));
        }

        @ParameterizedTest(name = "{0} to {1}")
        @MethodSource("everyLookalikeToEachRecipient")
        void lookalikeNeverEndsTheMessage(Lookalike lookalike, String recipient) throws Exception {
            attemptThenControl(lookalike, recipient);
        }

        /**
         * hannob/smtpsmug's {@code pipelining} test: the first message's end, then MAIL, RCPT, DATA and
         * the second message's content in one burst, without waiting for the 354.
         */
        @Test
        void contentSentBeforeTheDataReplyIsNeverStored() throws Exception {
            List<String> expected = subjects(LOCAL);
            expected.add("burst one");
            try (RawSmtp smtp = new RawSmtp(server.smtpPort())) {
                assertThat(smtp.transaction(LOCAL, "Subject: burst one\r\n\r\none\r\n.\r\nMAIL FROM:<a@example.org>\r\n"
                    + "RCPT TO:<" + LOCAL + ">\r\nDATA\r\nSubject: burst two\r\n\r\ntwo\r\n.\r\n")).startsWith("250 2.6.0 ");
                assertThat(List.of(smtp.reply(), smtp.reply(), smtp.reply())).containsExactly("250 2.1.0 Sender <a@example.org> OK",
                    "250 2.1.5 Recipient <" + LOCAL + "> OK", "554 5.5.0 Improper use of SMTP command pipelining");
                assertThat(smtp.in.readLine()).as("the session is closed").isNull();
            }
            assertThat(server.audit().records("108004")).singleElement().asString().endsWith("; matched cmd pipelining");
            expected.add(sendControl("control after the burst"));
            // James delivers concurrently, so the two arrive in either order
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> subjects(LOCAL).containsAll(List.of("burst one", "control after the burst")));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> !subjects(LOCAL).contains("burst two"));
            assertThat(subjects(LOCAL)).containsExactlyInAnyOrderElementsOf(expected);
        }

        private String sendControl(String subject) throws Exception {
            try (RawSmtp smtp = new RawSmtp(server.smtpPort())) {
                assertThat(smtp.transaction(LOCAL, "Subject: " + subject + "\r\n\r\ncontrol\r\n.\r\n")).startsWith("250 ");
                assertThat(smtp.command("QUIT")).startsWith("221 ");
            }
            return subject;
        }
    }

    @Nested
    class RejectBareCrInDataFalse extends Variant {
        @Override
        ConfigurationEdit settings() {
            return ConfVariant.mailGuardSettings("<rejectBareCrInData>false</rejectBareCrInData>");
        }

        Stream<Lookalike> bareLfLookalikes() {
            return Stream.of(Lookalike.values()).filter(lookalike -> lookalike.bareLf);
        }

        @ParameterizedTest(name = "{0} is still refused by James")
        @MethodSource("bareLfLookalikes")
        void bareLfIsRefusedWhateverTheSettings(Lookalike lookalike) throws Exception {
            attemptThenControl(lookalike, RELAYED);
        }
    }

    private static List<String> subjectsOf(Message[] messages) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (Message message : messages) {
            subjects.add(message.getSubject());
        }
        return subjects;
    }

    /** Writes exact bytes (no dot-stuffing, no line-end repair); returns each reply's last line. */
    private static final class RawSmtp implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;

        RawSmtp(int port) throws IOException {
            socket = new Socket(MailGuardServerFixture.LOOPBACK, port);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), ISO_8859_1));
            assertThat(reply()).startsWith("220 ");
            assertThat(command("EHLO client.example")).startsWith("250 ");
        }

        /** MAIL, RCPT and DATA, then the data in one write; the reply to the data. */
        String transaction(String recipient, String data) throws IOException {
            assertThat(command("MAIL FROM:<sender@example.org>")).startsWith("250 ");
            assertThat(command("RCPT TO:<" + recipient + ">")).startsWith("250 ");
            assertThat(command("DATA")).startsWith("354 ");
            return write(data);
        }

        String command(String line) throws IOException {
            return write(line + "\r\n");
        }

        private String write(String bytes) throws IOException {
            socket.getOutputStream().write(bytes.getBytes(ISO_8859_1));
            socket.getOutputStream().flush();
            return reply();
        }

        String reply() throws IOException {
            String line = in.readLine();
            while (line != null && line.matches("\\d{3}-.*")) {
                line = in.readLine();
            }
            return String.valueOf(line);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
