package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.DEMO_PASSWORD;
import static dev.mailguard.it.MailGuardServerFixture.DEMO_USER;
import static dev.mailguard.it.MailGuardServerFixture.LOOPBACK;

/** One message a client of the matrix sends: where to, in which mode, and with which subject. */
final class InteropDelivery {
    private static final String UNAUTHENTICATED_FROM = "interop@example.org";
    static final String TO = DEMO_USER;

    private final InteropMode mode;
    private final int port;
    private final String subject;

    InteropDelivery(InteropMode mode, int port, String subject) {
        this.mode = mode;
        this.port = port;
        this.subject = subject;
    }

    InteropMode mode() {
        return mode;
    }

    String host() {
        return LOOPBACK;
    }

    int port() {
        return port;
    }

    String subject() {
        return subject;
    }

    /** The envelope sender: an authenticated client must send as itself (the submission listener's verifyIdentity). */
    String from() {
        return mode.auth() ? user() : UNAUTHENTICATED_FROM;
    }

    String user() {
        return DEMO_USER;
    }

    String password() {
        return DEMO_PASSWORD;
    }

    /** The message for clients that take it whole on stdin (header, empty line, body; CRLF line ends). */
    String message() {
        return "From: <" + from() + ">\r\nTo: <" + TO + ">\r\nSubject: " + subject + "\r\n\r\n"
            + "sent by the interoperability matrix\r\n";
    }
}
