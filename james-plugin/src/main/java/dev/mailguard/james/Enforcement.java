package dev.mailguard.james;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.policy.ClientPolicies;
import dev.mailguard.core.policy.ClientPolicy;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.audit.InspectionCounters;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.inspect.SessionState;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/**
 * The one place where MailGuard's decisions take effect: a refusal is enforced and counted or, with
 * {@code dryRun}, only recorded as 108005; records are written as the configuration asks. Every
 * check in the core returns a {@link Decision}; the handlers hand it here and then answer the client
 * the way their place in James allows (a reply to James, a hook result, or bytes on the channel
 * through {@link #reply}). One per policy of a handler chain ({@link ListenerPolicies}), shared by
 * the chain's handlers and the sessions under that policy; it holds no session state.
 */
final class Enforcement {
    private final ClientPolicy policy;
    private final MailGuardConfig config;
    private final InspectionCounters counters;
    private final InspectionCounters policyCounters;
    private final ListenerPenaltyBox penaltyBox;

    /**
     * @param counters where everything is counted: MailGuard's totals and, where the listener has
     *     policies, {@code policyCounters} too
     * @param policyCounters the policy's own, which sessions leave and join when they change policy
     */
    Enforcement(ClientPolicy policy, InspectionCounters counters, InspectionCounters policyCounters) {
        this(policy, counters, policyCounters, null);
    }

    /** @param penaltyBox where strikes go; null without {@code <penaltyBox>} */
    Enforcement(ClientPolicy policy, InspectionCounters counters, InspectionCounters policyCounters, ListenerPenaltyBox penaltyBox) {
        this.policy = policy;
        this.config = policy.config();
        this.counters = counters;
        this.policyCounters = policyCounters;
        this.penaltyBox = penaltyBox;
    }

    /** Settings without policies, counting nothing: before James wires a handler to its chain, and in tests. */
    static Enforcement unregistered(MailGuardConfig config) {
        return new Enforcement(ClientPolicies.of(config).defaultPolicy(), InspectionCounters.NONE, InspectionCounters.NONE);
    }

    ClientPolicy policy() {
        return policy;
    }

    MailGuardConfig config() {
        return config;
    }

    /** A session under this policy goes on under {@code next}'s (selected by AUTH or by a PROXY header). */
    void sessionMovesTo(Enforcement next) {
        if (next != this) {
            policyCounters.sessionEnded();
            next.policyCounters.sessionStarted();
        }
    }

    InspectionCounters counters() {
        return counters;
    }

    /** Writes a record in the configured {@code auditFormat}, when {@link MailGuardConfig#writes} says so. */
    void record(AuditRecord record) {
        if (config.writes(record)) {
            AuditLog.write(config.auditFormat(), record);
            counters.recordWritten(record.id());
        }
    }

    /**
     * Carries {@code decision} out. A note is recorded. A refusal is recorded and counted and the
     * method returns true; in a dry run it writes 108005 instead (a refusal without a record of its
     * own as a refused request) and returns false, so that James gets the input unchanged.
     *
     * A strike also goes to the penalty box, dry run or not, unless the session is exempt
     * (authenticated, or its policy's {@code penaltyBoxExempt}).
     *
     * @param endpoints asked for only when a record is written or a strike counted
     */
    boolean apply(Decision decision, SessionState session, Supplier<Endpoints> endpoints) {
        boolean enforced = recordAndCount(decision, endpoints);
        // after the decision's own record, so that the 733102 of the strike that boxes comes after it
        if ((decision.strikes() || decision.strikesAuth()) && penaltyBox != null && !session.authenticated()
                && !config.penaltyBoxExempt()) {
            Endpoints where = endpoints.get();
            penaltyBox.strike(where.clientAddress(), decision.strikesAuth(), where, this::record);
        }
        return enforced;
    }

    private boolean recordAndCount(Decision decision, Supplier<Endpoints> endpoints) {
        if (!decision.refuses()) {
            decision.record(endpoints.get()).ifPresent(this::record);
            return false;
        }
        if (config.dryRun()) {
            Endpoints where = endpoints.get();
            AuditRecord seen = decision.record(where).orElseGet(() -> AuditRecord.refusedRequest(where));
            record(AuditRecord.dryRun(seen, decision.reply()));
            return false;
        }
        if (decision.recorded()) {
            decision.record(endpoints.get()).ifPresent(this::record);
        }
        counters.refused(decision.reply().reason());
        return true;
    }

    /** A command line was judged: counted for the session's audit trail and in MailGuard's counters. */
    void commandInspected(SessionState state, boolean allowed) {
        state.counts().command(allowed);
        counters.commandInspected(allowed);
    }

    /** Whether refusals are enforced: not in a dry run. */
    boolean enforcesRefusals() {
        return !config.dryRun();
    }

    /**
     * Writes an enforced decision's reply straight to the channel, closing it after the reply when the
     * decision says so: for refusals made below James's response layer.
     */
    static void reply(ChannelHandlerContext context, Decision decision) {
        ChannelFuture written = context.writeAndFlush(Unpooled.copiedBuffer(decision.reply().toWireLine(), StandardCharsets.US_ASCII));
        if (decision.closesConnection()) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
