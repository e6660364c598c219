package dev.mailguard.it;

import java.io.IOException;

import org.apache.commons.net.smtp.SMTPClient;

/** A real SMTP client (commons-net) on loopback that returns each reply as text without CRLF. */
final class SmtpConnection implements AutoCloseable {
    private final SMTPClient client = new SMTPClient("ISO-8859-1");

    SmtpConnection(int port) throws IOException {
        client.setDefaultTimeout(10_000);
        client.connect(MailGuardServerFixture.LOOPBACK, port);
        client.setSoTimeout(10_000);
    }

    String greeting() {
        return reply();
    }

    /** Sends one command line (CRLF appended) and returns the complete reply. */
    String send(String command) throws IOException {
        client.sendCommand(command);
        return reply();
    }

    private String reply() {
        return client.getReplyString().stripTrailing();
    }

    SMTPClient client() {
        return client;
    }

    @Override
    public void close() throws IOException {
        if (client.isConnected()) {
            client.disconnect();
        }
    }
}
