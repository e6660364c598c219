package dev.mailguard.james;

import java.nio.charset.StandardCharsets;

import org.apache.james.protocols.netty.HandlerConstants;

import dev.mailguard.core.inspect.AuthAttempts;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.inspect.SessionState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Follows one AUTH exchange on the wire, in front of James's SMTP handlers, for {@link AuthAttempts}:
 * the client's answers to James's 334 go to AUTH's own line handler and James's replies to them
 * straight to the channel, so neither passes MailGuard's dispatcher. It is in the pipeline only
 * while an exchange is open, so no other line or reply passes it. At the failure that reaches
 * {@code maxAuthFailures}, the 421 follows James's reply at once and the connection is closed.
 */
final class AuthWatch extends ChannelDuplexHandler {
    private static final String NAME = "mailguard-auth";

    private final MailGuardSession session;
    private final SessionState state;

    private AuthWatch(MailGuardSession session) {
        this.session = session;
        this.state = session.state();
    }

    /** An AUTH command goes to James: its reply, and the exchange that may follow, are watched. */
    static void watch(MailGuardSession session, String argument) {
        session.state().auth().started(argument);
        NettyChannels.of(session.james()).ifPresent(channel -> {
            if (channel.pipeline().get(NAME) == null) {
                channel.pipeline().addBefore(HandlerConstants.CORE_HANDLER, NAME, new AuthWatch(session));
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf && state.auth().open()) {
            ByteBuf line = (ByteBuf) msg;
            byte[] bytes = new byte[line.readableBytes()];
            line.getBytes(line.readerIndex(), bytes);
            state.auth().answered(bytes, bytes.length);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf) || ((ByteBuf) msg).readableBytes() < 3) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf reply = (ByteBuf) msg;
        String code = reply.toString(reply.readerIndex(), 3, StandardCharsets.US_ASCII);
        ctx.write(msg, promise);
        int failuresBefore = state.auth().failures();
        for (Decision decision : state.auth().replied(code, session.config().maxAuthFailures())) {
            if (session.apply(decision)) {
                Enforcement.reply(ctx, decision);
            }
        }
        if (state.auth().failures() > failuresBefore) {
            session.enforcement().counters().authFailed();
        }
        if (!state.auth().open()) {
            ctx.pipeline().remove(this);
        }
    }
}
