package dev.mailguard.james;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.inspect.InputTracker;
import dev.mailguard.core.inspect.MessageContent;
import dev.mailguard.core.inspect.SessionState;
import dev.mailguard.core.smtp.SmtpReply;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.haproxy.HAProxyMessage;

/**
 * Sits behind James's framing layer and counts the lines it hands to the SMTP handlers, for
 * {@link InputTracker}. Lines of a message go through {@link MessageContent}'s checks here, before
 * James sees them: this watcher is a plain object per connection, where a message filter in James's
 * chain would look its state up in the session's attachments on every line.
 *
 * <p>It also takes the lines the framing layer refuses (over 8192 octets): James would answer those
 * with its own unnumbered reply, and in DATA would silently drop the line from the message. Here a
 * command line gets {@code 500 5.5.2 Line too long}, like a line over {@code maxCommandLineLength},
 * and a message that lost a line is refused at its end.
 */
final class FrameWatch extends ChannelInboundHandlerAdapter {
    /** Room for a common message line; a longer one (up to the framing limit) grows it. */
    private static final int FIRST_LINE_BUFFER = 128;

    private final MailGuardSession session;
    private final SessionState state;
    private final GreetingHold greeting;
    /** The current message line's octets, copied out of Netty's buffer for the content checks. */
    private byte[] line = new byte[0];

    FrameWatch(MailGuardSession session, GreetingHold greeting) {
        this.session = session;
        this.state = session.state();
        this.greeting = greeting;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            if (msg instanceof HAProxyMessage) {
                proxied((HAProxyMessage) msg);
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (greeting.held() && greeting.refusesTalkBeforeGreeting()) {
            // Netty's first read can come before James's connect handlers run (the framing layer has
            // its own executor), so a line sent at once may reach here without passing InputWatch.
            ((ByteBuf) msg).release();
            return;
        }
        ByteBuf line = (ByteBuf) msg;
        state.input().lineHandled(line.readableBytes());
        MessageContent content = state.content();
        if (content.isOpen()) {
            boolean passes = contentPasses(content, line);
            if (!content.isOpen()) {
                state.input().messageEnded();
            }
            if (!passes) {
                line.release(); // the message will be refused at its end
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * The PROXY protocol header names the client the balancer accepted: its address selects the
     * policy, as the TCP peer's did at connect. James reads the same header from the message after
     * this, for the session's remote address. Seen here, not in front of the framing layer: a
     * balancer sends the header at once, so Netty has usually decoded it and handed it to the framing
     * layer's executor before James's connect handlers put {@link InputWatch} in place; this watcher
     * is put in place by the connect handlers, which run before that executor hands the header on.
     */
    private void proxied(HAProxyMessage header) {
        InetAddress client = ProxiedClients.sourceOf(header);
        if (client != null) {
            session.proxied(new InetSocketAddress(client, header.sourcePort())).ifPresent(greeting::refuse);
        }
    }

    private boolean contentPasses(MessageContent content, ByteBuf bytes) {
        int length = bytes.readableBytes();
        if (line.length < length) {
            line = new byte[Math.max(length, FIRST_LINE_BUFFER)];
        }
        bytes.getBytes(bytes.readerIndex(), line, 0, length);
        return content.passes(line, length, session.decisions());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof TooLongFrameException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        state.input().lineDiscarded();
        if (state.content().isOpen()) {
            Decision first = state.content().lineDropped();
            if (first != null) {
                session.apply(first);
            }
            if (!session.enforcesRefusals()) {
                ctx.fireExceptionCaught(cause); // dry run: James answers as it always does
            }
            return;
        }
        int maxCommandLineLength = session.config().maxCommandLineLength();
        Decision tooLong = Decision.refuse(SmtpReply.LINE_TOO_LONG, where -> AuditRecord.lineTooLong(where, maxCommandLineLength)).strike();
        boolean enforced = session.apply(tooLong);
        session.commandInspected(!enforced);
        if (enforced) {
            Enforcement.reply(ctx, tooLong);
        } else {
            ctx.fireExceptionCaught(cause); // dry run: James answers as it always does
        }
    }
}
