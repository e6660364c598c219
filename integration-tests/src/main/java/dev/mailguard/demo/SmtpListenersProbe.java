package dev.mailguard.demo;

import java.net.InetSocketAddress;
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

    /** The port of the listener at {@code position} (0 is the first {@code <smtpserver>}), if there is one. */
    public OptionalInt port(int position) {
        List<AbstractConfigurableAsyncServer> listeners = servers.getServers();
        if (position >= listeners.size()) {
            return OptionalInt.empty();
        }
        return listeners.get(position).getListenAddresses().stream()
            .mapToInt(InetSocketAddress::getPort)
            .findFirst();
    }
}
