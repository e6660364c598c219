package dev.mailguard.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the demo launcher reads from its environment: the configuration folder
 * ({@code MAILGUARD_CONF_DIR}, default {@code conf}) and the loopback ports
 * ({@code MAILGUARD_SMTP_PORT} 2525, {@code MAILGUARD_SUBMISSION_PORT} 5587, {@code MAILGUARD_SUBMISSIONS_PORT} 5465,
 * {@code MAILGUARD_IMAP_PORT} 1143, {@code MAILGUARD_WEBADMIN_PORT} 8000).
 */
final class DemoSettings {
    static final int DEFAULT_SMTP_PORT = 2525;
    static final int DEFAULT_SUBMISSION_PORT = 5587;
    static final int DEFAULT_SUBMISSIONS_PORT = 5465;
    static final int DEFAULT_IMAP_PORT = 1143;
    static final int DEFAULT_WEBADMIN_PORT = 8000;
    /** Set by run.sh: where the build copied the plugin jar. */
    static final String EXTENSIONS_DIR_PROPERTY = "mailguard.extensions.dir";

    private final Path confDirectory;
    private final Path extensionsDirectory;
    private final ListenPorts ports;

    private DemoSettings(Path confDirectory, Path extensionsDirectory, ListenPorts ports) {
        this.confDirectory = confDirectory;
        this.extensionsDirectory = extensionsDirectory;
        this.ports = ports;
    }

    static DemoSettings from(Map<String, String> environment, String extensionsDirectory) {
        return new DemoSettings(
            Path.of(environment.getOrDefault("MAILGUARD_CONF_DIR", "conf")).toAbsolutePath(),
            Path.of(extensionsDirectory == null ? "integration-tests/target/extensions-jars" : extensionsDirectory).toAbsolutePath(),
            new ListenPorts(
                port(environment, "MAILGUARD_SMTP_PORT", DEFAULT_SMTP_PORT),
                port(environment, "MAILGUARD_SUBMISSION_PORT", DEFAULT_SUBMISSION_PORT),
                port(environment, "MAILGUARD_SUBMISSIONS_PORT", DEFAULT_SUBMISSIONS_PORT),
                port(environment, "MAILGUARD_IMAP_PORT", DEFAULT_IMAP_PORT),
                port(environment, "MAILGUARD_WEBADMIN_PORT", DEFAULT_WEBADMIN_PORT)));
    }

    private static int port(Map<String, String> environment, String variable, int defaultPort) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(variable + "='" + value + "' is not a port number (0-65535)");
    }

    Path confDirectory() {
        return confDirectory;
    }

    Path extensionsDirectory() {
        return extensionsDirectory;
    }

    ListenPorts ports() {
        return ports;
    }

    /** The configuration folder's logback.xml, or the launcher's own when the folder has none. */
    String logbackConfiguration() {
        Path inConf = confDirectory.resolve("logback.xml");
        if (Files.isRegularFile(inConf)) {
            return inConf.toString();
        }
        return DemoSettings.class.getResource("/mailguard-demo-logback.xml").toString();
    }
}
