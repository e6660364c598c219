package dev.mailguard.james;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;
import org.apache.james.smtpserver.CoreCmdHandlerLoader;
import org.apache.james.smtpserver.JamesWelcomeMessageHandler;

/**
 * James's core SMTP handlers with MailGuard's in three places, named by
 * {@code <handlerchain coreHandlersPackage="dev.mailguard.james.MailGuardCoreHandlers">}: the
 * greeting (banner masking, and the connection watchers put in place), the Received header (software name) and, first of the message
 * hooks, the refusal of a message the content checks of DATA found wrong (smuggling, {@code maxData}). James's own list is taken as
 * it is, so nothing else changes.
 */
public class MailGuardCoreHandlers implements HandlersPackage {
    private static final Map<String, String> REPLACEMENTS = Map.of(
        JamesWelcomeMessageHandler.class.getName(), MaskedWelcomeHandler.class.getName(),
        ReceivedDataLineFilter.class.getName(), AnonymousReceivedDataLineFilter.class.getName());

    @Override
    public List<String> getHandlers() {
        List<String> handlers = new ArrayList<>();
        // the first message hook: a message the content checks cut must be refused before any hook queues it
        handlers.add(MessageContentGuard.class.getName());
        for (String handler : new CoreCmdHandlerLoader().getHandlers()) {
            handlers.add(REPLACEMENTS.getOrDefault(handler, handler));
        }
        return handlers;
    }
}
