package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The default {@code esmtp} mode with TLS allowed. */
class EsmtpModeTest extends AllowlistContract {
    @Override
    String settings() {
        return "<mode>esmtp</mode><allowTls>true</allowTls>";
    }

    @Override
    List<String> passedToJames() {
        return List.of("DATA", "HELO", "MAIL", "NOOP", "QUIT", "RCPT", "RSET", "EHLO", "HELP", "VRFY", "STARTTLS");
    }

    @Override
    List<String> notImplemented() {
        return List.of("ETRN", "SAML", "SEND", "SOML");
    }

    @Override
    List<String> masked() {
        return List.of("EXPN", "BDAT", "TURN", "XCLIENT");
    }

    /**
     * AUTH is on the allowlist, but this listener (conf/'s MX listener) never offers it, and James
     * would run it anyway: MailGuard answers it itself, without masking the verb; before TLS with 538,
     * as on every listener (the transcript auth-not-advertised.txt has the 503 after STARTTLS).
     */
    @Test
    void authIsAllowedButRefusedWhereNotOffered() throws Exception {
        try (SmtpConnection smtp = new SmtpConnection(smtpPort())) {
            assertThat(smtp.send("EHLO client.example")).doesNotContain("AUTH");
            assertThat(smtp.send("AUTH PLAIN AGRlbW9AbG9jYWxob3N0AGRlbW8="))
                .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
        }
    }

    /** The filtered keywords are kept from one session to the next; the line naming the client is not. */
    @Test
    void eachClientIsNamedInItsOwnEhloReply() throws Exception {
        String first;
        String second;
        try (SmtpConnection smtp = new SmtpConnection(smtpPort())) {
            first = smtp.send("EHLO first.example");
        }
        try (SmtpConnection smtp = new SmtpConnection(smtpPort())) {
            second = smtp.send("EHLO second.example");
        }

        assertThat(first.lines().findFirst()).hasValueSatisfying(line -> assertThat(line).contains("first.example"));
        assertThat(second.lines().findFirst()).hasValueSatisfying(line -> assertThat(line).contains("second.example")
            .doesNotContain("first.example"));
        assertThat(second.lines().skip(1)).containsExactlyElementsOf(first.lines().skip(1).collect(Collectors.toList()))
            .contains("250-PIPELINING").doesNotContain("250-CHUNKING");
    }
}
