package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a James that offers STARTTLS, MailGuard with {@code allowTls=false} masks STARTTLS, and the
 * session goes on in clear text (James's own framer would otherwise drop it at the next line).
 */
class MaskedStartTlsTest {
    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf()
        .mailGuardSettings("<allowTls>false</allowTls>").build();

    @Test
    void maskedStartTlsLeavesTheSessionUsable() throws Exception {
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.send("EHLO client.example")).startsWith("250");
            assertThat(smtp.send("STARTTLS")).isEqualTo("500 5.5.1 Command unknown: 'XXXXXXXX'");
            assertThat(smtp.send("NOOP")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<sender@example.org>")).startsWith("250");
        }
    }

    @Test
    void pluginIsLoadedFromTheJarNotFromTheTestClassPath() {
        assertThatThrownBy(() -> Class.forName("dev.mailguard.james.MailGuardCommandDispatcher"))
            .isInstanceOf(ClassNotFoundException.class);
    }
}
