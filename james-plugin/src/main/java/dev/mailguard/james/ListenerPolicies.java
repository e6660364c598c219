package dev.mailguard.james;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailguard.core.ClientPolicies;
import dev.mailguard.core.ClientPolicy;
import dev.mailguard.core.CommandPolicy;
import dev.mailguard.core.Decision;
import dev.mailguard.core.DecisionApplier;
import dev.mailguard.core.Endpoints;
import dev.mailguard.core.MailGuardConfig;
import dev.mailguard.core.RateLimit;
import dev.mailguard.core.SessionState;

/**
 * MailGuard in one handler chain (one SMTP listener): its {@link ClientPolicies}, and for each policy
 * the {@link Enforcement} and {@link CommandPolicy} that carry its settings out. A session's state
 * names its policy; everything per session asks here for that policy's, so a session that changes
 * policy (AUTH, a PROXY header) is judged by the new one from its next line on. Immutable once wired.
 */
final class ListenerPolicies {
    private final ClientPolicies policies;
    /** By {@link ClientPolicy#index()}: an array, because every command line looks its policy up. */
    private final Enforcement[] enforcements;
    private final ListenerPenaltyBox penaltyBox;
    private volatile CommandPolicy[] commandPolicies;

    /** @param penaltyBox null without {@code <penaltyBox>} */
    ListenerPolicies(ClientPolicies policies, ListenerPenaltyBox penaltyBox, Function<ClientPolicy, Enforcement> enforcement) {
        this.policies = policies;
        this.penaltyBox = penaltyBox;
        List<ClientPolicy> all = policies.all();
        this.enforcements = new Enforcement[all.size()];
        for (ClientPolicy policy : all) {
            enforcements[policy.index()] = enforcement.apply(policy);
        }
        wire(Set.of());
    }

    /** The defaults without policies, counting nothing: before James wires a handler to its chain. */
    static ListenerPolicies unregistered() {
        MailGuardConfig defaults = MailGuardConfig.defaults();
        return new ListenerPolicies(ClientPolicies.of(defaults), null, policy -> Enforcement.unregistered(defaults));
    }

    /**
     * The refusal, at connect, of a client in the penalty box (421, closing), when it is enforced:
     * recorded and counted here, to be answered by the caller. Empty for a client not boxed, in a dry
     * run (recorded as 108005), and for sessions of exempt policies.
     */
    private Optional<Decision> boxedClientRefusal(SessionState state, InetAddress client, Supplier<Endpoints> endpoints) {
        if (penaltyBox == null || client == null || enforcement(state).config().penaltyBoxExempt()) {
            return Optional.empty();
        }
        Optional<Decision> refusal = penaltyBox.atConnect(client);
        if (refusal.isEmpty() || !refusal.get().recorded() && !enforcement(state).enforcesRefusals()) {
            return Optional.empty(); // a dry run records a boxed client's connections once a minute, as enforcing does
        }
        if (!enforcement(state).apply(refusal.get(), state, endpoints)) {
            return Optional.empty();
        }
        penaltyBox.refused();
        return refusal;
    }

    /**
     * The refusal of a new connection from {@code client}, when it is enforced: in the penalty box,
     * or over its connection rate. A balancer's connection ({@code behindProxy}) is not counted: the
     * client its PROXY header names is, when the header arrives.
     */
    Optional<Decision> refusalAtConnect(SessionState state, InetAddress client, boolean behindProxy,
                                        Supplier<Endpoints> endpoints) {
        if (penaltyBox == null) {
            return Optional.empty();
        }
        Optional<Decision> boxed = boxedClientRefusal(state, client, endpoints);
        if (boxed.isPresent() || behindProxy) {
            return boxed;
        }
        return rateRefusal(state, RateLimit.CONNECTION, client, endpoints);
    }

    /**
     * The refusal of a command in a session whose client this node boxed after it connected (421,
     * closing), when it is enforced: recorded and counted here, to be answered by the caller. Empty
     * for other clients, authenticated sessions, exempt policies and in a dry run.
     */
    Optional<Decision> boxedSessionRefusal(SessionState state, SMTPSession session, Supplier<Endpoints> endpoints) {
        if (penaltyBox == null || state.authenticated() || enforcement(state).config().penaltyBoxExempt()) {
            return Optional.empty();
        }
        Optional<Decision> refusal = penaltyBox.inOpenSession(session::getRemoteAddress, state.startedNanos());
        if (refusal.isEmpty() || !enforcement(state).apply(refusal.get(), state, endpoints)) {
            return Optional.empty();
        }
        penaltyBox.sessionClosed();
        return refusal;
    }

    /**
     * Counts one event of {@code rate} by the session's client when its policy limits that rate; the
     * refusal when the client went over it and it is enforced (recorded and counted here, to be
     * answered by the caller).
     */
    Optional<Decision> rateRefusal(SessionState state, RateLimit rate, InetAddress client, Supplier<Endpoints> endpoints) {
        if (penaltyBox == null || client == null) {
            return Optional.empty();
        }
        int max = enforcement(state).config().maxRate(rate);
        if (max == 0) {
            return Optional.empty();
        }
        return penaltyBox.rate(rate, client, max).filter(refusal -> enforcement(state).apply(refusal, state, endpoints));
    }

    /** James wired its command handlers: each policy's command checks know which verbs James implements. */
    void wire(Set<String> implementedVerbs) {
        CommandPolicy[] wired = new CommandPolicy[enforcements.length];
        for (ClientPolicy policy : policies.all()) {
            wired[policy.index()] = new CommandPolicy(policy.config(), implementedVerbs);
        }
        commandPolicies = wired;
    }

    Enforcement enforcement(SessionState state) {
        return enforcements[state.policy().index()];
    }

    CommandPolicy commands(SessionState state) {
        return commandPolicies[state.policy().index()];
    }

    /** Whether any policy writes the audit trail's records, whose end record needs the octets sent to the client. */
    boolean anyAuditTrail() {
        for (Enforcement enforcement : enforcements) {
            if (enforcement.config().auditTrail()) {
                return true;
            }
        }
        return false;
    }

    /** A new session's state, under the policy its client's address selects. */
    SessionState start(InetAddress client, boolean bareLfEndsSession) {
        return new SessionState(policies.atConnect(client), bareLfEndsSession);
    }

    /** The PROXY protocol header named the real client: the session goes on under the policy that one selects. */
    void proxied(SessionState state, InetAddress client) {
        Enforcement before = enforcement(state);
        state.selectedAtConnect(policies.atConnect(client));
        before.sessionMovesTo(enforcement(state));
    }

    /** The session's client has authenticated: from now on the authenticated policy applies, if there is one. */
    void authenticated(SessionState state) {
        Enforcement before = enforcement(state);
        state.authenticated(policies.authenticated());
        before.sessionMovesTo(enforcement(state));
    }

    /** The session's decisions, carried out by whichever policy it is under when each is made. */
    DecisionApplier forSession(SessionState state, Supplier<Endpoints> endpoints) {
        return new DecisionApplier() {
            @Override
            public boolean apply(Decision decision) {
                return enforcement(state).apply(decision, state, endpoints);
            }

            @Override
            public boolean enforcesRefusals() {
                return enforcement(state).enforcesRefusals();
            }
        };
    }
}
