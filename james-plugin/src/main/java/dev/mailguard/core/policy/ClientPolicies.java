package dev.mailguard.core.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.SettingGroup;
import dev.mailguard.core.config.Settings;
import dev.mailguard.core.net.Cidr;
import dev.mailguard.core.net.ClientNetworks;

/**
 * The policies of one MailGuard handler: the handler's own settings (the default policy) and its
 * {@code <policy name="NAME">} elements, each setting what it overrides and inheriting the rest.
 * At connect the client's address picks the first policy, in document order, with a network
 * holding it ({@code <clients>}); from a successful AUTH the policy marked
 * {@code <authenticated>true</authenticated>} applies. Immutable; the lookup allocates nothing for
 * IPv4 ({@link ClientNetworks}).
 */
public final class ClientPolicies {
    private final List<ClientPolicy> all;
    private final ClientNetworks networks;
    private final ClientPolicy authenticated;

    private ClientPolicies(List<ClientPolicy> all, ClientNetworks networks, ClientPolicy authenticated) {
        this.all = List.copyOf(all);
        this.networks = networks;
        this.authenticated = authenticated;
    }

    /** Only the handler's own settings. */
    public static ClientPolicies of(MailGuardConfig config) {
        return new ClientPolicies(List.of(new ClientPolicy(0, ClientPolicy.DEFAULT_NAME, config, List.of(), false, false)),
            ClientNetworks.of(List.of()), null);
    }

    /** The handler element's settings and policies; anything wrong in them names the element and the value. */
    public static ClientPolicies from(Configuration handler) throws ConfigurationException {
        MailGuardConfig defaults = MailGuardConfig.from(handler);
        List<? extends HierarchicalConfiguration<?>> elements =
            SettingGroup.children(handler, Settings.POLICY_SETTINGS.name());
        if (elements.isEmpty()) {
            return of(defaults);
        }
        List<ClientPolicy> all = new ArrayList<>();
        all.add(new ClientPolicy(0, ClientPolicy.DEFAULT_NAME, defaults, List.of(), false, true));
        Set<String> names = new HashSet<>(Set.of(ClientPolicy.DEFAULT_NAME));
        ClientPolicy authenticated = null;
        for (HierarchicalConfiguration<?> element : elements) {
            ClientPolicy policy = read(all.size(), element, defaults, names);
            if (policy.authenticated()) {
                if (authenticated != null) {
                    throw new ConfigurationException(String.format("MailGuard: <authenticated>true</authenticated> in <policy"
                        + " name=\"%s\"> and in <policy name=\"%s\">: one policy applies after AUTH", authenticated.name(),
                        policy.name()));
                }
                authenticated = policy;
            }
            all.add(policy);
        }
        List<List<Cidr>> networksByPolicy = new ArrayList<>();
        for (ClientPolicy policy : all) {
            networksByPolicy.add(policy.clients());
        }
        try {
            return new ClientPolicies(all, ClientNetworks.of(networksByPolicy), authenticated);
        } catch (IllegalArgumentException inTwoPolicies) {
            throw new ConfigurationException("MailGuard: <clients>: " + namedPolicies(inTwoPolicies.getMessage(), all)
                + "; a client network selects one policy");
        }
    }

    private static ClientPolicy read(int index, HierarchicalConfiguration<?> element, MailGuardConfig defaults, Set<String> names)
            throws ConfigurationException {
        String name = Settings.POLICY_NAME.read(element, null, null);
        if (!names.add(name)) {
            throw new ConfigurationException(String.format("MailGuard: <policy name=\"%s\"> is defined twice: policy names"
                + " must be unique", name));
        }
        String where = "<policy name=\"" + name + "\">";
        MailGuardConfig config = MailGuardConfig.inheriting(defaults, element, where);
        SettingGroup.Values own = Settings.POLICY_SETTINGS.read(element, where, null);
        List<Cidr> clients = own.get(Settings.CLIENTS);
        boolean authenticated = own.get(Settings.AUTHENTICATED);
        if (clients.isEmpty() && !authenticated) {
            throw new ConfigurationException("MailGuard: " + where + " selects no session: give it <clients> or"
                + " <authenticated>true</authenticated>");
        }
        return new ClientPolicy(index, name, config, clients, authenticated, true);
    }

    /** ClientNetworks names policies by index; the administrator knows them by name. */
    private static String namedPolicies(String message, List<ClientPolicy> all) {
        String named = message;
        for (int index = all.size() - 1; index > 0; index--) {
            named = named.replace("policy " + index, "<policy name=\"" + all.get(index).name() + "\">");
        }
        return named;
    }

    /** The default policy first, then the {@code <policy>} elements in document order. */
    public List<ClientPolicy> all() {
        return all;
    }

    public ClientPolicy defaultPolicy() {
        return all.get(0);
    }

    /** Whether the handler has policies besides its own settings. */
    public boolean hasPolicies() {
        return all.size() > 1;
    }

    /** The policy a connection from {@code client} starts under. */
    public ClientPolicy atConnect(InetAddress client) {
        if (all.size() == 1) {
            return all.get(0);
        }
        int index = networks.policyFor(client);
        return all.get(Math.max(index, 0));
    }

    /** The policy that applies from a successful AUTH on, if one is marked so. */
    public Optional<ClientPolicy> authenticated() {
        return Optional.ofNullable(authenticated);
    }
}
