package dev.mailguard.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * James 3.8.1's own memory server application ({@code org.apache.james:james-server-memory-app}, its
 * main class {@code org.apache.james.MemoryJamesServerMain}), installed with MailGuard as README.md
 * says and run as a JVM of its own. The build lays the application out as its distribution does: the
 * jar beside the {@code james-server-memory-app.lib/} folder its manifest's Class-Path names. The
 * working directory links to both and holds copies of {@code conf/} and the plugin jar.
 */
final class JamesApplication implements AutoCloseable {
    static final String JAR = "james-server-memory-app.jar";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    final Path workingDirectory;
    final ConfPorts ports;
    private final Process process;
    private final Thread killOnExit;

    private JamesApplication(Path workingDirectory, ConfPorts ports, Process process) {
        this.workingDirectory = workingDirectory;
        this.ports = ports;
        this.process = process;
        // a test JVM that ends without closing (killed by Maven's timeout, say) takes James with it
        this.killOnExit = new Thread(process::destroyForcibly, "kill-james-application");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    static Path layout() {
        String directory = System.getProperty("mailguard.james-memory-app.dir");
        if (directory == null) {
            throw new IllegalStateException("System property mailguard.james-memory-app.dir is not set: run the tests through Maven");
        }
        return Path.of(directory);
    }

    /** The Class-Path entries of the application jar's manifest that are not in the laid-out folder. */
    static List<String> missingLibraries() throws IOException {
        try (JarFile jar = new JarFile(layout().resolve(JAR).toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            return Arrays.stream(classPath.trim().split(" +"))
                .filter(entry -> !Files.isRegularFile(layout().resolve(entry))).collect(Collectors.toList());
        }
    }

    /**
     * Installs into a new working directory and starts James there with README.md's command lines,
     * on free loopback ports written into the copied configuration.
     */
    static JamesApplication install() throws Exception {
        Path directory = Files.createTempDirectory("james-application-");
        try {
            Files.createSymbolicLink(directory.resolve(JAR), layout().resolve(JAR).toAbsolutePath());
            Files.createSymbolicLink(directory.resolve("james-server-memory-app.lib"),
                layout().resolve("james-server-memory-app.lib").toAbsolutePath());
            copyTree(MailGuardServerFixture.confDirectory(), directory.resolve("conf"));
            copyTree(MailGuardServerFixture.extensionsDirectory(), directory.resolve("extensions-jars"));
            ConfPorts ports = ConfPorts.rewrite(directory.resolve("conf"));
            runToEnd(directory, ReadmeCommands.line("keytool"));
            return new JamesApplication(directory, ports, start(directory));
        } catch (Exception | AssertionError e) {
            deleteTree(directory);
            throw e;
        }
    }

    private static Process start(Path directory) throws IOException {
        List<String> command = new ArrayList<>(ReadmeCommands.line("java"));
        command.set(0, javaHome("java"));
        return new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
            .redirectOutput(directory.resolve("james.log").toFile()).start();
    }

    private static void runToEnd(Path directory, List<String> readmeLine) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(readmeLine);
        command.set(0, javaHome(command.get(0)));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + output);
        }
    }

    /** The JDK's own program of that name: the one that runs the tests. */
    private static String javaHome(String program) {
        return Path.of(System.getProperty("java.home"), "bin", program).toString();
    }

    /** Waits until WebAdmin answers MailGuard's status route; fails with James's output if James ends first. */
    void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest status = HttpRequest.newBuilder(URI.create(webAdmin("/mailguard/status")))
            .timeout(Duration.ofSeconds(5)).build();
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                return true;
            }
            try {
                return http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        if (!process.isAlive()) {
            throw new AssertionError("James ended at start with " + process.exitValue() + ":\n" + output());
        }
    }

    String webAdmin(String path) {
        return "http://" + MailGuardServerFixture.LOOPBACK + ":" + ports.webAdmin + path;
    }

    long pid() {
        return process.pid();
    }

    /** What James wrote on standard output and error so far (audit records included). */
    String output() {
        try {
            return Files.readString(workingDirectory.resolve("james.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as an administrator's service manager stops James; true when it ended within a minute. */
    boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(1, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive() && !stop()) {
                process.destroyForcibly().waitFor();
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
            deleteTree(workingDirectory);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (!file.getFileName().toString().equals("keystore")) { // a developer's own, made by run.sh
                    Files.copy(file, copy);
                }
            }
        }
    }

    /** Deletes the directory; the links to the application are removed, never followed. */
    private static void deleteTree(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Free loopback ports written over the demo ports of the copied {@code conf/} (the only edit the
     * test makes), so that the test runs beside anything else on the machine.
     */
    static final class ConfPorts {
        final int smtp;
        final int submission;
        final int submissions;
        final int imap;
        final int webAdmin;

        private ConfPorts(int[] free) {
            this.smtp = free[0];
            this.submission = free[1];
            this.submissions = free[2];
            this.imap = free[3];
            this.webAdmin = free[4];
        }

        List<Integer> all() {
            return List.of(smtp, submission, submissions, imap, webAdmin);
        }

        static ConfPorts rewrite(Path conf) throws IOException {
            ConfPorts ports = new ConfPorts(freePorts(5));
            replace(conf.resolve("smtpserver.xml"), "<bind>127.0.0.1:2525</bind>", "<bind>127.0.0.1:" + ports.smtp + "</bind>");
            replace(conf.resolve("smtpserver.xml"), "<bind>127.0.0.1:5587</bind>", "<bind>127.0.0.1:" + ports.submission + "</bind>");
            replace(conf.resolve("smtpserver.xml"), "<bind>127.0.0.1:5465</bind>", "<bind>127.0.0.1:" + ports.submissions + "</bind>");
            replace(conf.resolve("imapserver.xml"), "<bind>127.0.0.1:1143</bind>", "<bind>127.0.0.1:" + ports.imap + "</bind>");
            replace(conf.resolve("webadmin.properties"), "\nport=8000\n", "\nport=" + ports.webAdmin + "\n");
            replace(conf.resolve("webadmin.properties"), "cors.origin=http://127.0.0.1:8000", "cors.origin=http://127.0.0.1:" + ports.webAdmin);
            return ports;
        }

        private static void replace(Path file, String demo, String free) throws IOException {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (!text.contains(demo)) {
                throw new AssertionError(file.getFileName() + " no longer has " + demo.strip() + ": update the test's port edit");
            }
            Files.writeString(file, text.replace(demo, free), StandardCharsets.UTF_8);
        }

        private static int[] freePorts(int count) throws IOException {
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    held.add(new ServerSocket(0, 1, InetAddress.getByName(MailGuardServerFixture.LOOPBACK)));
                }
                return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
            } finally {
                for (ServerSocket socket : held) {
                    socket.close();
                }
            }
        }
    }
}
