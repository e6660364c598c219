package dev.mailguard.james;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailguard.core.AuditRecord;
import dev.mailguard.core.Decision;
import dev.mailguard.core.InputTracker;
import dev.mailguard.core.MessageContent;
import dev.mailguard.core.SessionCounts;
import dev.mailguard.core.SessionState;
import dev.mailguard.core.SmtpReply;
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
 *   <li>It holds the greeting back for {@code greetingDelay} milliseconds (through {@link OutputWatch},
 *       so that replies do not pass this watcher). James writes the 220 as soon as the connection is
 *       accepted, so without a wait a client that talks first could not be told from one that waited.
 *       A client that sends anything in that time gets {@code 554 5.5.1 Protocol error} instead of the
 *       greeting and is disconnected.</li>
 *   <li>At close, a command line begun and never ended is recorded as a truncated command (James's
 *       framing layer discards it, so it is never executed), and with {@code auditTrail} the session's
 *       end is recorded with its octet counts both ways.</li>
 * </ul>
 */
final class InputWatch extends ChannelInboundHandlerAdapter {
    private static final byte LF = '\n';
    private static final Decision TALK_BEFORE_GREETING = Decision.refuseAndClose(SmtpReply.PROTOCOL_ERROR, AuditRecord::preGreetingTraffic)
        .strike();

    private final SMTPSession session;
    private final InputTracker tracker;
    private final MessageContent content;
    private final SessionCounts counts;
    private final SessionState state;
    private final ListenerPolicies listener;
    private final OutputWatch output;
    private final long startNanos = System.nanoTime();
    private boolean refused;
    private boolean talkNoted;
    private boolean talkedBeforeWatch;
    private ChannelHandlerContext context;

    InputWatch(SMTPSession session, SessionState state, ListenerPolicies listener, OutputWatch output) {
        this.session = session;
        this.tracker = state.input();
        this.content = state.content();
        this.counts = state.counts();
        this.state = state;
        this.listener = listener;
        this.output = output;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        Runnable scheduleRelease = () -> ctx.executor().schedule(this::releaseGreeting,
            listener.enforcement(state).config().greetingDelay(), TimeUnit.MILLISECONDS);
        if (!NettyChannels.startsWithSmtp(session)) {
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
        if (greetingHeld() && refusesTalkBeforeGreeting()) {
            bytes.release();
            return;
        }
        counts.fromClient(bytes.readableBytes());
        if (bytes.isReadable()) {
            tracker.received(bytes.readableBytes(), bytes.getByte(bytes.writerIndex() - 1) != LF);
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Refuses the connection instead of the greeting, which is still held: for a client the PROXY
     * header shows to be in the penalty box ({@link FrameWatch} sees the header).
     */
    void refuseInsteadOfGreeting(Decision refusal) {
        refused = true;
        output.discard(); // the greeting, held until now, is never sent
        Enforcement.reply(context, refusal);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Enforcement enforcement = listener.enforcement(state);
        if (!refused && tracker.endsMidLine() && !content.isOpen()) { // a message cut off is not a command
            enforcement.record(AuditRecord.truncatedCommand(JamesSessions.endpoints(session, state)));
        }
        if (enforcement.config().auditTrail()) {
            enforcement.record(AuditRecord.sessionEnded(JamesSessions.endpoints(session, state),
                Duration.ofNanos(System.nanoTime() - startNanos), counts));
        }
        enforcement.counters().sessionEnded();
        output.discard();
        super.channelInactive(ctx);
        // Netty takes a closed pipeline apart from its tail to its head, moving to each handler's
        // executor in turn. Left in place, the watchers (event loop) behind James's framing layer
        // (its own executor) would cost one more wake-up of the event loop per connection.
        if (output.inPipeline()) {
            ctx.pipeline().remove(output);
        }
        ctx.pipeline().remove(this);
    }

    private void releaseGreeting() {
        if (!output.holding() || refused || talkedBeforeWatch && refusesTalkBeforeGreeting()) {
            return;
        }
        output.release();
    }

    /** Whether the greeting is still held back (or was refused), so that anything the client sent came before it. */
    boolean greetingHeld() {
        return output.holding() || refused;
    }

    /**
     * The client talked before the greeting: {@code 554 5.5.1 Protocol error} instead of the greeting,
     * then close. Also called by {@link FrameWatch} for a line that reached the SMTP handlers first.
     * Returns whether the input is refused; in a dry run it is recorded once and goes on to James.
     */
    boolean refusesTalkBeforeGreeting() {
        if (refused || talkNoted) {
            return refused;
        }
        talkNoted = true;
        if (!listener.enforcement(state).apply(TALK_BEFORE_GREETING, state, () -> JamesSessions.endpoints(session, state))) {
            return false;
        }
        refused = true;
        output.discard();
        Enforcement.reply(context, TALK_BEFORE_GREETING);
        return true;
    }
}
