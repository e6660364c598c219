package dev.mailguard.it;

import java.util.List;

/** {@code <mode>smtp</mode>}: the seven RFC 821 commands only, behind the Cisco mask. */
class SmtpModeTest extends AllowlistContract {
    @Override
    String settings() {
        return "<mode>smtp</mode><maskBanner>asterisks</maskBanner>";
    }

    @Override
    String expectedGreeting() {
        return "220 \\*+";
    }

    @Override
    List<String> passedToJames() {
        return List.of("DATA", "HELO", "MAIL", "NOOP", "QUIT", "RCPT", "RSET");
    }

    @Override
    List<String> notImplemented() {
        return List.of();
    }

    @Override
    List<String> masked() {
        return List.of("AUTH", "EHLO", "ETRN", "HELP", "SAML", "SEND", "SOML", "VRFY", "EXPN", "STARTTLS", "BDAT");
    }
}
