package dev.mailguard.core;

import java.util.Optional;

/** What MailGuard decided about one command line: let James run it, or answer it without James. */
public final class Verdict {
    private static final Verdict PASS = new Verdict(null, null);

    private final SmtpReply reply;
    private final String droppedVerb;

    private Verdict(SmtpReply reply, String droppedVerb) {
        this.reply = reply;
        this.droppedVerb = droppedVerb;
    }

    static Verdict pass() {
        return PASS;
    }

    /** Answered without James and without a record. */
    static Verdict answer(SmtpReply reply) {
        return new Verdict(reply, null);
    }

    /** Dropped by the allowlist: masked reply and a 108004 record. */
    static Verdict drop(String verb) {
        return new Verdict(SmtpReply.commandUnknown(verb), verb);
    }

    public boolean passes() {
        return reply == null;
    }

    /** The reply to send instead of running the command; only when {@link #passes()} is false. */
    public SmtpReply reply() {
        return reply;
    }

    /** True when the refused command is STARTTLS, which the allowlist refuses for the whole session. */
    public boolean refusesStartTls() {
        return droppedVerb != null && VerbAllowlist.STARTTLS.equals(Verbs.toUpperAscii(droppedVerb));
    }

    public Optional<AuditRecord> auditRecord(Endpoints endpoints) {
        return Optional.ofNullable(droppedVerb).map(verb -> AuditRecord.droppedCommand(endpoints, verb));
    }

    @Override
    public String toString() {
        return passes() ? "pass" : reply.toString();
    }
}
