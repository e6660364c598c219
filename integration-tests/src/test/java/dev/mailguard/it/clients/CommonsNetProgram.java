package dev.mailguard.it.clients;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.commons.net.PrintCommandListener;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.apache.commons.net.util.TrustManagerUtils;

/**
 * Apache commons-net as a client program of the interoperability matrix, run in a JVM of its own.
 * Usage: {@code --version} or {@code HOST PORT FROM SUBJECT TLS(none|starttls|implicit) [USER PASSWORD]}. commons-net
 * leaves the HELO fallback to the application: this program does what one does, {@code elogin} and,
 * when EHLO is refused, {@code login}. The session goes to stdout; a failure ends with a non-zero status.
 */
public final class CommonsNetProgram {
    private static final String HELO_NAME = "commons-net.example";

    private CommonsNetProgram() {
    }

    public static void main(String[] args) throws Exception {
        if ("--version".equals(args[0])) {
            System.out.println("commons-net " + AuthenticatingSMTPClient.class.getPackage().getImplementationVersion());
            return;
        }
        boolean startTls = "starttls".equals(args[4]);
        AuthenticatingSMTPClient client = new AuthenticatingSMTPClient("TLS", "implicit".equals(args[4]), "UTF-8");
        client.addProtocolCommandListener(new PrintCommandListener(new PrintWriter(System.out, true, StandardCharsets.UTF_8), true));
        client.setDefaultTimeout(30_000);
        client.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager()); // the fixture's certificate is self-signed
        client.connect(args[0], Integer.parseInt(args[1]));
        try {
            greet(client);
            if (startTls) {
                check(client.execTLS(), client);
                greet(client);
            }
            if (args.length > 5) {
                check(client.auth(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, args[5], args[6]), client);
            }
            check(client.setSender(args[2]), client);
            check(client.addRecipient("demo@localhost"), client);
            Writer data = client.sendMessageData();
            if (data == null) {
                check(false, client);
            }
            data.write("From: <" + args[2] + ">\r\nTo: <demo@localhost>\r\nSubject: " + args[3] + "\r\n\r\nsent by commons-net\r\n");
            data.close();
            check(client.completePendingCommand(), client);
            check(client.logout(), client);
        } finally {
            client.disconnect();
        }
    }

    private static void greet(AuthenticatingSMTPClient client) throws Exception {
        if (!client.elogin(HELO_NAME) && SMTPReply.isNegativePermanent(client.getReplyCode())) {
            check(client.login(HELO_NAME), client);
        }
    }

    private static void check(boolean positive, AuthenticatingSMTPClient client) {
        if (!positive) {
            throw new IllegalStateException("refused: " + client.getReplyString().strip());
        }
    }
}
