package dev.mailguard.james;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

import dev.mailguard.core.audit.SessionCounts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits on the connection's way out, in front of James's framing layer, next to {@link InputWatch}:
 * holds James's writes (the greeting) until {@link InputWatch} releases them and, with
 * {@code auditTrail}, counts the octets sent to the client. Once the greeting has gone it leaves the
 * pipeline, unless it counts: every reply of the session would otherwise pass one more handler for
 * nothing.
 */
final class OutputWatch extends ChannelOutboundHandlerAdapter {
    /** The session's counts when octets to the client are counted ({@code auditTrail}); null otherwise. */
    private final SessionCounts counts;
    /** Writes held back until the greeting may go; null once it has gone or was refused. */
    private List<HeldWrite> held = new ArrayList<>();
    private ChannelHandlerContext context;

    OutputWatch(SessionCounts counts) {
        this.counts = counts;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (counts != null && msg instanceof ByteBuf) {
            counts.toClient(((ByteBuf) msg).readableBytes());
        }
        if (held != null) {
            held.add(new HeldWrite(msg, promise));
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (held == null) {
            ctx.flush();
        }
    }

    /** Whether writes are still held back: the greeting has not gone, and was not refused. */
    boolean holding() {
        return held != null;
    }

    /** Writes what was held, in order, and flushes; then leaves the pipeline unless it counts. Event loop only. */
    void release() {
        if (held == null) {
            return;
        }
        List<HeldWrite> writes = held;
        held = null;
        writes.forEach(write -> context.write(write.msg, write.promise));
        context.flush();
        if (counts == null) {
            context.pipeline().remove(this);
        }
    }

    /** Drops what was held (the greeting was refused, or the connection closed before it went). */
    void discard() {
        if (held != null) {
            held.forEach(write -> {
                ReferenceCountUtil.release(write.msg);
                write.promise.tryFailure(new ClosedChannelException());
            });
            held = null;
        }
    }

    /** Whether it is still in the pipeline: it leaves at the release unless it counts. */
    boolean inPipeline() {
        return context != null && !context.isRemoved();
    }

    private static final class HeldWrite {
        final Object msg;
        final ChannelPromise promise;

        HeldWrite(Object msg, ChannelPromise promise) {
            this.msg = msg;
            this.promise = promise;
        }
    }
}
