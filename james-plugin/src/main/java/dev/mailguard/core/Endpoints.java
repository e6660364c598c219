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

    private static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return host + "/" + address.getPort();
    }
}
