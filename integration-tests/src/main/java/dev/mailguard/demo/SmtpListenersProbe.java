package dev.mailguard.demo;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

import javax.inject.Inject;

import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.utils.GuiceProbe;

/**
 * The bound port of each SMTP listener by its position in smtpserver.xml. James's own
 * {@code SmtpGuiceProbe} answers only "the first listener that has STARTTLS / requires AUTH / ...",
 * which cannot tell the MX listener from the submission listener when both offer the same features.
 */
public final class SmtpListenersProbe implements GuiceProbe {
    private final SMTPServerFactory servers;

    @Inject
    SmtpListenersProbe(SMTPServerFactory servers) {
        this.servers = servers;
    }

    /**
     * The port of the listener at {@code position} (0 is the first {@code <smtpserver>}), if there is one:
     * of its IPv4 address, the one its {@code <bind>} gives, where {@link #alsoListen} added another.
     */
    public OptionalInt port(int position) {
        List<AbstractConfigurableAsyncServer> listeners = servers.getServers();
        if (position >= listeners.size()) {
            return OptionalInt.empty();
        }
        return listeners.get(position).getListenAddresses().stream()
            .sorted(Comparator.comparing(address -> !(address.getAddress() instanceof Inet4Address)))
            .mapToInt(InetSocketAddress::getPort)
            .findFirst();
    }

    /**
     * The listener at {@code position} stops listening and starts again on its addresses and on
     * {@code extra} (port 0 picks a free one); returns the address {@code extra} is bound to. James
     * 3.8.1 splits {@code <bind>} on every ':', so no IPv6 address can be written there; this is how
     * a test reaches a listener over IPv6 loopback. Only while no connection is open.
     */
    public InetSocketAddress alsoListen(int position, InetSocketAddress extra) throws Exception {
        AbstractConfigurableAsyncServer listener = servers.getServers().get(position);
        List<InetSocketAddress> addresses = new ArrayList<>(listener.getListenAddresses());
        addresses.add(extra);
        listener.unbind();
        listener.setListenAddresses(addresses.toArray(InetSocketAddress[]::new));
        listener.bind();
        return listener.getListenAddresses().stream()
            .filter(bound -> bound.getAddress().equals(extra.getAddress()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("not bound to " + extra));
    }
}
