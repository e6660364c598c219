package dev.mailguard.james;


import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.smtpserver.JamesWelcomeMessageHandler;

import dev.mailguard.core.BannerMask;
import dev.mailguard.core.Enforcer;
import dev.mailguard.core.InspectionCounters;
import dev.mailguard.core.MailGuardConfig;

/**
 * The 220 greeting (SPEC.md section 4): with {@code maskBanner} every character after {@code 220 }
 * becomes {@code *}, whatever James is configured to say; with only {@code maskSoftwareName}, James's
 * default greeting no longer names the software.
 *
 * <p>Before the greeting is written, it puts {@link LineDiscipline}'s watchers into the connection
 * (they hold the greeting back until the client has had no chance to talk first). James runs its
 * greeting handler on every connection anyway: a connect handler of MailGuard's own would cost each
 * connection one more pass of James's result handlers and the write of an empty response.
 */
public class MaskedWelcomeHandler extends JamesWelcomeMessageHandler implements WiredToDispatcher {
    private volatile Enforcer enforcer = new Enforcer(MailGuardConfig.defaults(), InspectionCounters.NONE);

    @Override
    public Response onConnect(SMTPSession session) {
        LineDiscipline.install(session, enforcer);
        MailGuardConfig config = enforcer.config();
        if (config.maskBanner()) {
            return masked(super.onConnect(session));
        }
        if (config.maskSoftwareName() && session.getConfiguration().getGreeting() == null) {
            return new SMTPResponse(SMTPRetCode.SERVICE_READY, session.getConfiguration().getHelloName() + " ESMTP ready");
        }
        return super.onConnect(session);
    }

    private static Response masked(Response greeting) {
        SMTPResponse masked = null;
        for (CharSequence line : ReplyTexts.of(greeting)) {
            String text = BannerMask.mask(line.toString());
            if (masked == null) {
                masked = new SMTPResponse(greeting.getRetCode(), text);
            } else {
                masked.appendLine(text);
            }
        }
        masked.setEndSession(greeting.isEndSession());
        return masked;
    }

    @Override
    public void use(Enforcer enforcer) {
        this.enforcer = enforcer;
    }
}
