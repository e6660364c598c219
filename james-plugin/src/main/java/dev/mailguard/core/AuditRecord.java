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

    /** 108004: a RCPT beyond {@code maxRecipients}. */
    public static AuditRecord tooManyRecipients(Endpoints endpoints, int maxRecipients) {
        return droppedRequest(endpoints, "cmd RCPT count gt " + maxRecipients);
    }

    /** 108004: a command line longer than {@code maxCommandLineLength} octets (ASA {@code cmd line length gt 512}). */
    public static AuditRecord lineTooLong(Endpoints endpoints, int maxCommandLineLength) {
        return droppedRequest(endpoints, "cmd line length gt " + maxCommandLineLength);
    }

    /** 108004: a command line ended by a bare LF or holding a bare CR. */
    public static AuditRecord notCrlfTerminated(Endpoints endpoints) {
        return droppedRequest(endpoints, "cmd line not terminated with CRLF");
    }

    /** 108004: the connection closed in the middle of a command line, which was discarded. */
    public static AuditRecord truncatedCommand(Endpoints endpoints) {
        return droppedRequest(endpoints, "truncated command");
    }

    /** 108004: one more unknown or denied command after {@code maxUnknownCommands}; the connection is closed. */
    public static AuditRecord tooManyUnrecognized(Endpoints endpoints, int maxUnknownCommands) {
        return droppedRequest(endpoints, "unknown cmd count gt " + maxUnknownCommands);
    }

    /** 108004: a command sent before the reply to the previous one where PIPELINING was not advertised. */
    public static AuditRecord improperPipelining(Endpoints endpoints) {
        return droppedRequest(endpoints, "cmd pipelining");
    }

    /** 108004: the client talked before the 220 greeting; the connection is closed. */
    public static AuditRecord preGreetingTraffic(Endpoints endpoints) {
        return droppedRequest(endpoints, "pre-greeting traffic");
    }

    /** 108004: a message line ended by a bare LF (an SMTP smuggling attempt James refuses). */
    public static AuditRecord dataBareLf(Endpoints endpoints) {
        return droppedRequest(endpoints, "data bare LF");
    }

    /** 108004: a message holding a bare CR or a NUL, refused whole. */
    public static AuditRecord dataBareCrOrNul(Endpoints endpoints) {
        return droppedRequest(endpoints, "data bare CR or NUL");
    }

    /** 108004: a message line longer than the framing limit, refused whole. */
    public static AuditRecord dataLineTooLong(Endpoints endpoints, int limit) {
        return droppedRequest(endpoints, "data line length gt " + limit);
    }

    /** 108002: a {@code |} in a MAIL or RCPT address was replaced by a space. */
    public static AuditRecord replacedString(Endpoints endpoints, String address) {
        return new AuditRecord(2, 108002, "SMTP replaced string: out " + endpoints.clientIp() + " in "
            + endpoints.serverIp() + " data: " + AuditText.escape(address));
    }

    /** 108003: a malicious MAIL or RCPT address; the connection is closed when {@code terminating}. */
    public static AuditRecord maliciousAddress(Endpoints endpoints, String address, boolean terminating) {
        String action = terminating ? "Terminating ESMTP/SMTP connection" : "Rejecting ESMTP/SMTP command";
        return new AuditRecord(2, 108003, action + "; malicious pattern detected in the mail address from "
            + endpoints.client() + " to " + endpoints.server() + ". Data:" + AuditText.escape(address));
    }

    /** 108006: a declared (SIZE) or actual message size above {@code maxData}. */
    public static AuditRecord sizeViolation(Endpoints endpoints, long declaredSize, long actualSize) {
        return new AuditRecord(7, 108006, "Detected ESMTP size violation from " + endpoints.client() + " to "
            + endpoints.server() + "; declared size is: " + declaredSize + ", actual size is " + actualSize);
    }

    /** 108007: STARTTLS succeeded; inspection goes on inside TLS. */
    public static AuditRecord tlsStarted(Endpoints endpoints) {
        return new AuditRecord(6, 108007, "TLS started on ESMTP session between client " + endpoints.client()
            + " and server " + endpoints.server());
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
