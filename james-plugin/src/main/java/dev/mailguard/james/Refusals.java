package dev.mailguard.james;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

import dev.mailguard.core.smtp.SmtpReply;

/** MailGuard's replies as James hook results that refuse the message. */
final class Refusals {
    private Refusals() {
    }

    static HookResult deny(SmtpReply reply) {
        return deny(reply, false);
    }

    /** Refuses with {@code reply}, closing the connection after it when {@code closing}. */
    static HookResult deny(SmtpReply reply, boolean closing) {
        return HookResult.builder()
            .hookReturnCode(closing ? HookReturnCode.disconnected(HookReturnCode.Action.DENY) : HookReturnCode.deny())
            .smtpReturnCode(reply.code())
            .smtpDescription(reply.description())
            .build();
    }
}
