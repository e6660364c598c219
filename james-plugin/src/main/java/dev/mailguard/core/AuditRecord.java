package dev.mailguard.core;

/**
 * One audit event in the layout of SPEC.md section 7: {@code %MAILGUARD-SEV-ID: text}, where the text
 * after the prefix is the Cisco ASA message so that existing ASA parsers match.
 */
public final class AuditRecord {
    private final int severity;
    private final int id;
    private final String message;

    private AuditRecord(int severity, int id, String message) {
        this.severity = severity;
        this.id = id;
        this.message = message;
    }

    /** 108004: a command dropped by the verb allowlist. */
    public static AuditRecord droppedCommand(Endpoints endpoints, String verb) {
        return droppedRequest(endpoints, "cmd verb " + AuditText.escape(verb));
    }

    private static AuditRecord droppedRequest(Endpoints endpoints, String matched) {
        return new AuditRecord(4, 108004, "ESMTP Classification: Dropped ESMTP Request from "
            + endpoints.client() + " to " + endpoints.server() + "; matched " + matched);
    }

    /** Cisco syslog severity, 0 (emergency) to 7 (debug). */
    public int severity() {
        return severity;
    }

    public int id() {
        return id;
    }

    public String message() {
        return message;
    }

    /** The record as a {@code cisco} format line. */
    public String toCiscoLine() {
        return "%MAILGUARD-" + severity + "-" + id + ": " + message;
    }

    @Override
    public String toString() {
        return toCiscoLine();
    }
}
