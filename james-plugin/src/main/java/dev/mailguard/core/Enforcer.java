package dev.mailguard.core;

/**
 * Carries out what MailGuard's rules decide: writes the audit records the configuration asks for,
 * enforces refusals or, with {@code dryRun}, only records them (108005), and counts both. One per
 * handler chain, shared by its handlers and sessions; it holds no session state.
 */
public final class Enforcer {
    private final MailGuardConfig config;
    private final InspectionCounters counters;

    public Enforcer(MailGuardConfig config, InspectionCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    public MailGuardConfig config() {
        return config;
    }

    public InspectionCounters counters() {
        return counters;
    }

    /** Writes a record in the configured {@code auditFormat}, when {@link MailGuardConfig#writes} says so. */
    public void audit(AuditRecord record) {
        if (config.writes(record)) {
            AuditLog.write(config.auditFormat(), record);
            counters.recordWritten(record.id());
        }
    }

    /**
     * A rule found {@code record} and would answer {@code reply}. Returns whether to enforce it: with
     * {@code dryRun} it writes 108005 and returns false; otherwise it writes the record, counts the
     * refusal and returns true.
     */
    public boolean enforce(AuditRecord record, SmtpReply reply) {
        if (config.dryRun()) {
            audit(AuditRecord.dryRun(record, reply));
            return false;
        }
        audit(record);
        counters.refused(reply.reason());
        return true;
    }

    /**
     * As {@link #enforce}, for a refusal that writes no record when enforced (502, 555, an empty
     * line); a dry run still records it, as a refused request.
     */
    public boolean enforceUnrecorded(Endpoints endpoints, SmtpReply reply) {
        if (config.dryRun()) {
            audit(AuditRecord.dryRun(AuditRecord.refusedRequest(endpoints), reply));
            return false;
        }
        counters.refused(reply.reason());
        return true;
    }
}
