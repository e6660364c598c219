package dev.mailguard.core.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * One audit event (docs/reference.md, "Audit records"). The {@code cisco} layout is {@code %MAILGUARD-SEV-ID: text},
 * where the text after the prefix is the Cisco ASA message so that existing ASA parsers match; the
 * {@code json} layout carries the same facts as fields. Client text is escaped by {@link AuditText}
 * before it gets here, so it can neither end a record nor forge one in either layout.
 */
public final class AuditRecord {
    private static final int TLS_STARTED = 108007;
    /** Every id a record can have, for counters that must show zero before the first record. */
    public static final List<Integer> IDS = List.of(108002, 108003, 108004, 108005, 108006, TLS_STARTED, 302013, 302014,
        733102, 401004, 113015, 733100);

    private final int severity;
    private final int id;
    private final String event;
    private final Endpoints endpoints;
    private final String verb;
    private final String data;
    private final String action;
    private final String message;

    AuditRecord(int severity, int id, String event, Endpoints endpoints, String verb, String data, String action,
                        String message) {
        this.severity = severity;
        this.id = id;
        this.event = event;
        this.endpoints = endpoints;
        this.verb = verb;
        this.data = data;
        this.action = action;
        this.message = message;
    }

    /** 108004: a command dropped by the verb allowlist. */
    public static AuditRecord droppedCommand(Endpoints endpoints, String verb) {
        String escaped = AuditText.escape(verb);
        return droppedRequest(endpoints, "cmd-verb", escaped, "dropped", "cmd verb " + escaped);
    }

    /** 108004: a RCPT beyond {@code maxRecipients}. */
    public static AuditRecord tooManyRecipients(Endpoints endpoints, int maxRecipients) {
        return droppedRequest(endpoints, "rcpt-count", "RCPT", "dropped", "cmd RCPT count gt " + maxRecipients);
    }

    /** 108004: a command line longer than {@code maxCommandLineLength} octets (ASA {@code cmd line length gt 512}). */
    public static AuditRecord lineTooLong(Endpoints endpoints, int maxCommandLineLength) {
        return droppedRequest(endpoints, "line-length", null, "dropped", "cmd line length gt " + maxCommandLineLength);
    }

    /** 108004: a command line ended by a bare LF or holding a bare CR. */
    public static AuditRecord notCrlfTerminated(Endpoints endpoints) {
        return droppedRequest(endpoints, "bare-lf", null, "dropped", "cmd line not terminated with CRLF");
    }

    /** 108004: the connection closed in the middle of a command line, which was discarded. */
    public static AuditRecord truncatedCommand(Endpoints endpoints) {
        return droppedRequest(endpoints, "truncated-command", null, "dropped", "truncated command");
    }

    /** 108004: one more unknown or denied command after {@code maxUnknownCommands}; the connection is closed. */
    public static AuditRecord tooManyUnrecognized(Endpoints endpoints, int maxUnknownCommands) {
        return droppedRequest(endpoints, "unknown-count", null, "closed", "unknown cmd count gt " + maxUnknownCommands);
    }

    /** 108004: a command sent before the reply to the previous one where PIPELINING was not advertised. */
    public static AuditRecord improperPipelining(Endpoints endpoints) {
        return droppedRequest(endpoints, "pipelining", null, "dropped", "cmd pipelining");
    }

    /** 108004: AUTH in a session whose EHLO reply did not offer it (before STARTTLS, after HELO, or not at all). */
    public static AuditRecord authNotAdvertised(Endpoints endpoints) {
        return droppedRequest(endpoints, "auth-not-advertised", "AUTH", "dropped", "cmd AUTH not advertised");
    }

    /** 108004: AUTH before TLS where {@code authRequiresTls}; the credentials never reached James. */
    public static AuditRecord authBeforeTls(Endpoints endpoints) {
        return droppedRequest(endpoints, "auth-before-tls", "AUTH", "dropped", "cmd AUTH before TLS");
    }

    /**
     * 113015 (ASA AAA): one failed AUTH exchange. {@code user} is the name the client gave, as
     * bytes read as ISO-8859-1 (empty when it gave none); never a password nor the encoded exchange.
     * An {@code =} in it is escaped too, so that no name can forge the {@code user IP = } field.
     */
    public static AuditRecord authRejected(Endpoints endpoints, String user) {
        String escaped = user.isEmpty() ? "*****" : AuditText.escape(user).replace("=", "\\x3D");
        return new AuditRecord(6, 113015, "auth-rejected", endpoints, "AUTH", escaped, "rejected",
            "AAA user authentication Rejected : reason = Invalid password : local database : user = " + escaped
                + " : user IP = " + endpoints.clientIp());
    }

    /**
     * 733100 (ASA threat detection): a client went over {@code rate} ({@code connection},
     * {@code message}, {@code recipient}); at most one per client, rate and minute.
     */
    public static AuditRecord rateExceeded(Endpoints endpoints, String rate, long current, int max, Duration window) {
        return new AuditRecord(4, 733100, "rate-exceeded", endpoints, null, rate, "rejected", "[" + endpoints.clientIp() + "] "
            + rate + " rate exceeded. Current rate is " + current + " per " + per(window) + ", max configured rate is " + max);
    }

    /** {@code minute} for the one window the settings name; a test's shorter window in its own unit. */
    private static String per(Duration window) {
        if (window.equals(Duration.ofMinutes(1))) {
            return "minute";
        }
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " seconds" : window.toMillis() + " ms";
    }

    /** 108004: the client talked before the 220 greeting; the connection is closed. */
    public static AuditRecord preGreetingTraffic(Endpoints endpoints) {
        return droppedRequest(endpoints, "pre-greeting", null, "closed", "pre-greeting traffic");
    }

    /** 108004: a message line ended by a bare LF (an SMTP smuggling attempt James refuses, closing the connection). */
    public static AuditRecord dataBareLf(Endpoints endpoints) {
        return droppedRequest(endpoints, "data-bare-lf", "DATA", "closed", "data bare LF");
    }

    /** 108004: a message holding a bare CR or a NUL, refused whole. */
    public static AuditRecord dataBareCrOrNul(Endpoints endpoints) {
        return droppedRequest(endpoints, "data-bare-cr-or-nul", "DATA", "rejected", "data bare CR or NUL");
    }

    /** 108004: a message line longer than the framing limit, refused whole. */
    public static AuditRecord dataLineTooLong(Endpoints endpoints, int limit) {
        return droppedRequest(endpoints, "data-line-length", "DATA", "rejected", "data line length gt " + limit);
    }

    /** 108002: a {@code |} in a MAIL or RCPT address was replaced by a space. */
    public static AuditRecord replacedString(Endpoints endpoints, String address) {
        String escaped = AuditText.escape(address);
        return new AuditRecord(2, 108002, "replaced-string", endpoints, null, escaped, "replaced",
            "SMTP replaced string: out " + endpoints.clientIp() + " in " + endpoints.serverIp() + " data: " + escaped);
    }

    /** 108003: a malicious MAIL or RCPT address; the connection is closed when {@code terminating}. */
    public static AuditRecord maliciousAddress(Endpoints endpoints, String address, boolean terminating) {
        String escaped = AuditText.escape(address);
        String text = terminating ? "Terminating ESMTP/SMTP connection" : "Rejecting ESMTP/SMTP command";
        return new AuditRecord(2, 108003, "malicious-address", endpoints, null, escaped, terminating ? "closed" : "rejected",
            text + "; malicious pattern detected in the mail address from " + endpoints.client() + " to "
                + endpoints.server() + ". Data:" + escaped);
    }

    /** 108006: a declared (SIZE) or actual message size above {@code maxData}. */
    public static AuditRecord sizeViolation(Endpoints endpoints, long declaredSize, long actualSize) {
        return new AuditRecord(7, 108006, "size-violation", endpoints, null, null, "rejected",
            "Detected ESMTP size violation from " + endpoints.client() + " to " + endpoints.server()
                + "; declared size is: " + declaredSize + ", actual size is " + actualSize);
    }

    /** 108007: STARTTLS succeeded; inspection goes on inside TLS. */
    public static AuditRecord tlsStarted(Endpoints endpoints) {
        return new AuditRecord(6, TLS_STARTED, "tls-started", endpoints, "STARTTLS", null, "logged",
            "TLS started on ESMTP session between client " + endpoints.client() + " and server " + endpoints.server());
    }

    /** 302013 (ASA "Built ... TCP connection"), with {@code auditTrail}: a session started (IOS audit-trail start). */
    public static AuditRecord sessionStarted(Endpoints endpoints) {
        return new AuditRecord(6, 302013, "session-start", endpoints, null, null, "logged", "Built inbound TCP connection "
            + endpoints.session().orElse("-") + " for " + endpoints.client() + " to " + endpoints.server());
    }

    /**
     * 302014 (ASA "Teardown TCP connection"), with {@code auditTrail}: a session ended, with its length,
     * the octets both ways, the command lines MailGuard inspected and how many it refused.
     */
    public static AuditRecord sessionEnded(Endpoints endpoints, Duration duration, SessionCounts counts) {
        return new AuditRecord(6, 302014, "session-end", endpoints, null, null, "logged", "Teardown TCP connection "
            + endpoints.session().orElse("-") + " for " + endpoints.client() + " to " + endpoints.server()
            + " duration " + String.format("%d:%02d:%02d", duration.toHours(), duration.toMinutesPart(), duration.toSecondsPart())
            + " bytes " + (counts.octetsFromClient() + counts.octetsToClient()) + " (client " + counts.octetsFromClient()
            + ", server " + counts.octetsToClient() + ") commands " + counts.commands() + " rejected " + counts.refused());
    }

    /** 733102 (ASA threat detection): the client's strikes reached the threshold; it is refused at connect for a while. */
    public static AuditRecord shunAdded(Endpoints endpoints, String client) {
        return new AuditRecord(4, 733102, "penalty-box-added", endpoints, null, client, "shunned",
            "Threat-detection adds host " + client + " to shun list");
    }

    /** 401004 (ASA shun): a boxed client's connection was refused at connect. */
    public static AuditRecord shunnedConnection(Endpoints endpoints) {
        return new AuditRecord(4, 401004, "penalty-box-refused", endpoints, null, null, "closed",
            "Shunned connection from " + endpoints.client() + " to " + endpoints.server());
    }

    /**
     * 108005: with {@code dryRun}, what a rule found and would have answered; the command or message
     * went to James unchanged (Postfix {@code warn_if_reject}).
     */
    public static AuditRecord dryRun(AuditRecord enforced, SmtpReply wouldReply) {
        return new AuditRecord(6, 108005, enforced.event, enforced.endpoints, enforced.verb, enforced.data, "logged",
            "Dry run, not enforced: " + enforced.message + "; would reply " + wouldReply);
    }

    /** What a refusal that has no record of its own (502, 555, an empty line) is recorded as in a dry run. */
    public static AuditRecord refusedRequest(Endpoints endpoints) {
        return new AuditRecord(6, 108005, "refused", endpoints, null, null, "dropped",
            "ESMTP Request from " + endpoints.client() + " to " + endpoints.server() + " refused");
    }

    /** 108004 in the ASA's classification wording: {@code matched} says which rule. */
    static AuditRecord droppedRequest(Endpoints endpoints, String event, String verb, String action, String matched) {
        return new AuditRecord(4, 108004, event, endpoints, verb, null, action, "ESMTP Classification: Dropped ESMTP Request from "
            + endpoints.client() + " to " + endpoints.server() + "; matched " + matched);
    }

    /** Cisco syslog severity, 0 (emergency) to 7 (debug). */
    public int severity() {
        return severity;
    }

    public int id() {
        return id;
    }

    /** An anomaly (108002 to 108006), as opposed to 108007 (TLS started) and the audit-trail records. */
    public boolean isAnomaly() {
        return id >= 108002 && id < TLS_STARTED;
    }

    public String message() {
        return message;
    }

    /** The record as a {@code cisco} format line: the ASA text, then the session's policy where there is one to name. */
    public String toCiscoLine() {
        return "%MAILGUARD-" + severity + "-" + id + ": " + message + endpoints.policySuffix();
    }

    /** The record as one {@code json} line; {@code time} in ISO-8601 UTC. Absent facts are left out. */
    public String toJsonLine(Instant time) {
        return AuditJson.line(this, event, endpoints, verb, data, action, time);
    }

    @Override
    public String toString() {
        return toCiscoLine();
    }
}
