package dev.mailguard.james;

import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.inspect.MessageContent;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * Refuses, at the end of data, a message whose content {@link MessageContent} found wrong as its
 * lines went through {@link FrameWatch} (docs/reference.md, "Line discipline", IOS {@code max-data}): a line lost to
 * the framing limit ({@code 500 5.5.2}), a bare CR or NUL ({@code 554}), more octets than
 * {@code maxData} ({@code 552}, recorded as 108006 here). The lines those checks kept from James
 * make the stored message incomplete, so it must not be queued: this is the first message hook.
 */
public class MessageContentGuard implements MessageHook, WiredToDispatcher {
    private static final HookResult BARE_CR_OR_NUL = Refusals.deny(SmtpReply.BARE_CR_OR_NUL_IN_DATA);
    private static final HookResult LINE_TOO_LONG = Refusals.deny(SmtpReply.LINE_TOO_LONG);
    private static final HookResult TOO_BIG = Refusals.deny(SmtpReply.MESSAGE_TOO_BIG);

    private volatile ListenerPolicies listener = ListenerPolicies.unregistered();

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        // without the Netty channel no line was checked, and the content says nothing was wrong
        MailGuardSession guarded = MailGuardSession.of(session, listener);
        MessageContent content = guarded.state().content();
        if (content.lostALine()) {
            return LINE_TOO_LONG;
        }
        if (content.hadBareCrOrNul()) {
            return BARE_CR_OR_NUL;
        }
        if (content.octets() <= guarded.config().maxData()) {
            return HookResult.DECLINED;
        }
        long declared = guarded.state().declaredSize();
        long actual = content.octets();
        Decision tooBig = Decision.refuse(SmtpReply.MESSAGE_TOO_BIG, endpoints -> AuditRecord.sizeViolation(endpoints, declared, actual));
        return guarded.apply(tooBig) ? TOO_BIG : HookResult.DECLINED;
    }

    @Override
    public void use(ListenerPolicies listener) {
        this.listener = listener;
    }
}
