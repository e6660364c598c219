package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.DEMO_USER;
import static dev.mailguard.it.MailGuardServerFixture.LOOPBACK;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;

/**
 * Clients in this JVM on loopback: JavaMail (javax.mail, as James ships it) falls back to HELO where
 * SMTP mode masks EHLO and relays as well as delivers locally; a raw socket that pipelines where
 * PIPELINING was not advertised gets 503. The client programs of their own (swaks, smtplib, ...) are
 * in {@link InteroperabilityTest}.
 */
class RealClientsTest {
    private static final String IMPROPER_PIPELINING = "503 5.5.0 Improper use of SMTP command pipelining";

    /** Started before the nested classes' servers, which relay to it. */
    @RegisterExtension
    static final GreenMailExtension sink = MailGuardServerExtension.relaySink();

    /** One James per nested class: two at once in one JVM would register the same MBeans. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SmtpMode {
        @RegisterExtension
        final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().relayingTo(sink)
            .mailGuardSettings("<mode>smtp</mode>").auditCapture().build();

        @Test
        void javaMailFallsBackToHeloAndDeliversLocallyAndRelayed() throws Exception {
            Properties properties = new Properties();
            properties.putAll(Map.of("mail.smtp.host", LOOPBACK, "mail.smtp.port", String.valueOf(server.smtpPort()),
                "mail.smtp.localhost", "javamail.example"));
            Session session = Session.getInstance(properties);
            ByteArrayOutputStream debug = new ByteArrayOutputStream();
            session.setDebugOut(new PrintStream(debug, true, UTF_8));
            session.setDebug(true);

            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                for (String to : List.of(DEMO_USER, "rcpt@example.net")) {
                    MimeMessage message = new MimeMessage(session);
                    message.setFrom("javamail@example.org");
                    message.setRecipients(Message.RecipientType.TO, to);
                    message.setSubject("javamail to " + to);
                    message.setText("sent by JavaMail\r\n");
                    transport.sendMessage(message, message.getAllRecipients());
                }
            }

            assertThat(debug.toString(UTF_8))
                .containsPattern("EHLO javamail\\.example\\R500 5\\.5\\.1 Command unknown: 'XXXX'\\RHELO javamail\\.example\\R250 ");
            awaitSubject(new DemoInbox(server)::subjects, "javamail to " + DEMO_USER);
            awaitSubject(() -> subjects(sink.getReceivedMessages()), "javamail to rcpt@example.net");
            assertMaskedEhloAudited("EHLO");
        }

        @Test
        void mailAndRcptInOneWriteGet250Then503AndTheSessionGoesOn() throws IOException {
            try (RawSmtp smtp = new RawSmtp(server.smtpPort())) {
                assertThat(smtp.exchange("HELO raw.example\r\n")).startsWith("250 ");
                assertSecondRefusedAsPipelined(smtp, "MAIL FROM:<a@example.org>\r\nRCPT TO:<demo@localhost>\r\n");
                assertThat(smtp.exchange("RSET\r\n")).startsWith("250 ");
            }
        }

        @Test
        void heloAndNoopInOneWriteRightAfterTheGreetingGet250Then503() throws IOException {
            try (RawSmtp smtp = new RawSmtp(server.smtpPort())) {
                assertSecondRefusedAsPipelined(smtp, "HELO x\r\nNOOP\r\n");
                assertThat(smtp.exchange("NOOP\r\n")).startsWith("250 ");
            }
        }

        /** Two commands in one write where PIPELINING was not advertised: the first runs, the second is refused. */
        private void assertSecondRefusedAsPipelined(RawSmtp smtp, String twoCommands) throws IOException {
            smtp.write(twoCommands);
            assertThat(smtp.reply()).startsWith("250 ");
            assertThat(smtp.reply()).isEqualTo(IMPROPER_PIPELINING);
            assertThat(server.audit().records("108004")).singleElement(InstanceOfAssertFactories.STRING)
                .endsWith("matched cmd pipelining");
        }

        /** The record names the verb as the client sent it (escaped), where the reply masks it. */
        private void assertMaskedEhloAudited(String verbAsSent) {
            assertThat(server.audit().records("108004")).singleElement(InstanceOfAssertFactories.STRING)
                .endsWith("matched cmd verb " + verbAsSent);
        }
    }

    /** James's IMAP may count a message before it can be fetched: retried. */
    private static void awaitSubject(Subjects mailbox, String subject) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(MessagingException.class)
            .until(() -> mailbox.get().contains(subject));
    }

    private interface Subjects {
        List<String> get() throws Exception;
    }

    private static List<String> subjects(Message[] messages) throws MessagingException {
        List<String> subjects = new ArrayList<>();
        for (Message message : messages) {
            subjects.add(message.getSubject());
        }
        return subjects;
    }

    /** A bare socket, so that several commands can go out in one write; it reads the greeting. */
    private static final class RawSmtp implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        RawSmtp(int port) throws IOException {
            socket = new Socket(LOOPBACK, port);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), ISO_8859_1));
            assertThat(reply()).startsWith("220 ");
        }

        void write(String bytes) throws IOException {
            socket.getOutputStream().write(bytes.getBytes(ISO_8859_1));
        }

        /** One reply; of a multi-line reply, its last line. */
        String reply() throws IOException {
            String line;
            do {
                line = in.readLine();
            } while (line != null && line.startsWith("-", 3));
            return String.valueOf(line);
        }

        String exchange(String command) throws IOException {
            write(command);
            return reply();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
