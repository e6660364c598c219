package dev.mailguard.core;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The two ends of an SMTP session, written as Cisco writes them ({@code IP/PORT}), and, for the
 * {@code json} audit layout, the session's id and the name it gave in HELO/EHLO when known.
 */
public final class Endpoints {
    private final InetSocketAddress client;
    private final InetSocketAddress server;
    private final String session;
    private final String helo;

    public Endpoints(InetSocketAddress client, InetSocketAddress server) {
        this(client, server, null, null);
    }

    public Endpoints(InetSocketAddress client, InetSocketAddress server, String session, String helo) {
        this.client = client;
        this.server = server;
        this.session = session;
        this.helo = helo;
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
