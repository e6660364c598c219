package dev.mailguard.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

/** The run command's Java process (run.sh's launcher), started with the build's class path, and its output. */
final class DemoProcess {
    private static final Path MODULE = Path.of(System.getProperty("mailguard.extensions.dir")).getParent().getParent();

    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();
    final Thread drained;

    private DemoProcess(Process process) {
        this.process = process;
        this.drained = new Thread(this::drain, "launcher-output");
        drained.start();
    }

    private void drain() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(output::add);
        } catch (IOException e) {
            output.add("(output lost: " + e + ")");
        }
    }

    /** Starts the launcher as run.sh does, with the project's conf/ unless the environment says otherwise. */
    static DemoProcess launch(Map<String, String> environment) throws IOException {
        String classpath = MODULE.resolve("target/classes") + java.io.File.pathSeparator
            + Files.readString(MODULE.resolve("target/launcher.classpath")).trim();
        ProcessBuilder builder = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dmailguard.extensions.dir=" + MailGuardServerFixture.extensionsDirectory(),
            "-cp", classpath,
            "dev.mailguard.demo.MailGuardDemo")
            .directory(MODULE.getParent().toFile())
            .redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new DemoProcess(builder.start());
    }

    private static final Pattern READY = Pattern.compile("MailGuard ready: smtp=127\\.0\\.0\\.1:(?<smtp>\\d+)"
        + " submission=127\\.0\\.0\\.1:(?<submission>\\d+) submissions=127\\.0\\.0\\.1:(?<submissions>\\d+)"
        + " imap=127\\.0\\.0\\.1:(?<imap>\\d+) webadmin=127\\.0\\.0\\.1:(?<webadmin>\\d+)");

    /**
     * Waits for the ready line and returns it matched, each port in the group of its name: {@code smtp},
     * {@code submission}, {@code submissions}, {@code imap}, {@code webadmin}. Fails with the output
     * when the launcher exits first.
     */
    Matcher awaitReady() {
        Awaitility.await().atMost(Duration.ofMinutes(2))
            .until(() -> output.stream().anyMatch(line -> READY.matcher(line).matches()) || !process.isAlive());
        return output.stream().map(READY::matcher).filter(Matcher::matches).findFirst()
            .orElseThrow(() -> new AssertionError("no ready line in " + output));
    }

    /** Environment for a launcher on free ports with the configuration in {@code conf}. */
    static Map<String, String> freePortsWith(Path conf) {
        return Map.of("MAILGUARD_CONF_DIR", conf.toString(), "MAILGUARD_SMTP_PORT", "0", "MAILGUARD_SUBMISSION_PORT", "0",
            "MAILGUARD_SUBMISSIONS_PORT", "0", "MAILGUARD_IMAP_PORT", "0", "MAILGUARD_WEBADMIN_PORT", "0");
    }

    static void copyConf(Path target) throws IOException {
        try (var files = Files.list(MailGuardServerFixture.confDirectory())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
    }
}
