package dev.mailguard.james;

import java.nio.charset.StandardCharsets;

import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailguard.core.AuditRecord;
import dev.mailguard.core.Enforcer;
import dev.mailguard.core.Endpoints;
import dev.mailguard.core.InputTracker;
import dev.mailguard.core.MailGuardConfig;
import dev.mailguard.core.SmtpReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Sits behind James's framing layer and counts the lines it hands to the SMTP handlers, for
 * {@link InputTracker}. It also takes the lines the framing layer refuses (over 8192 octets):
 * James would answer those with its own unnumbered reply, and in DATA would silently drop the line
 * from the message. Here a command line gets {@code 500 5.5.2 Line too long}, like a line over
 * {@code maxCommandLineLength}, and a message that lost a line is refused at its end.
 */
final class FrameWatch extends ChannelInboundHandlerAdapter {
    private final SMTPSession session;
    private final InputTracker tracker;
    private final Enforcer enforcer;
    private final InputWatch input;

    FrameWatch(SMTPSession session, InputTracker tracker, Enforcer enforcer, InputWatch input) {
        this.session = session;
        this.tracker = tracker;
        this.enforcer = enforcer;
        this.input = input;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (input.greetingHeld() && input.refusesTalkBeforeGreeting()) {
            // Netty's first read can come before James's connect handlers run (the framing layer has
            // its own executor), so a line sent at once may reach here without passing InputWatch.
            ((ByteBuf) msg).release();
            return;
        }
        tracker.lineHandled();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof TooLongFrameException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        tracker.lineHandled();
        Endpoints endpoints = JamesSessionFacts.endpoints(session);
        boolean inData = tracker.inData();
        AuditRecord record = inData
            ? AuditRecord.dataLineTooLong(endpoints, MailGuardConfig.FRAMING_LINE_LIMIT)
            : AuditRecord.lineTooLong(endpoints, enforcer.config().maxCommandLineLength());
        boolean enforced = enforcer.enforce(record, SmtpReply.LINE_TOO_LONG);
        if (!inData) {
            JamesSessionFacts.countCommand(session, enforcer, !enforced);
        }
        if (!enforced) {
            ctx.fireExceptionCaught(cause); // dry run: James answers as it always does
        } else if (inData) {
            tracker.dataLineTooLong(); // answered at the end of the message, where the client reads a reply
        } else {
            ctx.writeAndFlush(Unpooled.copiedBuffer(SmtpReply.LINE_TOO_LONG.toWireLine(), StandardCharsets.US_ASCII));
        }
    }
}
