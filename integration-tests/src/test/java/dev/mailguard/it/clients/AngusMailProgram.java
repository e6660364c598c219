package dev.mailguard.it.clients;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * Angus Mail (Jakarta Mail) as a client program of the interoperability matrix, run in a JVM of its own.
 * Usage: {@code --version} or {@code HOST PORT FROM SUBJECT TLS(none|starttls|implicit) [USER PASSWORD]}; the session
 * goes to stdout (Jakarta Mail's debug output), a failure ends the program with a non-zero status.
 */
public final class AngusMailProgram {
    private AngusMailProgram() {
    }

    public static void main(String[] args) throws Exception {
        if ("--version".equals(args[0])) {
            System.out.println("Angus Mail " + mavenVersion("org.eclipse.angus", "angus-mail")
                + " (Jakarta Mail API " + mavenVersion("jakarta.mail", "jakarta.mail-api") + ")");
            return;
        }
        boolean startTls = "starttls".equals(args[4]);
        boolean auth = args.length > 5;
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", args[0]);
        properties.setProperty("mail.smtp.port", args[1]);
        properties.setProperty("mail.smtp.localhost", "angus.example");
        properties.setProperty("mail.smtp.timeout", "30000");
        properties.setProperty("mail.smtp.starttls.enable", String.valueOf(startTls));
        properties.setProperty("mail.smtp.starttls.required", String.valueOf(startTls));
        properties.setProperty("mail.smtp.ssl.enable", String.valueOf("implicit".equals(args[4])));
        properties.setProperty("mail.smtp.ssl.trust", "*"); // the fixture's certificate is self-signed
        properties.setProperty("mail.smtp.auth", String.valueOf(auth));
        Session session = Session.getInstance(properties);
        session.setDebug(true);
        session.setDebugOut(System.out);

        MimeMessage message = new MimeMessage(session);
        message.setFrom(args[2]);
        message.setRecipients(Message.RecipientType.TO, "demo@localhost");
        message.setSubject(args[3]);
        message.setText("sent by Angus Mail\r\n");
        if (auth) {
            Transport.send(message, args[5], args[6]);
        } else {
            Transport.send(message);
        }
    }

    /** The version Maven wrote into the jar (the manifests of these jars carry no Implementation-Version). */
    private static String mavenVersion(String groupId, String artifactId) throws IOException {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = AngusMailProgram.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }
}
