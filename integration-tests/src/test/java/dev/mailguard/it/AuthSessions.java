package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.DEMO_USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Sessions on a submission listener where AUTH is on offer, and wrong passwords tried in them. */
final class AuthSessions {
    private AuthSessions() {
    }

    /**
     * A session from {@code from} (a loopback address) to the STARTTLS submission listener on
     * {@code port}: AUTH is not offered before STARTTLS, and is after it and a second EHLO.
     */
    static SmtpLines overTls(String from, int port) throws Exception {
        SmtpLines session = SmtpLines.from(InetAddress.getByName(from),
            new InetSocketAddress(MailGuardServerFixture.LOOPBACK, port));
        try {
            assertThat(session.greeting()).startsWith("220 ");
            assertThat(session.send("EHLO client.example")).doesNotContain("AUTH");
            session.startTls();
            assertThat(session.send("EHLO client.example")).contains("250-AUTH LOGIN PLAIN");
            return session;
        } catch (Exception | AssertionError e) {
            session.close();
            throw e;
        }
    }

    /** AUTH PLAIN as the demo user with a password that is not its own (numbered, so that no two are alike); the reply. */
    static String wrongPassword(SmtpLines session, int guess) throws IOException {
        return session.send("AUTH PLAIN " + Sasl.plain(DEMO_USER, "guess-" + guess));
    }
}
