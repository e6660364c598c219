package dev.mailguard.james;

import org.apache.james.protocols.netty.HandlerConstants;

import dev.mailguard.core.audit.AuditRecord;
import io.netty.channel.ChannelPipeline;

/**
 * Puts MailGuard's watchers into a new connection's Netty pipeline, around James's framing layer:
 * {@link InputWatch} in front of it (raw bytes), with {@link OutputWatch} behind that for the replies
 * until the greeting has gone, and {@link FrameWatch} behind the framing layer (lines). They share the
 * connection's {@link GreetingHold} and report to its {@link MailGuardSession}; its counts feed the
 * audit trail, whose start record is written here.
 */
final class LineDiscipline {
    private static final String INPUT_WATCH = "mailguard-input";
    private static final String OUTPUT_WATCH = "mailguard-output";
    private static final String FRAME_WATCH = "mailguard-frames";

    private LineDiscipline() {
    }

    /** Called on connect, before James writes the greeting. */
    static void install(MailGuardSession session) {
        NettyChannels.of(session.james()).ifPresent(channel -> {
            ChannelPipeline pipeline = channel.pipeline();
            // octets to the client are counted only for the audit trail's end record
            OutputWatch output = new OutputWatch(session.listener().anyAuditTrail() ? session.state().counts() : null);
            GreetingHold greeting = new GreetingHold(session, output);
            pipeline.addBefore(HandlerConstants.FRAMER, INPUT_WATCH, new InputWatch(session, greeting, output));
            // behind InputWatch, so that InputWatch's own refusal of early talk is not held with the greeting
            pipeline.addBefore(HandlerConstants.FRAMER, OUTPUT_WATCH, output);
            pipeline.addBefore(HandlerConstants.CORE_HANDLER, FRAME_WATCH, new FrameWatch(session, greeting));
            session.enforcement().counters().sessionStarted();
            if (session.config().auditTrail()) {
                session.record(AuditRecord.sessionStarted(session.endpoints()));
            }
        });
    }
}
