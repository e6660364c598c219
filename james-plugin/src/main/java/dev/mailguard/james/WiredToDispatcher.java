package dev.mailguard.james;

import java.util.List;

import org.apache.james.protocols.api.handler.ExtensibleHandler;
import org.apache.james.protocols.api.handler.WiringException;


/**
 * The handlers of {@link MailGuardCoreHandlers} get no element of their own in smtpserver.xml:
 * they ask James to wire them with MailGuard's dispatcher and take its settings and counters, so
 * every setting is read once, from one element.
 */
interface WiredToDispatcher extends ExtensibleHandler {
    /** Called once at start with the dispatcher's policies, their settings and counters. */
    void use(ListenerPolicies listener);

    @Override
    default List<Class<?>> getMarkerInterfaces() {
        return List.of(MailGuardCommandDispatcher.class);
    }

    @Override
    @SuppressWarnings("rawtypes")
    default void wireExtensions(Class interfaceName, List dispatchers) throws WiringException {
        if (dispatchers.isEmpty()) {
            throw new WiringException("MailGuard: " + MailGuardCoreHandlers.class.getName() + " needs <handler class=\""
                + MailGuardCommandDispatcher.class.getName() + "\"> first in the same <handlerchain>");
        }
        use(((MailGuardCommandDispatcher) dispatchers.get(0)).listener());
    }
}
