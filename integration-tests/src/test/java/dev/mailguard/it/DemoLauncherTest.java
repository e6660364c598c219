package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run command's Java process as a user meets it: the ready line, SMTP on the announced port, a
 * clean stop on SIGTERM, and a configuration error as the last line with a non-zero exit status.
 */
class DemoLauncherTest {
    private static final Path MODULE = Path.of(System.getProperty("mailguard.extensions.dir")).getParent().getParent();

    /** Port 0 everywhere: the system picks free ports, so the test never races another process for one. */
    @Test
    void startsAnnouncesServesAndStopsOnSigterm() throws Exception {
        Launched launched = launch(Map.of("MAILGUARD_SMTP_PORT", "0", "MAILGUARD_IMAP_PORT", "0", "MAILGUARD_WEBADMIN_PORT", "0"));
        Pattern ready = Pattern.compile("MailGuard ready: smtp=127\\.0\\.0\\.1:(\\d+) imap=127\\.0\\.0\\.1:(\\d+) webadmin=127\\.0\\.0\\.1:(\\d+)");
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                .until(() -> launched.output.stream().anyMatch(line -> ready.matcher(line).matches()) || !launched.process.isAlive());
            Matcher ports = launched.output.stream().map(ready::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no ready line in " + launched.output));
            assertThat(launched.output).anyMatch(line -> line.contains("demo@localhost") && line.contains("'demo'"));

            try (SmtpConnection connection = new SmtpConnection(Integer.parseInt(ports.group(1)))) {
                assertThat(connection.greeting()).matches("220 \\*+");
                assertThat(connection.send("EXPN demo")).isEqualTo("500 5.5.1 Command unknown: 'XXXX'");
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> launched.output.stream().anyMatch(line -> line.startsWith("%MAILGUARD-4-108004: ")));
        } finally {
            launched.process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
        }
        assertThat(launched.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        launched.drained.join(10_000);
        assertThat(launched.output).as("exit status %d", launched.process.exitValue()).contains("MailGuard stopping");
    }

    @Test
    void configurationErrorIsTheLastLineAndTheExitStatusIsNonZero(@TempDir Path conf) throws Exception {
        copyConf(conf);
        Path smtpserver = conf.resolve("smtpserver.xml");
        Files.writeString(smtpserver, Files.readString(smtpserver).replace("<mode>esmtp</mode>", "<mode>bogus</mode>"));

        Launched launched = launch(Map.of("MAILGUARD_CONF_DIR", conf.toString(), "MAILGUARD_SMTP_PORT", "0",
            "MAILGUARD_IMAP_PORT", "0", "MAILGUARD_WEBADMIN_PORT", "0"));

        assertThat(launched.process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        launched.drained.join(10_000);
        assertThat(launched.process.exitValue()).isEqualTo(2);
        assertThat(launched.output.get(launched.output.size() - 1))
            .contains("configuration error")
            .contains("invalid value 'bogus' for <mode>");
    }

    private static void copyConf(Path target) throws IOException {
        try (var files = Files.list(MailGuardServerFixture.confDirectory())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
    }

    private static final class Launched {
        final Process process;
        final List<String> output = new CopyOnWriteArrayList<>();
        final Thread drained;

        Launched(Process process) {
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
    }

    /** Starts the launcher as run.sh does, with the build's class path and the project's conf/ unless told otherwise. */
    private static Launched launch(Map<String, String> environment) throws IOException {
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
        return new Launched(builder.start());
    }

}
