package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.LOOPBACK;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A private Postfix: its own configuration, queue and data directories in a temporary directory, its
 * own log file, an smtpd on a free loopback port and every message relayed to one relayhost. Nothing
 * of the machine's Postfix (if any) is read or touched. Needs root (Postfix's master runs as root and
 * its daemons as {@code postfix}, both created by the Debian package).
 */
final class PostfixInstance implements AutoCloseable {
    private final ExternalProgram postfix;
    private final Path directory;
    private final int smtpdPort;

    private PostfixInstance(ExternalProgram postfix, Path directory, int smtpdPort) {
        this.postfix = postfix;
        this.directory = directory;
        this.smtpdPort = smtpdPort;
    }

    /** Starts an instance relaying everything to {@code 127.0.0.1:relayPort} with this {@code smtp_tls_security_level}. */
    static PostfixInstance start(int relayPort, String tlsSecurityLevel) throws IOException {
        ExternalProgram postfix = ExternalProgram.require("postfix", "postfix");
        Path directory = Files.createTempDirectory("mailguard-postfix-");
        // the daemons run as postfix and must reach the queue below this directory
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        PostfixInstance instance = new PostfixInstance(postfix, directory, freeLoopbackPort());
        try {
            Files.createDirectories(instance.configDirectory());
            Files.createDirectories(directory.resolve("queue"));
            // Postfix's own files (TLS session cache, locks) belong to mail_owner
            Path data = Files.createDirectories(directory.resolve("data"));
            Files.setOwner(data, data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix"));
            Files.write(instance.configDirectory().resolve("main.cf"), instance.mainCf(relayPort, tlsSecurityLevel), UTF_8);
            Files.write(instance.configDirectory().resolve("master.cf"), instance.masterCf(), UTF_8);
            postfix.run("-c", instance.configDirectory().toString(), "start");
            return instance;
        } catch (AssertionError e) {
            // postfix writes why it did not start to its log, not to a stderr that is no terminal
            String log = instance.log();
            instance.close();
            throw new AssertionError(e.getMessage() + "\nPostfix log:\n" + log, e);
        } catch (RuntimeException | IOException e) {
            instance.close();
            throw e;
        }
    }

    private List<String> mainCf(int relayPort, String tlsSecurityLevel) {
        return List.of(
            "compatibility_level = 3.6",
            "queue_directory = " + directory.resolve("queue"),
            "data_directory = " + directory.resolve("data"),
            "mail_owner = postfix",
            "setgid_group = postdrop",
            // a log file of its own instead of syslog (served by the postlog service in master.cf)
            "maillog_file = " + logFile(),
            "maillog_file_prefixes = " + directory,
            "myhostname = postfix-relay.example",
            "mydestination =",
            "alias_maps =",
            "alias_database =",
            "inet_interfaces = " + LOOPBACK,
            "inet_protocols = ipv4",
            "mynetworks = 127.0.0.0/8",
            "relayhost = [" + LOOPBACK + "]:" + relayPort,
            "smtp_tls_security_level = " + tlsSecurityLevel,
            // logs "... TLS connection established to ..." for each TLS session
            "smtp_tls_loglevel = 1");
        // smtp_pix_workarounds keeps its default on purpose: the matrix checks that it never triggers
    }

    /** Postfix's stock services, none chrooted (the chroot would lack the private directories). */
    private List<String> masterCf() {
        return List.of(
            LOOPBACK + ":" + smtpdPort + " inet n - n - - smtpd",
            "pickup unix n - n 60 1 pickup",
            "cleanup unix n - n - 0 cleanup",
            "qmgr unix n - n 300 1 qmgr",
            "tlsmgr unix - - n 1000? 1 tlsmgr",
            "rewrite unix - - n - - trivial-rewrite",
            "bounce unix - - n - 0 bounce",
            "defer unix - - n - 0 bounce",
            "trace unix - - n - 0 bounce",
            "verify unix - - n - 1 verify",
            "flush unix n - n 1000? 0 flush",
            "proxymap unix - - n - - proxymap",
            "smtp unix - - n - - smtp",
            "relay unix - - n - - smtp",
            "showq unix n - n - - showq",
            "error unix - - n - - error",
            "retry unix - - n - - error",
            "discard unix - - n - - discard",
            "anvil unix - - n - 1 anvil",
            "scache unix - - n - 1 scache",
            "postlog unix-dgram n - n - 1 postlogd");
    }

    int smtpdPort() {
        return smtpdPort;
    }

    /** The instance's log so far. */
    String log() {
        try {
            Path log = logFile();
            return Files.exists(log) ? Files.readString(log, UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path logFile() {
        return directory.resolve("maillog");
    }

    private Path configDirectory() {
        return directory.resolve("conf");
    }

    /** Stops the instance, waits until its master process has gone, and removes its directory. */
    @Override
    public void close() {
        try {
            Optional<ProcessHandle> master = masterProcess();
            if (master.isPresent()) {
                postfix.run("-c", configDirectory().toString(), "stop");
                await().atMost(Duration.ofSeconds(60)).until(() -> !master.get().isAlive());
            }
        } finally {
            deleteDirectory();
        }
    }

    private Optional<ProcessHandle> masterProcess() {
        Path pidFile = directory.resolve("queue").resolve("pid").resolve("master.pid");
        try {
            return Files.exists(pidFile) ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }
}
