package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/reference.md, "Audit records", {@code auditTrail}: a record when a session starts (302013) and one when it
 * ends (302014) with the octets each way, counted as they pass, and the command lines judged. A raw
 * socket counts the same octets from the client's side.
 */
class AuditTrailTest {
    private static final String COMMANDS = "EHLO client.example\r\nNOOP\r\nXYZZ\r\nQUIT\r\n";
    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf()
        .mailGuardSettings("<auditTrail>true</auditTrail>").auditCapture().build();

    @Test
    void sessionEndRecordCountsTheOctetsBothWaysAndTheCommands() throws Exception {
        AuditCapture audit = server.audit();
        byte[] sent = COMMANDS.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket(MailGuardServerFixture.LOOPBACK, server.smtpPort())) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            received.write(readLine(in)); // the greeting first: talk before it is refused
            for (String command : COMMANDS.split("(?<=\r\n)")) {
                out.write(command.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                received.write(readReply(in));
            }
            assertThat(in.read()).as("the server closes after QUIT").isEqualTo(-1);
        }
        String replies = received.toString(StandardCharsets.US_ASCII);
        assertThat(replies).startsWith("220 ").contains("\r\n500 5.5.1 Command unknown: 'XXXX'\r\n221 ");

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !audit.records("302014").isEmpty());
        assertThat(audit.records("302013")).hasSize(1);
        assertThat(audit.records("302014")).singleElement().asString()
            .contains(" bytes " + (sent.length + received.size()) + " (client " + sent.length + ", server " + received.size() + ")")
            .endsWith(" commands 4 rejected 1");
    }

    private static byte[] readReply(InputStream in) throws Exception {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        byte[] line;
        do {
            line = readLine(in);
            reply.write(line);
        } while (line.length > 3 && line[3] == '-');
        return reply.toByteArray();
    }

    private static byte[] readLine(InputStream in) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int octet;
        while ((octet = in.read()) != -1) {
            line.write(octet);
            if (octet == '\n') {
                break;
            }
        }
        return line.toByteArray();
    }
}
