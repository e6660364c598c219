package dev.mailguard.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit records to the SLF4J logger {@value #LOGGER_NAME}. Cisco severities map to log
 * levels (0-3 error, 4 warn, 5-7 info) so that a severity-7 record is never lost to a level filter.
 */
public final class AuditLog {
    public static final String LOGGER_NAME = "mailguard.audit";
    private static final Logger LOGGER = LoggerFactory.getLogger(LOGGER_NAME);

    private AuditLog() {
    }

    public static void write(AuditRecord record) {
        if (record.severity() <= 3) {
            LOGGER.error(record.toCiscoLine());
        } else if (record.severity() == 4) {
            LOGGER.warn(record.toCiscoLine());
        } else {
            LOGGER.info(record.toCiscoLine());
        }
    }
}
