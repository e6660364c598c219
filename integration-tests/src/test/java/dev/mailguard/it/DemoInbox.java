package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.DEMO_PASSWORD;
import static dev.mailguard.it.MailGuardServerFixture.DEMO_USER;
import static dev.mailguard.it.MailGuardServerFixture.LOOPBACK;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

import org.awaitility.core.ConditionTimeoutException;

/** The demo user's INBOX, read over James's IMAP listener: what was delivered, not what was accepted. */
final class DemoInbox {
    private final MailGuardServerExtension server;

    DemoInbox(MailGuardServerExtension server) {
        this.server = server;
    }

    /**
     * Waits until one copy of the message with this subject is there and no second one has come for a
     * moment (a copy sent twice would be queued right behind the first); returns the newest Received
     * header of each copy, so that the caller's assertion shows how many copies there are.
     */
    List<String> awaitDelivered(String subject) {
        AtomicReference<List<String>> copies = new AtomicReference<>(List.of());
        try {
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(MessagingException.class)
                .until(() -> {
                    copies.set(receivedHeaders(subject));
                    return copies.get().size() == 1;
                });
        } catch (ConditionTimeoutException e) {
            // none or several copies: the caller's assertion says which
        }
        return copies.get();
    }

    /** The one delivered copy of the message with this subject, as IMAP gives it whole (RFC822). */
    byte[] raw(String subject) throws Exception {
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect(LOOPBACK, server.imapPort(), DEMO_USER, DEMO_PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message message : inbox.getMessages()) {
                if (subject.equals(message.getSubject())) {
                    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
                    message.writeTo(raw);
                    return raw.toByteArray();
                }
            }
            throw new AssertionError("no message with subject " + subject);
        }
    }

    List<String> subjects() throws MessagingException {
        List<String> subjects = new ArrayList<>();
        for (String[] message : read()) {
            subjects.add(message[0]);
        }
        return subjects;
    }

    private List<String> receivedHeaders(String subject) throws MessagingException {
        List<String> headers = new ArrayList<>();
        for (String[] message : read()) {
            if (subject.equals(message[0])) {
                headers.add(message[1]);
            }
        }
        return headers;
    }

    /**
     * The subject and the newest Received header of each message. James's IMAP may count a message
     * before it can be fetched ({@code BAD FETCH failed. Invalid messageset.}): callers retry on
     * MessagingException.
     */
    private List<String[]> read() throws MessagingException {
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect(LOOPBACK, server.imapPort(), DEMO_USER, DEMO_PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String[]> messages = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                String[] received = message.getHeader("Received");
                messages.add(new String[] {message.getSubject(), received == null ? "(no Received header)" : received[0]});
            }
            return messages;
        }
    }
}
