package dev.mailguard.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Collects the records written to {@code mailguard.audit} (or to another of the plugin's loggers). The plugin is loaded by James's
 * extensions class loader, whose parent holds SLF4J and logback, so its records reach this appender.
 */
final class AuditCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> records = new CopyOnWriteArrayList<>();

    private final Logger logger;

    private AuditCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    }

    static AuditCapture attach() {
        return attach("mailguard.audit");
    }

    static AuditCapture attach(String loggerName) {
        AuditCapture capture = new AuditCapture(loggerName);
        capture.setContext(capture.logger.getLoggerContext());
        capture.start();
        capture.logger.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        records.add(event.getFormattedMessage());
    }

    List<String> records() {
        return List.copyOf(records);
    }

    List<String> records(String id) {
        return records.stream().filter(record -> record.contains("-" + id + ": ")).collect(Collectors.toList());
    }

    void clear() {
        records.clear();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
