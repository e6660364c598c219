package dev.mailguard.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.server.core.configuration.FileConfigurationProvider;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.utils.WebAdminGuiceProbe;

import com.google.inject.multibindings.Multibinder;

/**
 * An embedded James 3.8.1 memory server set up the way an administrator sets up MailGuard: a working
 * directory holding a copy of the configuration folder in {@code conf/} and the plugin jar in
 * {@code extensions-jars/}. Listen ports are chosen here (0 picks a free one) and bound to loopback.
 */
public final class MailGuardServer implements AutoCloseable {
    public static final String LOOPBACK = "127.0.0.1";

    static {
        // James calls System.exit(1) on a failed start; the launcher and the tests report the failure themselves.
        if (System.getProperty("james.exit.on.startup.error") == null) {
            System.setProperty("james.exit.on.startup.error", "false");
        }
    }

    /** Lets a caller change the copied configuration (a test's variant) before James reads it. */
    @FunctionalInterface
    public interface ConfigurationEdit {
        void apply(Path confDirectory) throws IOException;
    }

    private final GuiceJamesServer james;
    private final Path workingDirectory;

    private MailGuardServer(GuiceJamesServer james, Path workingDirectory) {
        this.james = james;
        this.workingDirectory = workingDirectory;
    }

    /**
     * Starts James; on failure (for example a configuration error) the half-started server is
     * stopped, the working directory removed and the exception rethrown.
     */
    public static MailGuardServer start(Path confDirectory, Path extensionsDirectory, ListenPorts ports,
                                        ConfigurationEdit edit) throws Exception {
        Path workingDirectory = Files.createTempDirectory("mailguard-james-");
        GuiceJamesServer james = null;
        try {
            copyDirectory(confDirectory, workingDirectory.resolve("conf"));
            copyDirectory(extensionsDirectory, workingDirectory.resolve("extensions-jars"));
            edit.apply(workingDirectory.resolve("conf"));
            james = createJames(workingDirectory, ports);
            james.start();
        } catch (Exception e) {
            if (james != null) {
                james.stop();
            }
            deleteDirectory(workingDirectory);
            throw e;
        }
        return new MailGuardServer(james, workingDirectory);
    }

    private static GuiceJamesServer createJames(Path workingDirectory, ListenPorts ports) throws IOException {
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .workingDirectory(workingDirectory.toFile())
            .build();
        FileSystemImpl fileSystem = new FileSystemImpl(configuration.directories());
        ConfigurationProvider listenAddresses = new ListenAddressOverrides(
            new FileConfigurationProvider(fileSystem, configuration),
            Map.of("smtpserver", List.of(loopback(ports.smtp()), loopback(ports.submission()), loopback(ports.submissions())),
                "imapserver", List.of(loopback(ports.imap()))));
        PropertiesProvider webAdminAddress = new WebAdminListenOverride(
            fileSystem, configuration.configurationPath(), LOOPBACK, webAdminPort(ports.webAdmin()));
        return MemoryJamesServerMain.createServer(configuration)
            .overrideWith(binder -> binder.bind(ConfigurationProvider.class).toInstance(listenAddresses))
            .overrideWith(binder -> binder.bind(PropertiesProvider.class).toInstance(webAdminAddress))
            .combineWith(binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(SmtpListenersProbe.class));
    }

    private static String loopback(int port) {
        return LOOPBACK + ":" + port;
    }

    /**
     * WebAdmin given port 0 probes a port on all interfaces before binding loopback; picking the
     * free port here keeps everything on loopback.
     */
    private static int webAdminPort(int requested) throws IOException {
        if (requested != 0) {
            return requested;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    /** The MX listener's port: the first {@code <smtpserver>}. */
    public int smtpPort() {
        return smtpListenerPort(0).orElseThrow(() -> new IllegalStateException("smtpserver.xml has no <smtpserver>"));
    }

    /** The submission listener's port: the second {@code <smtpserver>}, absent when the configuration has only one. */
    public OptionalInt submissionPort() {
        return smtpListenerPort(1);
    }

    /** The submissions listener's port (implicit TLS): the third {@code <smtpserver>}, absent when the configuration has fewer. */
    public OptionalInt submissionsPort() {
        return smtpListenerPort(2);
    }

    /**
     * The SMTP listener at {@code position} listens on {@code address} too, on a free port, which is
     * returned; see {@link SmtpListenersProbe#alsoListen}.
     */
    public InetSocketAddress alsoListen(int position, InetAddress address) throws Exception {
        return james.getProbe(SmtpListenersProbe.class).alsoListen(position, new InetSocketAddress(address, 0));
    }

    private OptionalInt smtpListenerPort(int position) {
        return james.getProbe(SmtpListenersProbe.class).port(position);
    }

    public int imapPort() {
        return james.getProbe(ImapGuiceProbe.class).getImapPort();
    }

    public int webAdminPort() {
        return james.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    /** Adds the domain (unless James already has it) and the user. */
    public void addUser(String domain, String address, String password) throws Exception {
        DataProbeImpl data = james.getProbe(DataProbeImpl.class);
        if (!data.containsDomain(domain)) {
            data.addDomain(domain);
        }
        data.addUser(address, password);
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    @Override
    public void close() {
        james.stop();
        deleteDirectory(workingDirectory);
    }

    private static void copyDirectory(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new IOException("Not a directory: " + source.toAbsolutePath());
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    private static void deleteDirectory(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
