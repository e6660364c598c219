package dev.mailguard.demo;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.apache.james.protocols.api.handler.WiringException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The README's run command: James 3.8.1 memory server with MailGuard on loopback, a demo user, and
 * a clean stop on Ctrl-C or SIGTERM. A configuration error ends it with status 2, the error being
 * the last thing printed.
 */
public final class MailGuardDemo {
    static final String DOMAIN = "localhost";
    static final String USER = "demo@localhost";
    static final String PASSWORD = "demo";
    private static final int CONFIGURATION_ERROR = 2;
    private static final int START_FAILURE = 1;

    private MailGuardDemo() {
    }

    public static void main(String[] args) throws InterruptedException {
        DemoSettings settings;
        try {
            settings = DemoSettings.from(System.getenv(), System.getProperty(DemoSettings.EXTENSIONS_DIR_PROPERTY));
        } catch (IllegalArgumentException e) {
            // Logging is not set up yet: the environment decides where its configuration is.
            System.err.println("MailGuard: " + e.getMessage());
            System.exit(CONFIGURATION_ERROR);
            return;
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", settings.logbackConfiguration());
        }
        // The console logger prints bare messages: this is what a person reads at start.
        Logger console = LoggerFactory.getLogger("mailguard.console");
        console.info("Starting James 3.8.1 (memory) with MailGuard: conf {}, plugin from {}",
            settings.confDirectory(), settings.extensionsDirectory());

        MailGuardServer server;
        try {
            if (DemoKeystore.ensure(settings.confDirectory())) {
                console.info("Created a self-signed demo keystore for STARTTLS: {}",
                    settings.confDirectory().resolve(DemoKeystore.FILE_NAME));
            }
            server = MailGuardServer.start(settings.confDirectory(), settings.extensionsDirectory(), settings.ports(), conf -> { });
        } catch (Exception e) {
            Optional<Exception> configurationError = configurationError(e);
            if (configurationError.isPresent()) {
                console.error("James did not start: configuration error: {}", configurationError.get().getMessage());
                System.exit(CONFIGURATION_ERROR);
            }
            console.error("James did not start: {}", ExceptionUtils.getRootCauseMessage(e));
            System.exit(START_FAILURE);
            return;
        }

        try {
            server.addUser(DOMAIN, USER, PASSWORD);
        } catch (Exception e) {
            server.close();
            console.error("James started but the demo user could not be created: {}", ExceptionUtils.getRootCauseMessage(e));
            System.exit(START_FAILURE);
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.info("MailGuard stopping");
            server.close();
            stopped.countDown();
        }, "mailguard-shutdown"));

        console.info("Demo user {} with password '{}' in domain {}", USER, PASSWORD, DOMAIN);
        console.info("MailGuard ready: {}", readyAddresses(server));
        stopped.await();
    }

    /**
     * {@code smtp=127.0.0.1:2525 submission=127.0.0.1:5587 submissions=127.0.0.1:5465 imap=127.0.0.1:1143 webadmin=127.0.0.1:8000};
     * an SMTP listener the configuration folder does not have (submission, the second; submissions,
     * the third) is left out.
     */
    private static String readyAddresses(MailGuardServer server) {
        StringBuilder ready = new StringBuilder();
        appendAddress(ready, "smtp", server.smtpPort());
        server.submissionPort().ifPresent(port -> appendAddress(ready, "submission", port));
        server.submissionsPort().ifPresent(port -> appendAddress(ready, "submissions", port));
        appendAddress(ready, "imap", server.imapPort());
        appendAddress(ready, "webadmin", server.webAdminPort());
        return ready.toString();
    }

    private static void appendAddress(StringBuilder ready, String name, int port) {
        if (ready.length() > 0) {
            ready.append(' ');
        }
        ready.append(name).append('=').append(MailGuardServer.LOOPBACK).append(':').append(port);
    }

    /** The innermost bad setting ({@link ConfigurationException}) or bad handler chain ({@link WiringException}). */
    private static Optional<Exception> configurationError(Throwable failure) {
        return ExceptionUtils.getThrowableList(failure).stream()
            .filter(cause -> cause instanceof ConfigurationException || cause instanceof WiringException)
            .map(Exception.class::cast)
            .reduce((outer, inner) -> inner);
    }
}
