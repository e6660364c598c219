package dev.mailguard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One James server of the comparison, in its own JVM, started with the demo launcher (the README's
 * run command) on a copy of conf/ that differs only where the variant says. Mail is accepted and
 * queued as usual, then dropped by a Null mailet, so the spooler and the mailbox do not grow with the
 * load and the comparison measures the SMTP side.
 */
final class ServerUnderTest implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("MailGuard ready: smtp=([0-9.]+):([0-9]+)");
    private static final Pattern HANDLER_CHAIN = Pattern.compile("<handlerchain[^>]*>.*</handlerchain>", Pattern.DOTALL);
    private static final String TO_TRANSPORT = "<mailet match=\"All\" class=\"ToProcessor\">\n"
        + "                <processor>transport</processor>\n"
        + "            </mailet>";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** Linux clock ticks per second for /proc/PID/stat (USER_HZ, 100 on every common kernel). */
    private static final long TICKS_PER_SECOND = 100;

    private final String name;
    private final String hello;
    private final Process process;
    private final Path log;
    private InetSocketAddress smtp;

    private ServerUnderTest(String name, String hello, Process process, Path log) {
        this.name = name;
        this.hello = hello;
        this.process = process;
        this.log = log;
    }

    /** Stock James: James's own handler chain, no MailGuard jar, no MailGuard route. */
    static ServerUnderTest stock(Layout layout) throws IOException {
        return start(layout, "stock", "EHLO bench.example", false, conf -> {
            edit(conf.resolve("smtpserver.xml"), xml -> HANDLER_CHAIN.matcher(xml).replaceFirst("<handlerchain/>"));
            edit(conf.resolve("webadmin.properties"), properties -> properties.replaceAll("(?m)^extensions\\.routes=.*$", ""));
        });
    }

    /** James with MailGuard as conf/ has it: esmtp mode. */
    static ServerUnderTest guardEsmtp(Layout layout) throws IOException {
        return start(layout, "guard-esmtp", "EHLO bench.example", true, conf -> { });
    }

    /** James with MailGuard in smtp mode; clients say HELO, as EHLO is not on the smtp allowlist. */
    static ServerUnderTest guardSmtp(Layout layout) throws IOException {
        return start(layout, "guard-smtp", "HELO bench.example", true,
            conf -> edit(conf.resolve("smtpserver.xml"), xml -> xml.replace("<mode>esmtp</mode>", "<mode>smtp</mode>")));
    }

    /**
     * James with an earlier MailGuard build, esmtp mode: the plugin jar from {@code extensions} (an
     * {@code extensions-jars} folder kept from that build), conf/ as this build has it.
     */
    static ServerUnderTest guardBaseline(Layout layout, Path extensions) throws IOException {
        return start(layout, "guard-baseline", "EHLO bench.example", extensions, conf -> { });
    }

    private interface ConfEdit {
        void apply(Path conf) throws IOException;
    }

    private static ServerUnderTest start(Layout layout, String name, String hello, boolean withMailGuard, ConfEdit variant)
            throws IOException {
        Path extensions = withMailGuard ? layout.extensions() : Files.createDirectories(layout.work().resolve(name).resolve("no-extensions"));
        return start(layout, name, hello, extensions, variant);
    }

    private static ServerUnderTest start(Layout layout, String name, String hello, Path extensions, ConfEdit variant)
            throws IOException {
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
        builder.environment().put("MAILGUARD_IMAP_PORT", "0");
        builder.environment().put("MAILGUARD_WEBADMIN_PORT", "0");
        return new ServerUnderTest(name, hello, builder.start(), log);
    }

    /** Waits for the launcher's ready line and reads the SMTP port from it. */
    ServerUnderTest awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Matcher ready = READY.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
            if (ready.find()) {
                smtp = new InetSocketAddress(ready.group(1), Integer.parseInt(ready.group(2)));
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + START_TIMEOUT + "; see " + log);
    }

    String name() {
        return name;
    }

    InetSocketAddress smtp() {
        return smtp;
    }

    /** The greeting command this server's MailGuard mode allows. */
    String hello() {
        return hello;
    }

    /** User plus system CPU time of the server's JVM so far, from /proc. */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static void edit(Path file, UnaryOperator<String> change) throws IOException {
        Files.writeString(file, change.apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.collect(java.util.stream.Collectors.toList());
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
