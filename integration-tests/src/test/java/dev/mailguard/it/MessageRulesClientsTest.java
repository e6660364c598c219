package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message rules (docs/reference.md, "Message rules") with real clients, as the conf/ listener
 * ships them plus {@code denyMimeFilenames} for executables and {@code maxInvalidRecipients} 2:
 * Angus Mail and swaks attaching files, Python's email package building a nested message. A refused
 * message is never delivered; one that breaks no rule is delivered once, byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageRulesClientsTest {
    private static final String NAME_TOO_LONG = "554 5.6.0 Attachment file name too long";

    @RegisterExtension
    final MailGuardServerExtension server = MailGuardServerExtension.shippedConf()
        .edit(ConfVariant.addToMailGuard(0, "<denyMimeFilenames>\\.(exe|scr)$</denyMimeFilenames>"))
        .edit(ConfVariant.setInMailGuard(0, "maxInvalidRecipients", "2"))
        .edit(ConfVariant.addHandler(0, "org.apache.james.smtpserver.fastfail.ValidRcptHandler"))
        .auditCapture().build();

    private static String name(int length) {
        return "a".repeat(length - 4) + ".pdf";
    }

    private String angus(String subject, String filename) {
        return ChildJvm.program("dev.mailguard.it.clients.AngusAttachmentProgram")
            .runAllowingFailure(MailGuardServerFixture.LOOPBACK, String.valueOf(server.smtpPort()), subject, filename);
    }

    @Test
    void angusMailAttachmentNamesAtTheLimitAndOverIt() throws Exception {
        assertThat(angus("angus 255", name(255))).doesNotContain("554");
        assertThat(new DemoInbox(server).awaitDelivered("angus 255")).hasSize(1);

        assertThat(angus("angus 256", name(256))).contains(NAME_TOO_LONG);
        assertThat(angus("angus exe", "setup.exe")).contains("554 5.7.0 Attachment type not allowed");
        assertThat(server.audit().records()).anyMatch(record -> record.endsWith("matched MIME filetype setup.exe"));
        assertThat(new DemoInbox(server).subjects()).doesNotContain("angus 256", "angus exe");
    }

    @Test
    void swaksAttachmentNamesAtTheLimitAndOverIt(@TempDir Path directory) throws Exception {
        ExternalProgram swaks = ExternalProgram.require("swaks", "swaks");
        Path file = Files.writeString(directory.resolve("attachment.txt"), "attached by swaks\n");
        String accepted = swaks.runAllowingFailure(swaksArguments("swaks 255", file, name(255)));
        assertThat(accepted).contains("<-  250");
        assertThat(new DemoInbox(server).awaitDelivered("swaks 255")).hasSize(1);

        String refused = swaks.runAllowingFailure(swaksArguments("swaks 256", file, name(256)));
        assertThat(refused).contains("<** " + NAME_TOO_LONG);
        assertThat(new DemoInbox(server).subjects()).doesNotContain("swaks 256");
    }

    private String[] swaksArguments(String subject, Path file, String attachName) {
        return new String[] {"--server", MailGuardServerFixture.LOOPBACK, "--port", String.valueOf(server.smtpPort()), "--helo",
            "swaks.example", "--from", "swaks@example.org", "--to", "demo@localhost", "--header", "Subject: " + subject,
            "--attach-type", "application/octet-stream", "--attach-name", attachName, "--attach", "@" + file, "--timeout", "30"};
    }

    @Test
    void pythonNestedMessageIsDeliveredByteForByteOrRefused(@TempDir Path directory) throws Exception {
        ExternalProgram python = ExternalProgram.require("python3", "python3");
        String script = TestResource.path("/clients/nested_mime.py");
        Path sent = directory.resolve("sent.eml");

        assertThat(python.runAllowingFailure(script, MailGuardServerFixture.LOOPBACK, String.valueOf(server.smtpPort()),
            "python nested", "255", sent.toString())).contains("accepted");
        assertThat(new DemoInbox(server).awaitDelivered("python nested")).hasSize(1);
        byte[] delivered = new DemoInbox(server).raw("python nested");
        byte[] original = Files.readAllBytes(sent);
        assertThat(Arrays.copyOfRange(delivered, Math.max(0, delivered.length - original.length), delivered.length))
            .as("the delivered message ends with what Python sent, unchanged").isEqualTo(original);

        Path refusedCopy = directory.resolve("refused.eml");
        assertThat(python.runAllowingFailure(script, MailGuardServerFixture.LOOPBACK, String.valueOf(server.smtpPort()),
            "python nested 256", "256", refusedCopy.toString())).contains(NAME_TOO_LONG.substring(4));
        assertThat(new String(Files.readAllBytes(refusedCopy), StandardCharsets.US_ASCII)).contains("filename*0");
        assertThat(new DemoInbox(server).subjects()).doesNotContain("python nested 256");
    }

    @Test
    void invalidRecipientsJamesRefusedCloseTheSessionPastTheLimit() throws Exception {
        try (SmtpLines smtp = new SmtpLines(server.smtpPort())) {
            smtp.send("HELO client.example");
            assertThat(smtp.send("MAIL FROM:<harvester@example.org>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<nobody1@localhost>")).startsWith("550");
            assertThat(smtp.send("RCPT TO:<a<b@localhost>")).as("refused by MailGuard, not counted").startsWith("501");
            assertThat(smtp.send("RCPT TO:<demo@localhost>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<nobody2@localhost>")).startsWith("550");
            assertThat(smtp.send("RCPT TO:<nobody3@localhost>")).isEqualTo("421 4.7.0 Too many invalid recipients, closing connection");
            assertThat(smtp.closedByServer()).isTrue();
        }
        assertThat(server.audit().records()).anyMatch(record -> record.contains("108004")
            && record.endsWith("matched invalid-recipients count gt 2"));
    }
}
