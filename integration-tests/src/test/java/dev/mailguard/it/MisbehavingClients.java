package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.DEMO_USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Clients, each from the loopback address it is given (all of 127.0.0.0/8 is loopback), that make
 * MailGuard write the records conf/fail2ban's filter is for, and one that slips without misbehaving.
 * The MX listener must close a session at the second unknown command, drop the connection on a
 * malicious address and limit the connection rate; the submission listener is conf/'s, with its
 * penalty box.
 */
final class MisbehavingClients {
    static final String BOXED = "421 4.7.0 Too many protocol violations, try again later";

    private final MailGuardServerExtension server;

    MisbehavingClients(MailGuardServerExtension server) {
        this.server = server;
    }

    /** Two unknown commands where one is let through: 421 and close (108004 unknown cmd count). */
    void tooManyUnknownCommands(String from) throws IOException {
        try (SmtpLines session = mx(from)) {
            Strikes.endWithUnknownCommands(session);
        }
    }

    /**
     * A malicious sender address: 421 and close (108003 Terminating). Its quoted local part (spaces
     * allowed) holds the words the record puts around the client's own address, naming {@code forged}.
     */
    void maliciousAddress(String from, String forged) throws IOException {
        try (SmtpLines session = mx(from)) {
            assertThat(session.send("EHLO client.example")).startsWith("250");
            assertThat(session.send("MAIL FROM:<\"a>b from " + forged + "/25 to 127.0.0.1/25. Data:\"@example.org>"))
                .isEqualTo("421 4.7.0 Malicious address pattern, closing connection");
            assertThat(session.closedByServer()).isTrue();
        }
    }

    /** EHLO before the greeting (the listener's policy for {@code from} waits for it): 554 and close. */
    void talksBeforeTheGreeting(String from) throws IOException {
        try (SmtpLines session = SmtpLines.talkingFirst(InetAddress.getByName(from), mxAddress(), "EHLO talker.example")) {
            assertThat(session.greeting()).isEqualTo("554 5.5.1 Protocol error");
            assertThat(session.closedByServer()).isTrue();
        }
    }

    /** The message sent with MAIL, RCPT and DATA, before the 354: 554 and close (108004 cmd pipelining). */
    void sendsContentBeforeThe354(String from) throws IOException {
        try (SmtpLines session = mx(from)) {
            assertThat(session.send("EHLO client.example")).contains("250-PIPELINING");
            assertThat(session.send("MAIL FROM:<a@example.org>\r\nRCPT TO:<" + DEMO_USER + ">\r\nDATA\r\n"
                + "Subject: early\r\n\r\nsent before the 354\r\n.")).startsWith("250 ");
            assertThat(session.nextReply()).startsWith("250 ");
            assertThat(session.nextReply()).isEqualTo("554 5.5.0 Improper use of SMTP command pipelining");
            assertThat(session.closedByServer()).isTrue();
        }
    }

    /** A message line ended by a bare LF: James refuses it and closes (108004 data bare LF). */
    void sendsBareLfInData(String from) throws IOException {
        try (SmtpLines session = mx(from)) {
            assertThat(session.send("EHLO client.example")).startsWith("250");
            assertThat(session.send("MAIL FROM:<a@example.org>")).startsWith("250 ");
            assertThat(session.send("RCPT TO:<" + DEMO_USER + ">")).startsWith("250 ");
            assertThat(session.send("DATA")).startsWith("354 ");
            assertThat(session.send("Subject: bare\r\n\r\nline\nsmuggled\r\n.")).isEqualTo("500 5.0.0 line delimiter must be CRLF");
            assertThat(session.closedByServer()).isTrue();
        }
    }

    /** One connection more than {@code perMinute} within a minute: 421 instead of the greeting (733100). */
    void connectsTooOften(String from, int perMinute) throws IOException {
        for (int i = 0; i < perMinute; i++) {
            try (SmtpLines session = mx(from)) {
                assertThat(session.send("QUIT")).startsWith("221 ");
            }
        }
        try (SmtpLines session = mx(from)) {
            assertThat(session.greeting()).isEqualTo("421 4.7.0 Too many connections from your address, slow down");
        }
    }

    /**
     * Five failed AUTH exchanges after STARTTLS, three in a session (then 421 and close) and two in
     * the next: 113015 each, and the fifth boxes the client (733102, written asynchronously). The
     * user name holds the words the record puts before the client's address, naming {@code forged}.
     */
    void guessesPasswords(String from, String forged) throws Exception {
        String user = "mallory : user IP = " + forged;
        try (SmtpLines session = AuthSessions.overTls(from, submissionAddress().getPort())) {
            for (int guess = 1; guess <= 3; guess++) {
                assertThat(session.send("AUTH PLAIN " + Sasl.plain(user, "guess-" + guess))).startsWith("535 ");
            }
            assertThat(session.nextReply()).isEqualTo("421 4.7.0 Too many authentication failures, closing connection");
        }
        try (SmtpLines session = AuthSessions.overTls(from, submissionAddress().getPort())) {
            for (int guess = 4; guess <= 5; guess++) {
                assertThat(session.send("AUTH PLAIN " + Sasl.plain(user, "guess-" + guess))).startsWith("535 ");
            }
        }
    }

    /** A boxed client connects again: 421 instead of the greeting (401004). */
    void comesBackWhileBoxed(String from) throws IOException {
        try (SmtpLines session = submission(from)) {
            assertThat(session.greeting()).isEqualTo(BOXED);
        }
    }

    /**
     * A client that behaves: one unknown verb (500, 108004 cmd verb) and one malformed address under
     * a policy that rejects it (501, 108003 Rejecting), neither of which closes its session, then a
     * message delivered.
     */
    void slipsAndSendsMail(String from) throws IOException {
        try (SmtpLines session = mx(from)) {
            assertThat(session.send("EHLO friend.example")).startsWith("250");
            assertThat(session.send("XYZZY")).startsWith("500 5.5.1");
            assertThat(session.send("MAIL FROM:<a<b@example.org>")).startsWith("501 ");
            assertThat(session.send("MAIL FROM:<friend@example.org>")).startsWith("250 ");
            assertThat(session.send("RCPT TO:<" + DEMO_USER + ">")).startsWith("250 ");
            assertThat(session.send("DATA")).startsWith("354 ");
            assertThat(session.send("Subject: hello\r\n\r\nhello\r\n.")).startsWith("250 ");
            assertThat(session.send("QUIT")).startsWith("221 ");
        }
    }

    private SmtpLines mx(String from) throws IOException {
        return SmtpLines.from(InetAddress.getByName(from), mxAddress());
    }

    private SmtpLines submission(String from) throws IOException {
        return SmtpLines.from(InetAddress.getByName(from), submissionAddress());
    }

    private InetSocketAddress submissionAddress() {
        return new InetSocketAddress(MailGuardServerFixture.LOOPBACK, server.submissionPort().orElseThrow());
    }

    private InetSocketAddress mxAddress() {
        return new InetSocketAddress(MailGuardServerFixture.LOOPBACK, server.smtpPort());
    }
}
