package dev.mailguard.it;

import java.util.List;

/** The default {@code esmtp} mode with TLS allowed. */
class EsmtpModeTest extends AllowlistContract {
    @Override
    String settings() {
        return "<mode>esmtp</mode><allowTls>true</allowTls>";
    }

    @Override
    List<String> passedToJames() {
        return List.of("DATA", "HELO", "MAIL", "NOOP", "QUIT", "RCPT", "RSET", "AUTH", "EHLO", "HELP", "VRFY", "STARTTLS");
    }

    @Override
    List<String> notImplemented() {
        return List.of("ETRN", "SAML", "SEND", "SOML");
    }

    @Override
    List<String> masked() {
        return List.of("EXPN", "BDAT", "TURN", "XCLIENT");
    }
}
