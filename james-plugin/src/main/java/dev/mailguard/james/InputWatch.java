package dev.mailguard.james;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.james.protocols.netty.HandlerConstants;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.inspect.InputTracker;
import dev.mailguard.core.inspect.SessionState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;

/**
 * Sits in front of James's framing layer and sees the connection's bytes as they arrive (after TLS).
 *
 * <ul>
 *   <li>It counts the octets received for {@link InputTracker}, so that a command (or message
 *       content) can be known to have been sent before the reply to the line before it.</li>
 *   <li>It times the {@link GreetingHold}: input that arrives while the greeting is held is refused
 *       there.</li>
 *   <li>At close, a command line begun and never ended is recorded as a truncated command (James's
 *       framing layer discards it, so it is never executed), and with {@code auditTrail} the session's
 *       end is recorded with its octet counts both ways.</li>
 * </ul>
 */
final class InputWatch extends ChannelInboundHandlerAdapter {
    private static final byte LF = '\n';

    private final MailGuardSession session;
    private final SessionState state;
    private final GreetingHold greeting;
    private final OutputWatch output;
    private final long startNanos = System.nanoTime();
    private boolean talkedBeforeWatch;

    InputWatch(MailGuardSession session, GreetingHold greeting, OutputWatch output) {
        this.session = session;
        this.state = session.state();
        this.greeting = greeting;
        this.output = output;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        greeting.replyThrough(ctx);
        Runnable scheduleRelease = () -> ctx.executor().schedule(() -> greeting.release(talkedBeforeWatch),
            session.config().greetingDelay(), TimeUnit.MILLISECONDS);
        if (!NettyChannels.startsWithSmtp(session.james())) {
            // A TLS handshake or a PROXY header legitimately comes first, so Netty's first read says
            // nothing about the client. Netty reads a new connection before James's connect handlers
            // run, and James's framing layer has its own executor: a task passed through that executor
            // runs after the framing of whatever was read, whose lines then reach FrameWatch first.
            // The release is then scheduled from the event loop itself, after its next poll.
            EventExecutor framer = ctx.pipeline().context(HandlerConstants.FRAMER).executor();
            framer.execute(() -> ctx.executor().execute(scheduleRelease));
            return;
        }
        // Plain SMTP: anything Netty read before this watcher was added is client talk before the
        // greeting. Netty's read handle, asked on the event loop that reads, says whether there was
        // any, without waiting for the framing layer's executor to hand it on (a thread hop per
        // connection). Talk that arrives later, up to the loop's next poll, reaches this watcher. (A
        // first read that exactly filled Netty's buffers ends on a count of 0; its lines are then
        // caught by FrameWatch only if they come before the release.)
        talkedBeforeWatch = ctx.channel().unsafe().recvBufAllocHandle().lastBytesRead() > 0;
        scheduleRelease.run();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf bytes = (ByteBuf) msg;
        if (greeting.held() && greeting.refusesTalkBeforeGreeting()) {
            bytes.release();
            return;
        }
        state.counts().fromClient(bytes.readableBytes());
        if (bytes.isReadable()) {
            state.input().received(bytes.readableBytes(), bytes.getByte(bytes.writerIndex() - 1) != LF);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!greeting.refused() && state.input().endsMidLine() && !state.content().isOpen()) { // a message cut off is not a command
            session.record(AuditRecord.truncatedCommand(session.endpoints()));
        }
        if (session.config().auditTrail()) {
            session.record(AuditRecord.sessionEnded(session.endpoints(), Duration.ofNanos(System.nanoTime() - startNanos), state.counts()));
        }
        session.enforcement().counters().sessionEnded();
        greeting.closed();
        super.channelInactive(ctx);
        // Netty takes a closed pipeline apart from its tail to its head, moving to each handler's
        // executor in turn. Left in place, the watchers (event loop) behind James's framing layer
        // (its own executor) would cost one more wake-up of the event loop per connection.
        if (output.inPipeline()) {
            ctx.pipeline().remove(output);
        }
        ctx.pipeline().remove(this);
    }
}
