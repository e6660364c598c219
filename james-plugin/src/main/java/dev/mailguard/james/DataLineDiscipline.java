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
import dev.mailguard.core.InputTracker;
import dev.mailguard.core.LineFraming;
import dev.mailguard.core.LineFraming.DataAnomaly;
import dev.mailguard.core.Enforcer;
import dev.mailguard.core.InspectionCounters;
import dev.mailguard.core.MailGuardConfig;
import dev.mailguard.core.SmtpReply;

/**
 * SMTP smuggling inside DATA (SPEC.md section 3). The first message filter, so it sees every line
 * as the client sent it.
 *
 * <ul>
 *   <li>A line not ended by CRLF ({@code \n.\n} and the like) is recorded and passed on: James
 *       refuses it itself ({@code james.prevent.smtp.smuggling}) and closes the session.</li>
 *   <li>A bare CR or a NUL ({@code \r.\r}, {@code \r\n\x00.\r\n}) James would store verbatim, for a
 *       downstream server to split into two messages. With {@code rejectBareCrInData} the rest of
 *       the message is not passed on and at its end the whole message is refused with 554 before
 *       any hook can queue it; the session stays usable.</li>
 *   <li>A line the framing layer dropped as too long ({@link FrameWatch}) refuses the message too.</li>
 * </ul>
 */
public class DataLineDiscipline implements DataLineFilter, MessageHook, WiredToDispatcher {
    private static final AttachmentKey<Boolean> REFUSED = AttachmentKey.of("mailguard.bareCrOrNul", Boolean.class);
    private static final HookResult BARE_CR_OR_NUL = Refusals.deny(SmtpReply.BARE_CR_OR_NUL_IN_DATA);
    private static final HookResult LINE_TOO_LONG = Refusals.deny(SmtpReply.LINE_TOO_LONG);

    private volatile Enforcer enforcer = new Enforcer(MailGuardConfig.defaults(), InspectionCounters.NONE);

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (LineFraming.isEndOfData(line)) {
            return next.onLine(session, line);
        }
        boolean refused = session.getAttachment(REFUSED, State.Transaction).isPresent();
        if (refused) {
            return null; // the message will be refused at its end
        }
        DataAnomaly anomaly = LineFraming.dataAnomaly(line);
        if (anomaly == DataAnomaly.BARE_LF) {
            enforcer.audit(AuditRecord.dataBareLf(JamesSessionFacts.endpoints(session)));
        } else if (anomaly == DataAnomaly.BARE_CR_OR_NUL && enforcer.config().rejectBareCrInData()
                && enforcer.enforce(AuditRecord.dataBareCrOrNul(JamesSessionFacts.endpoints(session)), SmtpReply.BARE_CR_OR_NUL_IN_DATA)) {
            session.setAttachment(REFUSED, Boolean.TRUE, State.Transaction);
            return null;
        }
        return next.onLine(session, line);
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        if (JamesSessionFacts.input(session).map(InputTracker::takeDataLineTooLong).orElse(false)) {
            return LINE_TOO_LONG;
        }
        return session.getAttachment(REFUSED, State.Transaction).isPresent() ? BARE_CR_OR_NUL : HookResult.DECLINED;
    }

    @Override
    public void use(Enforcer enforcer) {
        this.enforcer = enforcer;
    }
}
