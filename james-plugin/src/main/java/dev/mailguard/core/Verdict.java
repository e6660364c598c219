package dev.mailguard.core;

import java.util.Optional;
import java.util.function.Function;

/**
 * What MailGuard decided about one command line: let James run it (possibly rewritten), or answer
 * it without James, perhaps closing the connection; and which audit record, if any, says so.
 */
public final class Verdict {
    private final byte[] line;
    private final SmtpReply reply;
    private final Function<Endpoints, AuditRecord> record;
    private final boolean closesConnection;
    private final boolean refusesStartTls;
    private final boolean unrecognized;
    private final long declaredSize;

    private Verdict(byte[] line, SmtpReply reply, Function<Endpoints, AuditRecord> record,
                    boolean closesConnection, boolean refusesStartTls, boolean unrecognized, long declaredSize) {
        this.line = line;
        this.reply = reply;
        this.record = record;
        this.closesConnection = closesConnection;
        this.refusesStartTls = refusesStartTls;
        this.unrecognized = unrecognized;
        this.declaredSize = declaredSize;
    }

    static Verdict pass(byte[] line) {
        return rewrite(line, null);
    }

    /** A MAIL command James runs, remembering the SIZE it declared for the 108006 record. */
    static Verdict passMail(byte[] line, Function<Endpoints, AuditRecord> record, long declaredSize) {
        return new Verdict(line, null, record, false, false, false, declaredSize);
    }

    /** James runs the line; when it was changed (a {@code |} replaced), the record says so. */
    static Verdict rewrite(byte[] line, Function<Endpoints, AuditRecord> record) {
        return passMail(line, record, -1);
    }

    /** Answered without James and without a record. */
    static Verdict answer(SmtpReply reply) {
        return reject(reply, null);
    }

    /** Answered without James, with a record. */
    static Verdict reject(SmtpReply reply, Function<Endpoints, AuditRecord> record) {
        return new Verdict(null, reply, record, false, false, false, -1);
    }

    /** Answered without James, recorded, and the connection closed after the reply. */
    static Verdict disconnect(SmtpReply reply, Function<Endpoints, AuditRecord> record) {
        return new Verdict(null, reply, record, true, false, false, -1);
    }

    /** An empty line: answered, not recorded, counted towards {@code maxUnknownCommands}. */
    static Verdict unrecognized(SmtpReply reply) {
        return new Verdict(null, reply, null, false, false, true, -1);
    }

    /** Dropped by the allowlist: masked reply and a 108004 record; counted towards {@code maxUnknownCommands}. */
    static Verdict drop(String verb) {
        boolean startTls = VerbAllowlist.STARTTLS.equals(Verbs.toUpperAscii(verb));
        return new Verdict(null, SmtpReply.commandUnknown(verb), endpoints -> AuditRecord.droppedCommand(endpoints, verb),
            false, startTls, true, -1);
    }

    public boolean passes() {
        return reply == null;
    }

    /** The line to give James; only when {@link #passes()}. */
    public byte[] line() {
        return line;
    }

    /** The reply to send instead of running the command; only when {@link #passes()} is false. */
    public SmtpReply reply() {
        return reply;
    }

    /** The SIZE a passed MAIL command declared, -1 when none (or not a MAIL command). */
    public long declaredSize() {
        return declaredSize;
    }

    public boolean closesConnection() {
        return closesConnection;
    }

    /** An unknown, denied or empty command: the session's count of them goes up by one. */
    public boolean unrecognized() {
        return unrecognized;
    }

    /** True when the refused command is STARTTLS, which the allowlist refuses for the whole session. */
    public boolean refusesStartTls() {
        return refusesStartTls;
    }

    /** Whether the verdict comes with an audit record. */
    public boolean recorded() {
        return record != null;
    }

    public Optional<AuditRecord> auditRecord(Endpoints endpoints) {
        return Optional.ofNullable(record).map(make -> make.apply(endpoints));
    }

    @Override
    public String toString() {
        return passes() ? "pass" : reply.toString();
    }
}
