package dev.mailguard.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The two inspection profiles (docs/reference.md, "Commands and the allowlist") and the verbs each allows. */
public enum InspectionMode {
    /** The seven RFC 821 commands. */
    SMTP("DATA", "HELO", "MAIL", "NOOP", "QUIT", "RCPT", "RSET"),
    /** SMTP plus the extensions IOS ESMTP inspection knows. STARTTLS is added by {@code allowTls}. */
    ESMTP("DATA", "HELO", "MAIL", "NOOP", "QUIT", "RCPT", "RSET",
        "AUTH", "EHLO", "ETRN", "HELP", "SAML", "SEND", "SOML", "VRFY");

    private final Set<String> verbs;

    InspectionMode(String... verbs) {
        this.verbs = Set.of(verbs);
    }

    public Set<String> verbs() {
        return verbs;
    }

    /** The name used in smtpserver.xml ({@code <mode>smtp</mode>}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<InspectionMode> fromConfigName(String value) {
        return Arrays.stream(values())
            .filter(mode -> mode.configName().equals(value))
            .findFirst();
    }
}
