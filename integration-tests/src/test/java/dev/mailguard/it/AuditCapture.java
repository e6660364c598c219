package dev.mailguard.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Collects the records written to {@code mailguard.audit}. The plugin is loaded by James's
 * extensions class loader, whose parent holds SLF4J and logback, so its records reach this appender.
 */
final class AuditCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> records = new CopyOnWriteArrayList<>();

    static AuditCapture attach() {
        AuditCapture capture = new AuditCapture();
        capture.setContext(logger().getLoggerContext());
        capture.start();
        logger().addAppender(capture);
        return capture;
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger("mailguard.audit");
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
        logger().detachAppender(this);
        stop();
    }
}
