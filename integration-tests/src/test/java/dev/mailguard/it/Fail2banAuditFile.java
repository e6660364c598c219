package dev.mailguard.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.joran.spi.JoranException;

/**
 * The file fail2ban reads, written by the {@code AUDIT_FAIL2BAN} appender of conf/logback.xml as
 * shipped (commented out there), only in another folder, and attached to {@code mailguard.audit} of
 * the running server: what the test reads is what an administrator who uncomments it gets.
 */
final class Fail2banAuditFile implements AutoCloseable {
    static final String APPENDER = "AUDIT_FAIL2BAN";
    private static final Pattern BLOCK = Pattern.compile("<appender name=\"" + APPENDER + "\".*?</appender>", Pattern.DOTALL);
    private static final Pattern FILE = Pattern.compile("<file>(.*?)</file>");

    private final Logger logger;
    private final Path file;

    private Fail2banAuditFile(Logger logger, Path file) {
        this.logger = logger;
        this.file = file;
    }

    /** The appender writes into {@code directory} what it would write into /var/log/james. */
    static Fail2banAuditFile attach(Path directory) throws IOException, JoranException {
        String block = shippedBlock();
        Path shipped = shippedFile();
        String moved = block.replace(shipped.getParent() + "/", directory + "/");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        // no reset: the appender joins the test's logging configuration as one more appender of mailguard.audit
        configurator.doConfigure(new ByteArrayInputStream(("<configuration>" + moved + "<logger name=\"mailguard.audit\">"
            + "<appender-ref ref=\"" + APPENDER + "\"/></logger></configuration>").getBytes(UTF_8)));
        return new Fail2banAuditFile(context.getLogger("mailguard.audit"), directory.resolve(shipped.getFileName()));
    }

    /** Where the shipped appender writes (its {@code <file>}). */
    static Path shippedFile() throws IOException {
        Matcher file = FILE.matcher(shippedBlock());
        if (!file.find()) {
            throw new IllegalStateException("The " + APPENDER + " appender of conf/logback.xml names no <file>");
        }
        return Path.of(file.group(1));
    }

    private static String shippedBlock() throws IOException {
        Matcher block = BLOCK.matcher(Files.readString(MailGuardServerFixture.confDirectory().resolve("logback.xml"), UTF_8));
        if (!block.find()) {
            throw new IllegalStateException("conf/logback.xml has no " + APPENDER + " appender");
        }
        return block.group();
    }

    Path file() {
        return file;
    }

    /** The lines written so far; none before the first record. */
    List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, UTF_8) : List.of();
    }

    @Override
    public void close() {
        Appender<ILoggingEvent> appender = logger.getAppender(APPENDER);
        logger.detachAppender(appender);
        appender.stop();
    }
}
