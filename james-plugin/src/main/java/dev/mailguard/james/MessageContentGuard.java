package dev.mailguard.james;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;

import dev.mailguard.core.AuditRecord;
import dev.mailguard.core.Enforcer;
import dev.mailguard.core.InputTracker;
import dev.mailguard.core.InspectionCounters;
import dev.mailguard.core.LineFraming;
import dev.mailguard.core.LineFraming.DataAnomaly;
import dev.mailguard.core.MailGuardConfig;
import dev.mailguard.core.SmtpReply;

/**
 * The first message filter, so it sees every line of the content as the client sent it. One filter
 * for both content checks, because it runs on every line of every message: one lookup of the
 * message's state per line, one wrapper in James's filter chain.
 *
 * <ul>
 *   <li>SMTP smuggling (SPEC.md section 3). A line not ended by CRLF ({@code \n.\n} and the like) is
 *       recorded and passed on: James refuses it itself ({@code james.prevent.smtp.smuggling}) and
 *       closes the session. A bare CR or a NUL ({@code \r.\r}, {@code \r\n\x00.\r\n}) James would
 *       store verbatim, for a downstream server to split into two messages: with
 *       {@code rejectBareCrInData} the rest of the message is not passed on and at its end the whole
 *       message is refused with 554 before any hook can queue it; the session stays usable.</li>
 *   <li>A line the framing layer dropped as too long ({@link FrameWatch}) refuses the message too.</li>
 *   <li>{@code maxData} (IOS {@code max-data}): the message octets are counted as they arrive, whatever
 *       SIZE declared. Past the limit the rest of the message is not passed on, and at the end of data
 *       the message is refused with 552.</li>
 * </ul>
 */
public class MessageContentGuard implements DataLineFilter, MessageHook, WiredToDispatcher {
    private static final AttachmentKey<MessageState> MESSAGE = AttachmentKey.of("mailguard.message", MessageState.class);
    private static final HookResult BARE_CR_OR_NUL = Refusals.deny(SmtpReply.BARE_CR_OR_NUL_IN_DATA);
    private static final HookResult LINE_TOO_LONG = Refusals.deny(SmtpReply.LINE_TOO_LONG);
    private static final HookResult TOO_BIG = Refusals.deny(SmtpReply.MESSAGE_TOO_BIG);

    private volatile Enforcer enforcer = new Enforcer(MailGuardConfig.defaults(), InspectionCounters.NONE);

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (LineFraming.isEndOfData(line)) {
            return next.onLine(session, line);
        }
        MessageState message = state(session);
        if (message.bareCrOrNul) {
            return null; // the message will be refused at its end
        }
        MailGuardConfig config = enforcer.config();
        DataAnomaly anomaly = LineFraming.dataAnomaly(line);
        if (anomaly == DataAnomaly.BARE_LF) {
            enforcer.audit(AuditRecord.dataBareLf(JamesSessionFacts.endpoints(session)));
        } else if (anomaly == DataAnomaly.BARE_CR_OR_NUL && config.rejectBareCrInData()
                && enforcer.enforce(AuditRecord.dataBareCrOrNul(JamesSessionFacts.endpoints(session)), SmtpReply.BARE_CR_OR_NUL_IN_DATA)) {
            message.bareCrOrNul = true;
            return null;
        }
        message.octets += contentLength(line);
        if (message.octets > config.maxData() && !config.dryRun()) {
            return null; // not stored: the message will be refused at its end
        }
        return next.onLine(session, line);
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        if (JamesSessionFacts.input(session).map(InputTracker::takeDataLineTooLong).orElse(false)) {
            return LINE_TOO_LONG;
        }
        MessageState message = session.getAttachment(MESSAGE, State.Transaction).orElse(null);
        if (message == null) {
            return HookResult.DECLINED; // an empty message
        }
        if (message.bareCrOrNul) {
            return BARE_CR_OR_NUL;
        }
        if (message.octets <= enforcer.config().maxData()) {
            return HookResult.DECLINED;
        }
        AuditRecord violation = AuditRecord.sizeViolation(JamesSessionFacts.endpoints(session),
            JamesSessionFacts.declaredSize(session), message.octets);
        return enforcer.enforce(violation, SmtpReply.MESSAGE_TOO_BIG) ? TOO_BIG : HookResult.DECLINED;
    }

    @Override
    public void use(Enforcer enforcer) {
        this.enforcer = enforcer;
    }

    /** The message's state, made at its first line; James drops it with the transaction. */
    private static MessageState state(SMTPSession session) {
        MessageState message = session.getAttachment(MESSAGE, State.Transaction).orElse(null);
        if (message == null) {
            message = new MessageState();
            session.setAttachment(MESSAGE, message, State.Transaction);
        }
        return message;
    }

    /** The line's octets in the message: the transparency dot (RFC 5321 4.5.2) is not content. */
    private static int contentLength(byte[] line) {
        return line.length > 1 && line[0] == '.' && line[1] == '.' ? line.length - 1 : line.length;
    }

    /** One message's content so far, kept mutable in place rather than boxed anew per line. */
    private static final class MessageState {
        long octets;
        boolean bareCrOrNul;
    }
}
