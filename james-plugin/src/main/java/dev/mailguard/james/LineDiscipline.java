package dev.mailguard.james;

import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.smtpserver.DataLineJamesMessageHookHandler;

import dev.mailguard.core.AuditRecord;
import dev.mailguard.core.MessageContent;
import dev.mailguard.core.Enforcer;
import io.netty.channel.ChannelPipeline;

/**
 * Puts MailGuard's watchers into a new connection's Netty pipeline, around James's framing layer:
 * {@link InputWatch} in front of it (raw bytes), with {@link OutputWatch} behind that for the replies
 * until the greeting has gone, and {@link FrameWatch} behind the framing layer (lines). They share one
 * {@link ConnectionWatch}, which the dispatcher and the message hook read through the session; its
 * counts feed the audit trail, whose start record is written here.
 */
final class LineDiscipline {
    private static final String INPUT_WATCH = "mailguard-input";
    private static final String OUTPUT_WATCH = "mailguard-output";
    private static final String FRAME_WATCH = "mailguard-frames";

    private LineDiscipline() {
    }

    /** Called on connect, before James writes the greeting. */
    static void install(SMTPSession session, Enforcer enforcer) {
        NettyChannels.of(session).ifPresent(channel -> {
            ConnectionWatch watch = new ConnectionWatch(new MessageContent(enforcer, DataLineJamesMessageHookHandler.DETECT_SMTP_SMUGGLING));
            ChannelPipeline pipeline = channel.pipeline();
            // octets to the client are counted only for the audit trail's end record
            OutputWatch output = new OutputWatch(enforcer.config().auditTrail() ? watch.counts : null);
            InputWatch input = new InputWatch(session, watch, enforcer, output);
            pipeline.addBefore(HandlerConstants.FRAMER, INPUT_WATCH, input);
            // behind InputWatch, so that InputWatch's own refusal of early talk is not held with the greeting
            pipeline.addBefore(HandlerConstants.FRAMER, OUTPUT_WATCH, output);
            pipeline.addBefore(HandlerConstants.CORE_HANDLER, FRAME_WATCH, new FrameWatch(session, watch, enforcer, input));
            JamesSessionFacts.rememberWatch(session, watch);
            enforcer.counters().sessionStarted();
            if (enforcer.config().auditTrail()) {
                enforcer.audit(AuditRecord.sessionStarted(JamesSessionFacts.endpoints(session)));
            }
        });
    }
}
