package dev.mailguard.core.audit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The two ends of an SMTP session, written as Cisco writes them ({@code IP/PORT}), and, for the
 * {@code json} audit layout, the session's id and the name it gave in HELO/EHLO when known; also the
 * policy the session is under, where the listener has policies to tell apart.
 */
public final class Endpoints {
    private final InetSocketAddress client;
    private final InetSocketAddress server;
    private final String session;
    private final String helo;
    private final String policy;

    public Endpoints(InetSocketAddress client, InetSocketAddress server) {
        this(client, server, null, null, null);
    }

    public Endpoints(InetSocketAddress client, InetSocketAddress server, String session, String helo) {
        this(client, server, session, helo, null);
    }

    /** @param policy the name of the session's policy, null where records do not name one */
    public Endpoints(InetSocketAddress client, InetSocketAddress server, String session, String helo, String policy) {
        this.client = client;
        this.server = server;
        this.session = session;
        this.helo = helo;
        this.policy = policy;
    }

    /** The session's policy, where the listener has policies ({@link ClientPolicy#recordedName()}). */
    public Optional<String> policy() {
        return Optional.ofNullable(policy);
    }

    /** What records and trace lines append to name the policy: {@code " policy NAME"}, or nothing. */
    public String policySuffix() {
        return policy == null ? "" : " policy " + policy;
    }

    public Optional<String> session() {
        return Optional.ofNullable(session);
    }

    /** The HELO/EHLO name as the client sent it (unescaped). */
    public Optional<String> helo() {
        return Optional.ofNullable(helo);
    }

    public String client() {
        return format(client);
    }

    public String server() {
        return format(server);
    }

    /** The client's address, as the penalty box keys it. */
    public InetAddress clientAddress() {
        return client.getAddress();
    }

    public String clientIp() {
        return ip(client);
    }

    public String serverIp() {
        return ip(server);
    }

    private static String format(InetSocketAddress address) {
        return ip(address) + "/" + address.getPort();
    }

    private static String ip(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
