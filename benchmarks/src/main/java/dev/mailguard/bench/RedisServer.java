package dev.mailguard.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A redis-server of the comparison's own for {@code --penalty-box redis}: loopback only, on a free
 * port, nothing saved to disk, pinned like the server JVM ({@link Layout#serverCpus}). Started before
 * James, so that the guard listeners' penalty box finds it at their first connection.
 */
final class RedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path log;

    private RedisServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts redis-server and waits until it accepts connections; its output goes to {@code benchmarks/target/e2e/redis-server.log}. */
    static RedisServer start(Layout layout) throws IOException, InterruptedException {
        boolean installed = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-server")));
        if (!installed) {
            throw new IllegalStateException("--penalty-box redis needs redis-server on the PATH: install the Debian package "
                + "redis-server (apt-get install redis-server)");
        }
        int port = ServerUnderTest.freePort();
        Path log = layout.work().resolve("redis-server.log");
        List<String> command = new ArrayList<>(layout.serverCpus());
        command.addAll(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no"));
        Process process = new ProcessBuilder(command).directory(layout.work().toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RedisServer redis = new RedisServer(process, port, log);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return redis;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    redis.close();
                    throw new IllegalStateException("redis-server not listening on port " + port + "; see " + log);
                }
                Thread.sleep(100);
            }
        }
    }

    /** The penalty box store URI of this server. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** How often Redis has run {@code command} so far, from {@code INFO commandstats}. */
    long calls(String command) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            Reader in = new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII);
            StringBuilder reply = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') { // $LENGTH, then the text
                if (c < 0) {
                    throw new IOException("redis-server closed the connection; see " + log);
                }
                reply.append((char) c);
            }
            char[] text = new char[Integer.parseInt(reply.substring(1).trim())];
            for (int read = 0; read < text.length; ) {
                int n = in.read(text, read, text.length - read);
                if (n < 0) {
                    throw new IOException("redis-server closed the connection; see " + log);
                }
                read += n;
            }
            Matcher calls = Pattern.compile("cmdstat_" + command + ":calls=([0-9]+)").matcher(new String(text));
            return calls.find() ? Long.parseLong(calls.group(1)) : 0;
        }
    }

    /** Stops redis-server (SIGTERM; it saves nothing). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
