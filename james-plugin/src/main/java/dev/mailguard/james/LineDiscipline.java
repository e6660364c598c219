package dev.mailguard.james;

import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailguard.core.AuditRecord;
import dev.mailguard.core.SessionState;
import io.netty.channel.ChannelPipeline;

/**
 * Puts MailGuard's watchers into a new connection's Netty pipeline, around James's framing layer:
 * {@link InputWatch} in front of it (raw bytes), with {@link OutputWatch} behind that for the replies
 * until the greeting has gone, and {@link FrameWatch} behind the framing layer (lines). They report
 * to the session's {@link SessionState}; its counts feed the audit trail, whose start record is
 * written here.
 */
final class LineDiscipline {
    private static final String INPUT_WATCH = "mailguard-input";
    private static final String OUTPUT_WATCH = "mailguard-output";
    private static final String FRAME_WATCH = "mailguard-frames";

    private LineDiscipline() {
    }

    /** Called on connect, before James writes the greeting. */
    static void install(SMTPSession session, SessionState state, ListenerPolicies listener) {
        NettyChannels.of(session).ifPresent(channel -> {
            ChannelPipeline pipeline = channel.pipeline();
            // octets to the client are counted only for the audit trail's end record
            OutputWatch output = new OutputWatch(listener.anyAuditTrail() ? state.counts() : null);
            InputWatch input = new InputWatch(session, state, listener, output);
            pipeline.addBefore(HandlerConstants.FRAMER, INPUT_WATCH, input);
            // behind InputWatch, so that InputWatch's own refusal of early talk is not held with the greeting
            pipeline.addBefore(HandlerConstants.FRAMER, OUTPUT_WATCH, output);
            pipeline.addBefore(HandlerConstants.CORE_HANDLER, FRAME_WATCH, new FrameWatch(session, state, listener, input));
            Enforcement enforcement = listener.enforcement(state);
            enforcement.counters().sessionStarted();
            if (enforcement.config().auditTrail()) {
                enforcement.record(AuditRecord.sessionStarted(JamesSessions.endpoints(session, state)));
            }
        });
    }
}
