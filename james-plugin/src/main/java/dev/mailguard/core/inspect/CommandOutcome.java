package dev.mailguard.core.inspect;

import java.util.Optional;
import java.util.function.Function;
import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.config.RateLimit;
import dev.mailguard.core.config.VerbAllowlist;
import dev.mailguard.core.smtp.SmtpReply;
import dev.mailguard.core.smtp.Verbs;

/**
 * What MailGuard decided about one command line: let James run it (possibly rewritten), or answer
 * it without James, perhaps closing the connection; and which audit record, if any, says so.
 */
public final class CommandOutcome {
    private final byte[] line;
    /** What the check saw and how it answers; null for a line that passes unremarked. */
    private final Decision decision;
    private final boolean refusesStartTls;
    private final boolean unrecognized;
    private final boolean mail;
    private final long declaredSize;
    private final RateLimit rate;

    private CommandOutcome(byte[] line, Decision decision, boolean refusesStartTls, boolean unrecognized, boolean mail, long declaredSize) {
        this(line, decision, refusesStartTls, unrecognized, mail, declaredSize, null);
    }

    private CommandOutcome(byte[] line, Decision decision, boolean refusesStartTls, boolean unrecognized, boolean mail, long declaredSize,
                    RateLimit rate) {
        this.line = line;
        this.decision = decision;
        this.refusesStartTls = refusesStartTls;
        this.unrecognized = unrecognized;
        this.mail = mail;
        this.declaredSize = declaredSize;
        this.rate = rate;
    }

    static CommandOutcome pass(byte[] line) {
        return rewrite(line, null);
    }

    /** A MAIL command James runs, remembering the SIZE it declared (-1 for none) for the 108006 record. */
    static CommandOutcome passMail(byte[] line, Function<Endpoints, AuditRecord> record, long declaredSize) {
        return new CommandOutcome(line, note(record), false, false, true, declaredSize, RateLimit.MESSAGE);
    }

    /** A RCPT command James runs; when it was changed (a {@code |} replaced), the record says so. */
    static CommandOutcome passRcpt(byte[] line, Function<Endpoints, AuditRecord> record) {
        return new CommandOutcome(line, note(record), false, false, false, -1, RateLimit.RECIPIENT);
    }

    /** James runs the line; when it was changed (a {@code |} replaced), the record says so. */
    static CommandOutcome rewrite(byte[] line, Function<Endpoints, AuditRecord> record) {
        return new CommandOutcome(line, note(record), false, false, false, -1);
    }

    private static Decision note(Function<Endpoints, AuditRecord> record) {
        return record == null ? null : Decision.note(record);
    }

    /** Answered without James and without a record. */
    static CommandOutcome replyUnrecorded(SmtpReply reply) {
        return reject(reply, null);
    }

    /** Answered without James, with a record. */
    static CommandOutcome reject(SmtpReply reply, Function<Endpoints, AuditRecord> record) {
        return new CommandOutcome(null, Decision.refuse(reply, record), false, false, false, -1);
    }

    /** Answered without James, with a record, and a strike against the client: the line breaks the protocol. */
    static CommandOutcome violation(SmtpReply reply, Function<Endpoints, AuditRecord> record) {
        return new CommandOutcome(null, Decision.refuse(reply, record).strike(), false, false, false, -1);
    }

    /**
     * Answered without James, recorded, and the connection closed after the reply: the session ends
     * on a violation, a strike against the client.
     */
    static CommandOutcome disconnect(SmtpReply reply, Function<Endpoints, AuditRecord> record) {
        return new CommandOutcome(null, Decision.refuseAndClose(reply, record).strike(), false, false, false, -1);
    }

    /** An empty line: answered, not recorded, counted towards {@code maxUnknownCommands}. */
    static CommandOutcome unrecognized(SmtpReply reply) {
        return new CommandOutcome(null, Decision.refuse(reply, null), false, true, false, -1);
    }

    /** Dropped by the allowlist: masked reply and a 108004 record; counted towards {@code maxUnknownCommands}. */
    static CommandOutcome drop(String verb) {
        boolean startTls = VerbAllowlist.STARTTLS.equals(Verbs.toUpperAscii(verb));
        return new CommandOutcome(null, Decision.refuse(SmtpReply.commandUnknown(verb), endpoints -> AuditRecord.droppedCommand(endpoints, verb)),
            startTls, true, false, -1);
    }

    /** What was decided, for the adapter to carry out: a refusal, or a note on a line that passes; null for neither. */
    public Decision decision() {
        return decision;
    }

    public boolean passes() {
        return decision == null || !decision.refuses();
    }

    /** The line to give James; only when {@link #passes()}. */
    public byte[] line() {
        return line;
    }

    /** The reply to send instead of running the command; only when {@link #passes()} is false. */
    public SmtpReply reply() {
        return decision == null ? null : decision.reply();
    }

    /** Whether this passes a MAIL command, which starts a transaction. */
    public boolean passesMail() {
        return mail;
    }

    /** The per-client rate a passed command counts towards (MAIL, RCPT); null for the others. */
    public RateLimit countedRate() {
        return rate;
    }

    /** The SIZE a passed MAIL command declared, -1 when none (or not a MAIL command). */
    public long declaredSize() {
        return declaredSize;
    }

    public boolean closesConnection() {
        return decision != null && decision.closesConnection();
    }

    /** An unknown, denied or empty command: the session's count of them goes up by one. */
    public boolean unrecognized() {
        return unrecognized;
    }

    /** True when the refused command is STARTTLS, which the allowlist refuses for the whole session. */
    public boolean refusesStartTls() {
        return refusesStartTls;
    }

    /** Whether the outcome comes with an audit record. */
    public boolean recorded() {
        return decision != null && decision.recorded();
    }

    public Optional<AuditRecord> auditRecord(Endpoints endpoints) {
        return decision == null ? Optional.empty() : decision.record(endpoints);
    }

    @Override
    public String toString() {
        return passes() ? "pass" : reply().toString();
    }
}
