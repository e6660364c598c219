package dev.mailguard.james;

import java.nio.charset.StandardCharsets;

import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailguard.core.AuthAttempts;
import dev.mailguard.core.Decision;
import dev.mailguard.core.SessionState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
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

    private final SMTPSession session;
    private final SessionState state;
    private final ListenerPolicies listener;

    private AuthWatch(SMTPSession session, SessionState state, ListenerPolicies listener) {
        this.session = session;
        this.state = state;
        this.listener = listener;
    }

    /** An AUTH command goes to James: its reply, and the exchange that may follow, are watched. */
    static void watch(SMTPSession session, SessionState state, ListenerPolicies listener, String argument) {
        state.auth().started(argument);
        NettyChannels.of(session).ifPresent(channel -> {
            if (channel.pipeline().get(NAME) == null) {
                channel.pipeline().addBefore(HandlerConstants.CORE_HANDLER, NAME, new AuthWatch(session, state, listener));
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
        Enforcement enforcement = listener.enforcement(state);
        ctx.write(msg, promise);
        int failuresBefore = state.auth().failures();
        for (Decision decision : state.auth().replied(code, enforcement.config().maxAuthFailures())) {
            boolean enforced = enforcement.apply(decision, state, () -> JamesSessions.endpoints(session, state));
            if (enforced) {
                ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(decision.reply().toWireLine().getBytes(StandardCharsets.US_ASCII)))
                    .addListener(ChannelFutureListener.CLOSE);
            }
        }
        if (state.auth().failures() > failuresBefore) {
            enforcement.counters().authFailed();
        }
        if (!state.auth().open()) {
            ctx.pipeline().remove(this);
        }
    }
}
