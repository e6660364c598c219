package dev.mailguard.james;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.mailguard.core.AuditRecord;
import dev.mailguard.core.Decision;
import dev.mailguard.core.Endpoints;
import dev.mailguard.core.PenaltyBoxSettings;
import dev.mailguard.core.RateLimit;
import dev.mailguard.core.StrikeRule;

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

    /** See {@link PenaltyBox#atConnect}. */
    Optional<Decision> atConnect(InetAddress client) {
        return box.atConnect(client);
    }

    void refused() {
        box.refused();
    }

    /** See {@link PenaltyBox#inOpenSession}; {@code client} is asked for only while some client is boxed here. */
    Optional<Decision> inOpenSession(Supplier<InetSocketAddress> client, long startedNanos) {
        return box.inOpenSession(client, startedNanos);
    }

    void sessionClosed() {
        box.sessionClosed();
    }

    /** A protocol violation or, with {@code authFailure}, a failed AUTH exchange, counted by this listener's rule. */
    void strike(InetAddress client, boolean authFailure, Endpoints endpoints, Consumer<AuditRecord> record) {
        box.strike(client, authFailure ? authFailures : violations, endpoints, record);
    }

    /** See {@link PenaltyBox#rate}, over this listener's rate window. */
    Optional<Decision> rate(RateLimit rate, InetAddress client, int max) {
        return box.rate(rate, client, max, settings.rateWindow());
    }
}
