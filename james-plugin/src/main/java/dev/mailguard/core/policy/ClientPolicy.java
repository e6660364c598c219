package dev.mailguard.core.policy;

import java.util.List;
import java.util.Optional;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.PolicySyntax;
import dev.mailguard.core.net.Cidr;

/**
 * One set of MailGuard settings and the sessions it applies to: the handler's own settings (the
 * default policy) or a {@code <policy name="NAME">} inside the handler, chosen by the client's
 * network at connect or by a successful AUTH. Immutable.
 */
public final class ClientPolicy {
    /** The name of the handler's own settings, where the handler has policies of its own. */
    public static final String DEFAULT_NAME = PolicySyntax.DEFAULT_POLICY_NAME;

    private final int index;
    private final String name;
    private final MailGuardConfig config;
    private final List<Cidr> clients;
    private final boolean authenticated;
    private final boolean named;

    ClientPolicy(int index, String name, MailGuardConfig config, List<Cidr> clients, boolean authenticated, boolean named) {
        this.index = index;
        this.name = name;
        this.config = config;
        this.clients = List.copyOf(clients);
        this.authenticated = authenticated;
        this.named = named;
    }

    /** Its place in {@link ClientPolicies#all()}: 0 for the default policy, then document order. */
    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    /** The settings in effect: the policy's own, and the handler's for everything it does not set. */
    public MailGuardConfig config() {
        return config;
    }

    /** The networks whose clients it applies to from connect; empty for the default policy. */
    public List<Cidr> clients() {
        return clients;
    }

    /** Whether it applies from a successful AUTH to the end of the session. */
    public boolean authenticated() {
        return authenticated;
    }

    /**
     * The name records and trace lines give, empty where the handler has no policy but its own
     * settings: then there is nothing to tell apart, and the records keep the layout of a listener
     * without policies.
     */
    public Optional<String> recordedName() {
        return named ? Optional.of(name) : Optional.empty();
    }

    @Override
    public String toString() {
        return name;
    }
}
