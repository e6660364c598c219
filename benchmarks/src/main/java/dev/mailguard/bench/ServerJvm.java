package dev.mailguard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One James JVM of the comparison, started with the demo launcher (the README's run command) on a
 * copy of conf/ that differs only where the caller says. Mail is accepted and queued as usual, then
 * dropped by a Null mailet, so the spooler and the mailbox do not grow with the load and the
 * comparison measures the SMTP side. It may run one SMTP listener or several.
 */
final class ServerJvm implements AutoCloseable {
    interface ConfEdit {
        void apply(Path conf) throws IOException;
    }

    private static final Pattern READY = Pattern.compile("MailGuard ready: smtp=([0-9.]+):([0-9]+)");
    private static final String TO_TRANSPORT = "<mailet match=\"All\" class=\"ToProcessor\">\n"
        + "                <processor>transport</processor>\n"
        + "            </mailet>";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** Linux clock ticks per second for /proc/PID/stat (USER_HZ, 100 on every common kernel). */
    private static final long NANOS_PER_TICK = 10_000_000;
    /** Linux keeps the first 15 characters of a thread's name in /proc/PID/task/TID/comm. */
    private static final int COMM_LENGTH = 15;

    private final String name;
    private final Process process;
    private final Path log;
    private InetSocketAddress firstSmtp;

    private ServerJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts a JVM in {@code benchmarks/target/e2e/NAME} with the plugin jars in {@code extensions}. */
    static ServerJvm start(Layout layout, String name, Path extensions, ConfEdit variant) throws IOException {
        Path home = layout.work().resolve(name);
        Path conf = home.resolve("conf");
        copyTree(layout.conf(), conf);
        edit(conf.resolve("mailetcontainer.xml"), xml -> {
            if (!xml.contains(TO_TRANSPORT)) {
                throw new IllegalStateException("conf/mailetcontainer.xml no longer starts its root processor as expected");
            }
            return xml.replaceFirst(Pattern.quote(TO_TRANSPORT), Matcher.quoteReplacement("<mailet match=\"All\" class=\"Null\"/>"));
        });
        variant.apply(conf);
        Path log = home.resolve("server.log");
        List<String> command = new ArrayList<>(layout.serverCpus());
        command.addAll(List.of(layout.java(), "-Xms1g", "-Xmx1g",
            "-Dmailguard.extensions.dir=" + extensions, "-cp", layout.launcherClasspath(), "dev.mailguard.demo.MailGuardDemo"));
        ProcessBuilder builder = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().put("MAILGUARD_CONF_DIR", conf.toString());
        builder.environment().put("MAILGUARD_SMTP_PORT", "0");
        builder.environment().put("MAILGUARD_SUBMISSION_PORT", "0"); // conf/'s submission listener, idle here
        builder.environment().put("MAILGUARD_SUBMISSIONS_PORT", "0"); // conf/'s implicit-TLS listener, idle too
        builder.environment().put("MAILGUARD_IMAP_PORT", "0");
        builder.environment().put("MAILGUARD_WEBADMIN_PORT", "0");
        return new ServerJvm(name, builder.start(), log);
    }

    /** Waits for the launcher's ready line and returns the first SMTP listener's address from it. */
    InetSocketAddress awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (firstSmtp == null && Instant.now().isBefore(deadline)) {
            Matcher ready = READY.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
            if (ready.find()) {
                firstSmtp = new InetSocketAddress(ready.group(1), Integer.parseInt(ready.group(2)));
            } else if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start; see " + log);
            } else {
                Thread.sleep(200);
            }
        }
        if (firstSmtp == null) {
            throw new IllegalStateException(name + " not ready after " + START_TIMEOUT + "; see " + log);
        }
        return firstSmtp;
    }

    /** User plus system CPU time of the whole JVM so far, from /proc/PID/stat, in 10 ms steps. */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK; // utime, stime
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU time so far of the JVM's threads whose name starts with {@code threadPrefix} (cut to the 15
     * characters Linux keeps), from each thread's {@code schedstat} in nanoseconds. A thread that ended
     * since the last call is missing: James's SMTP threads live as long as their listener.
     */
    long cpuNanos(String threadPrefix) {
        String prefix = threadPrefix.substring(0, Math.min(threadPrefix.length(), COMM_LENGTH));
        long nanos = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
                        String schedstat = Files.readString(task.resolve("schedstat"));
                        nanos += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    }
                } catch (NoSuchFileException ended) {
                    // the thread ended while the folder was read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return nanos;
    }

    /** CPU time so far of the JVM's JIT compiler threads (C1 and C2), from their {@code schedstat}. */
    long compilerNanos() {
        return cpuNanos("C1 CompilerThread") + cpuNanos("C2 CompilerThread");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static void edit(Path file, UnaryOperator<String> change) throws IOException {
        Files.writeString(file, change.apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.collect(Collectors.toList());
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            if (Files.isDirectory(file)) {
                Files.createDirectories(target);
            } else {
                Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
