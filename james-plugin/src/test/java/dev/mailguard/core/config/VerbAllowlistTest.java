package dev.mailguard.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class VerbAllowlistTest {
    @Test
    void smtpProfileIsTheSevenRfc821Commands() {
        assertThat(VerbAllowlist.of(InspectionMode.SMTP, true, List.of(), List.of()).verbs())
            .containsExactly("DATA", "HELO", "MAIL", "NOOP", "QUIT", "RCPT", "RSET");
    }

    @Test
    void esmtpProfileAddsExtensionsAndStartTls() {
        assertThat(VerbAllowlist.of(InspectionMode.ESMTP, true, List.of(), List.of()).verbs())
            .containsExactly("AUTH", "DATA", "EHLO", "ETRN", "HELO", "HELP", "MAIL", "NOOP", "QUIT", "RCPT", "RSET",
                "SAML", "SEND", "SOML", "STARTTLS", "VRFY");
    }

    @Test
    void allowAddsAndDenyRemoves() {
        VerbAllowlist allowlist = VerbAllowlist.of(InspectionMode.ESMTP, true, List.of("EXPN"), List.of("VRFY"));

        assertThat(allowlist.allows("expn")).isTrue();
        assertThat(allowlist.allows("vrfy")).isFalse();
    }

    @Test
    void denyWinsOverAllow() {
        assertThat(VerbAllowlist.of(InspectionMode.SMTP, false, List.of("EXPN"), List.of("EXPN")).allows("EXPN")).isFalse();
    }

    @Test
    void smtpModeNeverAllowsStartTlsByItself() {
        assertThat(VerbAllowlist.of(InspectionMode.SMTP, true, List.of(), List.of()).allows("STARTTLS")).isFalse();
    }
}
