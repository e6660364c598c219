package dev.mailguard.james;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.inspect.TraceLine;
import dev.mailguard.core.inspect.CommandOutcome;

/**
 * The logger {@value #LOGGER_NAME} at DEBUG: one {@link TraceLine} per command line. Off unless that
 * logger is set to DEBUG; the line is then built only for enabled loggers.
 */
final class CommandTrace {
    static final String LOGGER_NAME = "mailguard.trace";
    private static final Logger LOGGER = LoggerFactory.getLogger(LOGGER_NAME);

    private CommandTrace() {
    }

    /** @param endpoints asked for only when the logger is enabled */
    static void write(Supplier<Endpoints> endpoints, byte[] line, CommandOutcome outcome) {
        if (LOGGER.isDebugEnabled()) {
            LOGGER.debug(TraceLine.format(endpoints.get(), line, outcome));
        }
    }
}
