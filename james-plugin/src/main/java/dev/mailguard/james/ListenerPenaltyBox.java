package dev.mailguard.james;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.config.RateLimit;
import dev.mailguard.core.penalty.StrikeRule;

/**
 * One listener's view of the penalty box of its store: the box (and so who is boxed) is the
 * store's, shared with every listener naming it, while thresholds, windows and the rate window are
 * the listener's own {@code <penaltyBox>} settings.
 */
final class ListenerPenaltyBox {
    private final PenaltyBox box;
    private final StrikeRule violations;
    private final StrikeRule authFailures;
    private final PenaltyBoxSettings settings;

    ListenerPenaltyBox(PenaltyBox box, PenaltyBoxSettings settings) {
        this.box = box;
        this.settings = settings;
        this.violations = settings.violations();
        this.authFailures = settings.authFailures();
    }

    /**
     * The refusal of a new connection from {@code client}, when it is enforced (recorded and counted
     * here, answered by the caller): in the penalty box, or over its connection rate. A balancer's
     * connection ({@code behindProxy}) is not counted: the client its PROXY header names is, when the
     * header arrives. Sessions of exempt policies are not refused; a dry run records a boxed
     * client's connections once a minute, as enforcing does.
     */
    Optional<Decision> refusalAtConnect(MailGuardSession session, InetAddress client, boolean behindProxy, Supplier<Endpoints> where) {
        if (client == null || session.config().penaltyBoxExempt()) {
            return Optional.empty();
        }
        Optional<Decision> boxed = box.atConnect(client).filter(refusal -> enforced(session, refusal, where));
        if (boxed.isPresent()) {
            box.refused();
            return boxed;
        }
        return behindProxy ? Optional.empty() : rateRefusal(session, RateLimit.CONNECTION, client, where);
    }

    private static boolean enforced(MailGuardSession session, Decision refusal, Supplier<Endpoints> where) {
        // a dry run writes only the refusals the box records (once a minute per client)
        return (refusal.recorded() || session.enforcesRefusals()) && session.enforcement().apply(refusal, session.state(), where);
    }

    /**
     * The refusal of a command in a session whose client this node boxed after it connected (421,
     * closing), when it is enforced: recorded and counted here, to be answered by the caller. Empty
     * for other clients, authenticated sessions, exempt policies and in a dry run.
     */
    Optional<Decision> boxedSessionRefusal(MailGuardSession session) {
        if (session.state().authenticated() || session.config().penaltyBoxExempt()) {
            return Optional.empty();
        }
        Optional<Decision> refusal = box.inOpenSession(session.james()::getRemoteAddress, session.state().startedNanos());
        if (refusal.isEmpty() || !session.apply(refusal.get())) {
            return Optional.empty();
        }
        box.sessionClosed();
        return refusal;
    }

    /**
     * Counts one event of {@code rate} by {@code client} when the session's policy limits that rate;
     * the refusal when the client went over it and it is enforced (recorded and counted here, to be
     * answered by the caller).
     */
    Optional<Decision> rateRefusal(MailGuardSession session, RateLimit rate, InetAddress client, Supplier<Endpoints> where) {
        int max = session.config().maxRate(rate);
        if (client == null || max == 0) {
            return Optional.empty();
        }
        return box.rate(rate, client, max, settings.rateWindow())
            .filter(refusal -> session.enforcement().apply(refusal, session.state(), where));
    }

    /** A protocol violation or, with {@code authFailure}, a failed AUTH exchange, counted by this listener's rule. */
    void strike(InetAddress client, boolean authFailure, Endpoints endpoints, Consumer<AuditRecord> record) {
        box.strike(client, authFailure ? authFailures : violations, endpoints, record);
    }
}
