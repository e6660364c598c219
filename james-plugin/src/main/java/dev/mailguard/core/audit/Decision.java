package dev.mailguard.core.audit;

import java.util.Optional;
import java.util.function.Function;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * What one check decided about what it saw: the audit record that says so (made only when it is
 * written), the reply that refuses it (none for what is only recorded), and whether the connection
 * closes after that reply. Checks return decisions; the adapter that carries them out decides
 * between enforcing and a dry run, counts, records and replies. A decision about a violation that
 * ends or poisons the session is also a strike against the client for the penalty box. Immutable;
 * most are constants.
 */
public final class Decision {
    private final Function<Endpoints, AuditRecord> record;
    private final SmtpReply reply;
    private final boolean closesConnection;
    private final boolean strike;
    private final boolean authStrike;

    private Decision(Function<Endpoints, AuditRecord> record, SmtpReply reply, boolean closesConnection, boolean strike,
                     boolean authStrike) {
        this.record = record;
        this.reply = reply;
        this.closesConnection = closesConnection;
        this.strike = strike;
        this.authStrike = authStrike;
    }

    private Decision(Function<Endpoints, AuditRecord> record, SmtpReply reply, boolean closesConnection) {
        this(record, reply, closesConnection, false, false);
    }

    /** The same decision, counted as a strike against the client by the penalty box. */
    public Decision strike() {
        return new Decision(record, reply, closesConnection, true, false);
    }

    /** The same decision, counted as an authentication failure by the penalty box (its own threshold). */
    public Decision authStrike() {
        return new Decision(record, reply, closesConnection, false, true);
    }

    /** Whether the penalty box counts it against the client as a protocol violation (unless the session is exempt). */
    public boolean strikes() {
        return strike;
    }

    /** Whether the penalty box counts it against the client as a failed authentication (unless the session is exempt). */
    public boolean strikesAuth() {
        return authStrike;
    }

    /** Refused with {@code reply}; {@code record} may be null for a refusal that writes none when enforced. */
    public static Decision refuse(SmtpReply reply, Function<Endpoints, AuditRecord> record) {
        return new Decision(record, reply, false);
    }

    /** Refused with {@code reply}, recorded, and the connection closed after the reply. */
    public static Decision refuseAndClose(SmtpReply reply, Function<Endpoints, AuditRecord> record) {
        return new Decision(record, reply, true);
    }

    /** Nothing refused, only recorded. */
    public static Decision note(Function<Endpoints, AuditRecord> record) {
        return new Decision(record, null, false);
    }

    /** Whether something is refused, as opposed to only recorded. */
    public boolean refuses() {
        return reply != null;
    }

    /** The reply that refuses; null for a decision that only records. */
    public SmtpReply reply() {
        return reply;
    }

    public boolean closesConnection() {
        return closesConnection;
    }

    public boolean recorded() {
        return record != null;
    }

    public Optional<AuditRecord> record(Endpoints endpoints) {
        return Optional.ofNullable(record).map(make -> make.apply(endpoints));
    }

    @Override
    public String toString() {
        return refuses() ? reply + (closesConnection ? ", closing" : "") : "recorded";
    }
}
