package dev.mailguard.james;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.mailguard.core.policy.ClientPolicies;
import dev.mailguard.core.policy.ClientPolicy;
import dev.mailguard.core.inspect.CommandPolicy;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.inspect.SessionState;

/**
 * MailGuard in one handler chain (one SMTP listener): its {@link ClientPolicies}, for each policy
 * the {@link Enforcement} and {@link CommandPolicy} that carry its settings out, and its penalty box.
 * A {@link MailGuardSession} asks here for its policy's when the session starts or changes policy
 * (AUTH, a PROXY header). Immutable once wired.
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

    /** The listener's view of its penalty box; null without {@code <penaltyBox>}. */
    ListenerPenaltyBox penaltyBox() {
        return penaltyBox;
    }

    /** James wired its command handlers: each policy's command checks know which verbs James implements. */
    void wire(Set<String> implementedVerbs) {
        CommandPolicy[] wired = new CommandPolicy[enforcements.length];
        for (ClientPolicy policy : policies.all()) {
            wired[policy.index()] = new CommandPolicy(policy.config(), implementedVerbs);
        }
        commandPolicies = wired;
    }

    Enforcement enforcement(ClientPolicy policy) {
        return enforcements[policy.index()];
    }

    CommandPolicy commands(ClientPolicy policy) {
        return commandPolicies[policy.index()];
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

    /** The policy a client at {@code client} is under from connect. */
    ClientPolicy policyAtConnect(InetAddress client) {
        return policies.atConnect(client);
    }

    /** The policy of authenticated sessions, when there is one. */
    Optional<ClientPolicy> authenticatedPolicy() {
        return policies.authenticated();
    }
}
