package dev.mailguard.core.inspect;

import java.nio.charset.StandardCharsets;
import dev.mailguard.core.audit.AuditText;
import dev.mailguard.core.audit.Endpoints;

/**
 * One line of the command trace, as IOS {@code debug ip inspect smtp} prints them: the command as
 * the client sent it (escaped and cut as in audit records), the outcome on it and, where the
 * listener has policies, the session's policy.
 */
public final class TraceLine {
    private TraceLine() {
    }

    public static String format(Endpoints endpoints, byte[] line, CommandOutcome outcome) {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        String command = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text;
        return "SMTP " + endpoints.client() + " -> " + endpoints.server() + ": '" + AuditText.escape(command) + "' "
            + (outcome.passes() ? "passed" : "answered " + outcome.reply()) + (outcome.closesConnection() ? ", closing" : "")
            + endpoints.policySuffix();
    }
}
