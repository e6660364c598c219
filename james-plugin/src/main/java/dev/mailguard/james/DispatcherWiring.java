package dev.mailguard.james;

import java.util.List;

import org.apache.james.protocols.api.handler.WiringException;

import dev.mailguard.core.MailGuardConfig;

/**
 * The handlers of {@link MailGuardCoreHandlers} get no element of their own in smtpserver.xml:
 * they ask James to wire them with MailGuard's dispatcher and read its settings, so every setting
 * is read once, from one element.
 */
final class DispatcherWiring {
    static final List<Class<?>> MARKERS = List.of(MailGuardCommandDispatcher.class);

    private DispatcherWiring() {
    }

    static MailGuardConfig config(List<?> dispatchers) throws WiringException {
        if (dispatchers.isEmpty()) {
            throw new WiringException("MailGuard: " + MailGuardCoreHandlers.class.getName() + " needs <handler class=\""
                + MailGuardCommandDispatcher.class.getName() + "\"> first in the same <handlerchain>");
        }
        return ((MailGuardCommandDispatcher) dispatchers.get(0)).config();
    }
}
