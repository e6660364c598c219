package dev.mailguard.james;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailguard.core.audit.AuditFormat;
import dev.mailguard.core.audit.AuditRecord;

/**
 * Writes audit records to the SLF4J logger {@value #LOGGER_NAME} in the configured layout. Cisco
 * severities map to log levels (0-3 error, 4 warn, 5-7 info) so that a severity-7 record is never
 * lost to a level filter.
 */
final class AuditLog {
    static final String LOGGER_NAME = "mailguard.audit";
    private static final Logger LOGGER = LoggerFactory.getLogger(LOGGER_NAME);
    private static final Clock UTC = Clock.systemUTC();

    private AuditLog() {
    }

    static void write(AuditFormat format, AuditRecord record) {
        String line = format == AuditFormat.JSON ? record.toJsonLine(UTC.instant()) : record.toCiscoLine();
        if (record.severity() <= 3) {
            LOGGER.error(line);
        } else if (record.severity() == 4) {
            LOGGER.warn(line);
        } else {
            LOGGER.info(line);
        }
    }
}
