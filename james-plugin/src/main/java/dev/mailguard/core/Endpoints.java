package dev.mailguard.core;

import java.net.InetSocketAddress;

/** The two ends of an SMTP session, written as Cisco writes them: {@code IP/PORT}. */
public final class Endpoints {
    private final InetSocketAddress client;
    private final InetSocketAddress server;

    public Endpoints(InetSocketAddress client, InetSocketAddress server) {
        this.client = client;
        this.server = server;
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
