package dev.mailguard.core;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * The policies of one MailGuard handler: the handler's own settings (the default policy) and its
 * {@code <policy name="NAME">} elements, each setting what it overrides and inheriting the rest.
 * At connect the client's address picks the first policy, in document order, with a network
 * holding it ({@code <clients>}); from a successful AUTH the policy marked
 * {@code <authenticated>true</authenticated>} applies. Immutable; the lookup allocates nothing for
 * IPv4 ({@link ClientNetworks}).
 */
public final class ClientPolicies {
    static final String POLICY = "policy";
    static final String CLIENTS = "clients";
    static final String AUTHENTICATED = "authenticated";
    private static final String NAME = "[@name]";
    /** Names go into metric names and record lines: no space, dot-separated parts like James's own metrics. */
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[\\s,]+");

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
        List<? extends HierarchicalConfiguration<?>> elements = handler instanceof HierarchicalConfiguration
            ? ((HierarchicalConfiguration<?>) handler).configurationsAt(POLICY) : List.of();
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
        String name = element.getString(NAME);
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw new ConfigurationException(String.format("MailGuard: <policy name=\"%s\">: a policy needs a name of 1 to 64"
                + " letters, digits, '-' or '_'", name == null ? "" : name));
        }
        if (!names.add(name)) {
            throw new ConfigurationException(String.format("MailGuard: <policy name=\"%s\"> %s", name,
                ClientPolicy.DEFAULT_NAME.equals(name) ? "names the handler's own settings: choose another name"
                    : "is defined twice: policy names must be unique"));
        }
        String where = "<policy name=\"" + name + "\">";
        MailGuardConfig config;
        try {
            config = MailGuardConfig.inheriting(defaults, element, Set.of(CLIENTS, AUTHENTICATED), where);
        } catch (ConfigurationException e) {
            if (e.getMessage().contains(where)) {
                throw e;
            }
            // no cause: launchers report the innermost ConfigurationException's message
            throw new ConfigurationException(e.getMessage() + " (in " + where + ")");
        }
        List<Cidr> clients = clients(element, where);
        boolean authenticated = authenticated(element, where);
        if (clients.isEmpty() && !authenticated) {
            throw new ConfigurationException("MailGuard: " + where + " selects no session: give it <clients> or"
                + " <authenticated>true</authenticated>");
        }
        return new ClientPolicy(index, name, config, clients, authenticated, true);
    }

    private static List<Cidr> clients(Configuration element, String where) throws ConfigurationException {
        List<Cidr> clients = new ArrayList<>();
        Object property = element.getProperty(CLIENTS); // getList would drop an empty element
        List<?> values = property == null ? List.of() : property instanceof Collection ? List.copyOf((Collection<?>) property)
            : List.of(property);
        for (Object value : values) {
            String written = String.valueOf(value);
            String[] networks = LIST_SEPARATOR.split(written.trim());
            if (networks.length == 1 && networks[0].isEmpty()) {
                throw new ConfigurationException("MailGuard: <clients> in " + where + " is empty: give one or more"
                    + " networks such as 192.0.2.0/24 or 2001:db8::/32");
            }
            for (String network : networks) {
                try {
                    clients.add(Cidr.parse(network));
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException("MailGuard: <clients>" + network + "</clients> in " + where + ": "
                        + e.getMessage());
                }
            }
        }
        return clients;
    }

    private static boolean authenticated(Configuration element, String where) throws ConfigurationException {
        String written = element.getString(AUTHENTICATED);
        if (written == null || written.trim().equalsIgnoreCase("false")) {
            return false;
        }
        if (written.trim().equalsIgnoreCase("true")) {
            return true;
        }
        throw new ConfigurationException("MailGuard: <authenticated>" + written + "</authenticated> in " + where
            + ": expected true or false");
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
