package dev.mailguard.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;

/**
 * 100 concurrent sessions send 20 messages each, half relayed to a GreenMail sink and half to the
 * local demo mailbox; every fifth is abandoned in the middle of DATA by closing the connection.
 * Every message that got 250 arrives exactly once; no abandoned one ever arrives. The sessions come
 * from ten loopback addresses, as from ten relays: conf/ lets one address hold 50 connections.
 */
class NoLostMailTest {
    private static final int SESSIONS = 100;
    private static final int MESSAGES = 20;
    private static final int ABORT_EVERY = 5;
    private static final String REMOTE = "sink@example.net";

    @RegisterExtension
    @Order(1)
    static final GreenMailExtension sink = MailGuardServerExtension.relaySink();

    @RegisterExtension
    @Order(2)
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().relayingTo(sink).build();

    @Test
    void everyAcceptedMessageArrivesOnceAndNoAbandonedOneArrives() throws Exception {
        Set<String> acceptedLocal = ConcurrentHashMap.newKeySet();
        Set<String> acceptedRemote = ConcurrentHashMap.newKeySet();
        Set<String> abandoned = ConcurrentHashMap.newKeySet();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        for (int s = 0; s < SESSIONS; s++) {
            int session = s;
            pool.submit(() -> {
                Client client = null;
                try {
                    client = new Client(session);
                    for (int m = 0; m < MESSAGES; m++) {
                        String subject = "nolost s" + session + " m" + m;
                        boolean local = (session + m) % 2 == 0;
                        String recipient = local ? MailGuardServerFixture.DEMO_USER : REMOTE;
                        if ((m + 1) % ABORT_EVERY == 0) {
                            client.abandonInData(recipient, subject);
                            abandoned.add(subject);
                            client = new Client(session);
                        } else if (client.send(recipient, subject)) {
                            (local ? acceptedLocal : acceptedRemote).add(subject);
                        } else {
                            failures.add(subject + ": not accepted");
                        }
                    }
                    client.quit();
                } catch (Exception e) {
                    failures.add("session " + session + ": " + e);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(acceptedLocal.size() + acceptedRemote.size()).isEqualTo(SESSIONS * MESSAGES * (ABORT_EVERY - 1) / ABORT_EVERY);

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
            .until(() -> sink.getReceivedMessages().length >= acceptedRemote.size());
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptionsInstanceOf(MessagingException.class)
            .until(() -> inboxSubjects().size() >= acceptedLocal.size());
        // a message delivered twice or late would show up here: the counts must hold still for 3 s
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
            .ignoreExceptionsInstanceOf(MessagingException.class)
            .until(() -> sink.getReceivedMessages().length == acceptedRemote.size() && inboxSubjects().size() == acceptedLocal.size());

        List<String> remote = new ArrayList<>();
        for (Message message : sink.getReceivedMessages()) {
            remote.add(message.getSubject());
        }
        assertThat(remote).hasSize(acceptedRemote.size()).containsExactlyInAnyOrderElementsOf(acceptedRemote)
            .doesNotContainAnyElementsOf(abandoned);
        List<String> local = await().ignoreExceptionsInstanceOf(MessagingException.class).until(NoLostMailTest::inboxSubjects, s -> true);
        assertThat(local).hasSize(acceptedLocal.size()).containsExactlyInAnyOrderElementsOf(acceptedLocal)
            .doesNotContainAnyElementsOf(abandoned);
    }

    private static List<String> inboxSubjects() throws MessagingException {
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect(MailGuardServerFixture.LOOPBACK, server.imapPort(), MailGuardServerFixture.DEMO_USER,
                MailGuardServerFixture.DEMO_PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                subjects.add(message.getSubject());
            }
            return subjects;
        }
    }

    /** One SMTP session on a bare socket, so that it can be abandoned at any byte. */
    private static final class Client {
        private static final int CLIENT_ADDRESSES = 10;
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Client(int session) throws IOException {
            socket = new Socket(MailGuardServerFixture.LOOPBACK, server.smtpPort(),
                java.net.InetAddress.getByName("127.0.0." + (10 + session % CLIENT_ADDRESSES)), 0);
            socket.setSoTimeout(60_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), ISO_8859_1));
            out = socket.getOutputStream();
            expect("220");
            command("EHLO concurrency.example", "250");
        }

        boolean send(String recipient, String subject) throws IOException {
            startData(recipient);
            write(headers(recipient, subject) + "A line of the message.\r\n.\r\n");
            return reply().startsWith("250 ");
        }

        void abandonInData(String recipient, String subject) throws IOException {
            startData(recipient);
            write(headers(recipient, subject) + "Half of a message, then the client is gone");
            socket.close();
        }

        void quit() throws IOException {
            command("QUIT", "221");
            socket.close();
        }

        private void startData(String recipient) throws IOException {
            command("MAIL FROM:<sender@example.org>", "250");
            command("RCPT TO:<" + recipient + ">", "250");
            command("DATA", "354");
        }

        private static String headers(String recipient, String subject) {
            return "From: <sender@example.org>\r\nTo: <" + recipient + ">\r\nSubject: " + subject + "\r\n\r\n";
        }

        private void command(String command, String expected) throws IOException {
            write(command + "\r\n");
            expect(expected);
        }

        private void expect(String code) throws IOException {
            String reply = reply();
            if (!reply.startsWith(code)) {
                throw new IOException("expected " + code + ", got " + reply);
            }
        }

        private String reply() throws IOException {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed");
                }
            } while (line.length() > 3 && line.charAt(3) == '-');
            return line;
        }

        private void write(String text) throws IOException {
            out.write(text.getBytes(ISO_8859_1));
            out.flush();
        }
    }
}
