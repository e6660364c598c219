package dev.mailguard.core.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The layout of audit records (setting {@code auditFormat}). */
public enum AuditFormat {
    /** {@code %MAILGUARD-SEV-ID: ASA text}, for existing ASA parsers. */
    CISCO,
    /** One JSON object per line. */
    JSON;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AuditFormat> fromConfigName(String name) {
        return Arrays.stream(values()).filter(format -> format.configName().equals(name)).findFirst();
    }
}
