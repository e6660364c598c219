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
import dev.mailguard.core.LineFraming;
import dev.mailguard.core.Enforcer;
import dev.mailguard.core.InspectionCounters;
import dev.mailguard.core.MailGuardConfig;
import dev.mailguard.core.SmtpReply;

/**
 * {@code maxData} (IOS {@code max-data}): counts the message octets as they arrive, whatever SIZE
 * declared. Past the limit the rest of the message is not passed on, and at the end of data the
 * message is refused with 552 before any hook can queue or store it; the session stays usable.
 */
public class MessageSizeLimit implements DataLineFilter, MessageHook, WiredToDispatcher {
    private static final AttachmentKey<Octets> OCTETS = AttachmentKey.of("mailguard.dataOctets", Octets.class);
    private static final HookResult TOO_BIG = Refusals.deny(SmtpReply.MESSAGE_TOO_BIG);

    private volatile Enforcer enforcer = new Enforcer(MailGuardConfig.defaults(), InspectionCounters.NONE);

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (LineFraming.isEndOfData(line)) {
            return next.onLine(session, line);
        }
        Octets octets = session.getAttachment(OCTETS, State.Transaction).orElse(null);
        if (octets == null) { // the message's first line
            octets = new Octets();
            session.setAttachment(OCTETS, octets, State.Transaction);
        }
        octets.count += contentLength(line);
        if (octets.count > enforcer.config().maxData() && !enforcer.config().dryRun()) {
            return null; // not stored: the message will be refused at its end
        }
        return next.onLine(session, line);
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        long octets = session.getAttachment(OCTETS, State.Transaction).map(counted -> counted.count).orElse(0L);
        if (octets <= enforcer.config().maxData()) {
            return HookResult.DECLINED;
        }
        AuditRecord violation = AuditRecord.sizeViolation(JamesSessionFacts.endpoints(session),
            JamesSessionFacts.declaredSize(session), octets);
        return enforcer.enforce(violation, SmtpReply.MESSAGE_TOO_BIG) ? TOO_BIG : HookResult.DECLINED;
    }

    /** The line's octets in the message: the transparency dot (RFC 5321 4.5.2) is not content. */
    private static int contentLength(byte[] line) {
        return line.length > 1 && line[0] == '.' && line[1] == '.' ? line.length - 1 : line.length;
    }

    /** The message's octets so far: one per transaction, counted in place rather than boxed anew per line. */
    private static final class Octets {
        long count;
    }

    @Override
    public void use(Enforcer enforcer) {
        this.enforcer = enforcer;
    }
}
