package dev.mailguard.james;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;

/** The client a PROXY protocol header announces, as James reads it (TCP over IPv4 or IPv6 only). */
final class ProxiedClients {
    private ProxiedClients() {
    }

    /** The announced source address; null for a header James refuses (UNKNOWN, UDP, UNIX) or without one. */
    static InetAddress sourceOf(HAProxyMessage header) {
        HAProxyProxiedProtocol protocol = header.proxiedProtocol();
        if (protocol != HAProxyProxiedProtocol.TCP4 && protocol != HAProxyProxiedProtocol.TCP6 || header.sourceAddress() == null) {
            return null;
        }
        try {
            // the decoder has checked it is an address literal, so this parses without a name lookup
            return InetAddress.getByName(header.sourceAddress());
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
