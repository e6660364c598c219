package dev.mailguard.james;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.netty.NettyProtocolTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;

/**
 * The Netty channel behind a James session. James 3.8.1 gives a plugin no public way to it: a
 * session exposes its {@code ProtocolTransport}, and {@link NettyProtocolTransport} keeps the
 * channel in a private field. Line discipline needs the channel (to count bytes as they arrive, to
 * hold the greeting back, to see lines the framing layer refuses, to check message lines as they
 * pass), so the field is read once per connection through a {@link VarHandle} (which the JIT compiles
 * to a plain field read, unlike {@code Field.get}). If a James version changes it, MailGuard logs one
 * warning and runs without the checks that need the channel, instead of failing sessions.
 */
final class NettyChannels {
    private static final Logger LOGGER = LoggerFactory.getLogger(NettyChannels.class);
    /** Null where the field is missing; a constant, so that the JIT compiles its use to a field read. */
    private static final VarHandle CHANNEL_FIELD = channelField();

    private NettyChannels() {
    }

    static Optional<Channel> of(ProtocolSession session) {
        if (CHANNEL_FIELD == null || !(session instanceof ProtocolSessionImpl)) {
            return Optional.empty();
        }
        Object transport = ((ProtocolSessionImpl) session).getProtocolTransport();
        if (!(transport instanceof NettyProtocolTransport)) {
            return Optional.empty();
        }
        return Optional.of((Channel) CHANNEL_FIELD.get((NettyProtocolTransport) transport));
    }

    /**
     * Whether the first bytes of the session's connection are the client's SMTP: neither an implicit
     * TLS handshake nor a PROXY protocol header comes before them. Only for a session {@link #of}
     * found a channel for.
     */
    static boolean startsWithSmtp(ProtocolSession session) {
        ProtocolTransport transport = ((ProtocolSessionImpl) session).getProtocolTransport();
        return !transport.isTLSStarted() && !transport.isProxyRequired();
    }

    /** Whether the session's connection comes from a balancer that names the client in a PROXY header. */
    static boolean behindProxy(ProtocolSession session) {
        return session instanceof ProtocolSessionImpl && ((ProtocolSessionImpl) session).getProtocolTransport().isProxyRequired();
    }

    private static VarHandle channelField() {
        try {
            return MethodHandles.privateLookupIn(NettyProtocolTransport.class, MethodHandles.lookup())
                .findVarHandle(NettyProtocolTransport.class, "channel", Channel.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.warn("MailGuard cannot reach the Netty channel of SMTP sessions ({}); pipelining, pre-greeting,"
                + " truncated-command, over-long-line and message content checks are off", e.toString());
            return null;
        }
    }
}
