package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.DEMO_PASSWORD;
import static dev.mailguard.it.MailGuardServerFixture.DEMO_USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The submission listener with {@code <requireSSL>true</requireSSL>}: James then announces AUTH only
 * after STARTTLS but would still run one sent before; MailGuard refuses it with 538 as it does
 * whatever requireSSL says, so no password is taken in clear text, and AUTH works once TLS has started.
 */
class SubmissionRequireSslTest {
    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().edit(conf -> {
        Path smtpserver = conf.resolve("smtpserver.xml");
        String xml = Files.readString(smtpserver);
        assertThat(xml).contains("<requireSSL>false</requireSSL>");
        Files.writeString(smtpserver, xml.replace("<requireSSL>false</requireSSL>", "<requireSSL>true</requireSSL>"));
    }).auditCapture().build();

    @Test
    void authBeforeStartTlsIsRefusedAndAfterItAccepted() throws Exception {
        String credentials = Sasl.plain(DEMO_USER, DEMO_PASSWORD);
        try (SmtpLines smtp = new SmtpLines(server.submissionPort().orElseThrow())) {
            assertThat(smtp.send("EHLO client.example")).contains("STARTTLS").doesNotContain("AUTH");
            assertThat(smtp.send("AUTH PLAIN " + credentials))
                .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
            assertThat(smtp.send("AUTH LOGIN")).isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
            assertThat(smtp.send("MAIL FROM:<" + DEMO_USER + ">")).as("not authenticated: no local sender").startsWith("530 ");
            assertThat(smtp.send("RSET")).startsWith("250 ");
            smtp.startTls();
            assertThat(smtp.send("EHLO client.example")).contains("AUTH LOGIN PLAIN");
            assertThat(smtp.send("AUTH PLAIN " + credentials)).startsWith("235 ");
        }
        assertThat(server.audit().records("108004")).hasSize(2).allMatch(record -> record.endsWith("; matched cmd AUTH before TLS"));
    }
}
