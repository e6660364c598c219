package dev.mailguard.james;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.MessageAction;
import dev.mailguard.core.inspect.MessageContent;
import dev.mailguard.core.inspect.PartRules;
import dev.mailguard.core.inspect.RuleMatch;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * Refuses, at the end of data, a message whose content {@link MessageContent} found wrong as its
 * lines went through {@link FrameWatch} (docs/reference.md, "Line discipline", IOS {@code max-data}): a line lost to
 * the framing limit ({@code 500 5.5.2}), a bare CR or NUL ({@code 554}), more octets than
 * {@code maxData} ({@code 552}, recorded as 108006 here). Then the message rules ("Message rules"):
 * the line rules found as the lines went through, the MIME part and header address rules read
 * here with {@link MimeStructure}. The lines those checks kept from James make the stored message
 * incomplete, so it must not be queued: this is the first message hook.
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
        if (content.octets() > guarded.config().maxData()) {
            long declared = guarded.state().declaredSize();
            long actual = content.octets();
            Decision tooBig = Decision.refuse(SmtpReply.MESSAGE_TOO_BIG, endpoints -> AuditRecord.sizeViolation(endpoints, declared, actual));
            if (guarded.apply(tooBig)) {
                return TOO_BIG;
            }
        }
        return messageRules(guarded, content, mail);
    }

    /**
     * Every match is recorded and counted; the one that answers is the first whose action closes
     * the connection, else the first that rejects.
     */
    private static HookResult messageRules(MailGuardSession guarded, MessageContent content, MailEnvelope mail) {
        MailGuardConfig config = guarded.config();
        List<RuleMatch> matches = new ArrayList<>(content.lineRuleMatches());
        if (PartRules.readStructure(config, content.mayHaveParts())) {
            PartRules parts = new PartRules(config);
            try (InputStream message = mail.getMessageInputStream()) {
                MimeStructure.inspect(message, parts);
            } catch (IOException e) {
                // James could not hand its own copy back: the line rules still hold
            }
            matches.addAll(parts.matches());
        }
        RuleMatch answer = answer(matches, config);
        HookResult result = HookResult.DECLINED;
        for (RuleMatch match : matches) {
            guarded.enforcement().counters().messageRuleMatched(match.rule().key());
            if (match == answer) {
                Decision decision = match.decision(config);
                if (guarded.apply(decision)) {
                    result = Refusals.deny(decision.reply(), decision.closesConnection());
                }
            } else if (match.action(config) == MessageAction.LOG) {
                guarded.apply(match.decision(config));
            }
        }
        return result;
    }

    private static RuleMatch answer(List<RuleMatch> matches, MailGuardConfig config) {
        RuleMatch rejecting = null;
        for (RuleMatch match : matches) {
            MessageAction action = match.action(config);
            if (action == MessageAction.DROP_CONNECTION) {
                return match;
            }
            if (action == MessageAction.REJECT && rejecting == null) {
                rejecting = match;
            }
        }
        return rejecting;
    }

    @Override
    public void use(ListenerPolicies listener) {
        this.listener = listener;
    }
}
