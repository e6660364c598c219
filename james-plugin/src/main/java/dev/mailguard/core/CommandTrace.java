package dev.mailguard.core;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logger {@value #LOGGER_NAME} at DEBUG: one line per command line and MailGuard's verdict on it,
 * as IOS {@code debug ip inspect smtp} prints them (SPEC.md section 8). Off unless that logger is set
 * to DEBUG; the line is then built only for enabled loggers. Client text is escaped and cut as in
 * audit records.
 */
public final class CommandTrace {
    public static final String LOGGER_NAME = "mailguard.trace";
    private static final Logger LOGGER = LoggerFactory.getLogger(LOGGER_NAME);

    private CommandTrace() {
    }

    /** @param endpoints asked for only when the logger is enabled */
    public static void write(Supplier<Endpoints> endpoints, byte[] line, Verdict verdict) {
        if (LOGGER.isDebugEnabled()) {
            LOGGER.debug(format(endpoints.get(), line, verdict));
        }
    }

    static String format(Endpoints endpoints, byte[] line, Verdict verdict) {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        String command = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text;
        return "SMTP " + endpoints.client() + " -> " + endpoints.server() + ": '" + AuditText.escape(command) + "' "
            + (verdict.passes() ? "passed" : "answered " + verdict.reply()) + (verdict.closesConnection() ? ", closing" : "");
    }
}
