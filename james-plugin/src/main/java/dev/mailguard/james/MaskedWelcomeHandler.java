package dev.mailguard.james;


import java.util.Optional;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.smtpserver.JamesWelcomeMessageHandler;

import dev.mailguard.core.config.BannerMode;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.config.MailGuardConfig;

/**
 * The 220 greeting ({@code maskBanner}): by default {@code 220 NAME ESMTP}, NAME being
 * {@code bannerName} or James's {@code helloName}, so that nothing of James's own text (software,
 * version) remains; {@code asterisks} is the Cisco mask; {@code off} leaves James's greeting, which
 * with {@code maskSoftwareName} no longer names the software when James builds it itself.
 *
 * <p>Before the greeting is written, it starts the session's state and puts {@link LineDiscipline}'s watchers into the connection
 * (they hold the greeting back until the client has had no chance to talk first). James runs its
 * greeting handler on every connection anyway: a connect handler of MailGuard's own would cost each
 * connection one more pass of James's result handlers and the write of an empty response.
 */
public class MaskedWelcomeHandler extends JamesWelcomeMessageHandler implements WiredToDispatcher {
    private volatile ListenerPolicies listener = ListenerPolicies.unregistered();

    @Override
    public Response onConnect(SMTPSession session) {
        MailGuardSession guarded = MailGuardSession.start(session, listener);
        Optional<Decision> refused = guarded.refusalAtConnect(session.getRemoteAddress().getAddress(),
            NettyChannels.behindProxy(session), guarded::endpoints);
        if (refused.isPresent()) {
            // no watcher, no session counted: the client never gets to say anything
            SMTPResponse refusal = new SMTPResponse(refused.get().reply().code(), refused.get().reply().description());
            refusal.setEndSession(true);
            return refusal;
        }
        LineDiscipline.install(guarded);
        MailGuardConfig config = guarded.config();
        String helloName = session.getConfiguration().getHelloName();
        switch (config.maskBanner()) {
            case HOSTNAME:
                // James's greeting is not even built: none of it would remain
                return new SMTPResponse(SMTPRetCode.SERVICE_READY,
                    BannerMode.HOSTNAME.greetingText("", config.bannerName().orElse(helloName), config.mode()));
            case ASTERISKS:
                return masked(super.onConnect(session), config);
            default:
                if (config.maskSoftwareName() && session.getConfiguration().getGreeting() == null) {
                    return new SMTPResponse(SMTPRetCode.SERVICE_READY, helloName + " ESMTP ready");
                }
                return super.onConnect(session);
        }
    }

    private static Response masked(Response greeting, MailGuardConfig config) {
        SMTPResponse masked = null;
        for (CharSequence line : ReplyTexts.of(greeting)) {
            String text = BannerMode.ASTERISKS.greetingText(line, "", config.mode());
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
    public void use(ListenerPolicies listener) {
        this.listener = listener;
    }
}
