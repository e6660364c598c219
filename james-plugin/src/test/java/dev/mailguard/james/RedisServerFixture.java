package dev.mailguard.james;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} as a child process on a free loopback port, without persistence, that
 * can be stopped and started again on the same port. Public, in this module's test jar: the
 * integration tests start their Redis with it too. On a developer machine without it the test is
 * skipped with a message naming the Debian package; under CI ({@code CI=true}) it fails, so that CI
 * can never pass by skipping (the convention of the integration tests' {@code ExternalProgram}).
 */
public final class RedisServerFixture implements AutoCloseable {
    private static final String PROGRAM = "redis-server";
    private static final String DEBIAN_PACKAGE = "redis-server";
    private static final long STARTUP_MILLIS = 10_000;

    private final Path executable;
    private final Path directory;
    private final int port;
    private final Thread killOnExit;
    private Process process;

    private RedisServerFixture(Path executable, Path directory, int port) {
        this.executable = executable;
        this.directory = directory;
        this.port = port;
        this.killOnExit = new Thread(this::kill, "redis-server-fixture-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts a redis-server; skipped (or failed under CI) when it is not installed. */
    public static RedisServerFixture start() throws IOException {
        Optional<Path> executable = onPath(PROGRAM);
        if (executable.isEmpty()) {
            String message = PROGRAM + " is not installed (Debian package " + DEBIAN_PACKAGE + ")";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message + ": CI must install it (.ci/run)");
            }
            Assumptions.abort(message + ": its cases are skipped; apt-get install " + DEBIAN_PACKAGE);
        }
        RedisServerFixture redis = new RedisServerFixture(executable.get(),
            Files.createTempDirectory("redis-fixture-"), freePort());
        try {
            redis.startProcess();
        } catch (IOException | AssertionError e) {
            redis.closeQuietly();
            throw e;
        }
        return redis;
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code redis://127.0.0.1:PORT}, the same across {@link #restart()}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server (SIGTERM, as an administrator would); its data is gone. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Stops the server if it runs and starts an empty one on the same port. */
    public synchronized void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    /** Starts an empty server on the same port unless one runs. */
    public synchronized void ensureRunning() throws IOException {
        if (process == null || !process.isAlive()) {
            startProcess();
        }
    }

    private synchronized void startProcess() throws IOException {
        Path log = directory.resolve("redis.log");
        process = new ProcessBuilder(List.of(executable.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        try {
            Awaitility.await().atMost(Duration.ofMillis(STARTUP_MILLIS)).pollInterval(Duration.ofMillis(20))
                .until(() -> answersPing() || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            // reported below with the server's log
        }
        if (!answersPing()) {
            kill();
            throw new AssertionError("redis-server did not answer PING on port " + port + "; its log:\n"
                + Files.readString(log, US_ASCII));
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return "+PONG\r\n".equals(new String(reply, US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception e) {
            // the start failure is the one to report
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            kill();
            Runtime.getRuntime().removeShutdownHook(killOnExit);
            try (var files = Files.list(directory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
        }
    }
}
