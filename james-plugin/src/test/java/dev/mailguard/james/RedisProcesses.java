package dev.mailguard.james;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Redis processes for the topology tests (password, TLS, Sentinel, Cluster), on free loopback
 * ports, each in a directory of one temporary directory that {@link #close()} removes after killing
 * every process. A program that is missing skips the test with the Debian package to install, but
 * fails it under CI ({@code CI=true}), as {@link RedisServerFixture} does.
 */
public final class RedisProcesses implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(15);

    /** One process: a server or a sentinel, listening on {@link #port}. */
    public static final class Node {
        public final int port;
        final Process process;
        final Path directory;

        Node(int port, Process process, Path directory) {
            this.port = port;
            this.process = process;
            this.directory = directory;
        }

        /** SIGKILL, as a crash or a lost machine: no goodbye to clients or replicas. */
        public void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        public String log() throws IOException {
            return Files.readString(directory.resolve("log"), US_ASCII);
        }
    }

    /** A master, its replica and three sentinels, all with one password but the sentinels. */
    public static final class SentinelGroup {
        public final String masterName;
        public final Node master;
        public final int replica;
        public final int[] sentinels;
        private final RedisProcesses processes;

        SentinelGroup(RedisProcesses processes, String masterName, Node master, int replica, int[] sentinels) {
            this.processes = processes;
            this.masterName = masterName;
            this.master = master;
            this.replica = replica;
            this.sentinels = sentinels;
        }

        /** The URI that names the group, with the password of its master and replica. */
        public String uri(String password) {
            return "redis-sentinel://:" + password + "@127.0.0.1:" + sentinels[0] + ",127.0.0.1:" + sentinels[1]
                + ",127.0.0.1:" + sentinels[2] + "#" + masterName;
        }

        /** Whether the sentinels name the replica as the master now. */
        public boolean replicaPromoted() throws Exception {
            return processes.cli("-p", String.valueOf(sentinels[1]), "SENTINEL", "get-master-addr-by-name", masterName)
                .contains(String.valueOf(replica));
        }
    }

    private final Path directory;
    private final List<Node> nodes = new ArrayList<>();
    private final Thread killOnExit = new Thread(this::killAll, "redis-processes-kill");

    public RedisProcesses() throws IOException {
        this.directory = Files.createTempDirectory("redis-topology-");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** {@code name} on the PATH; else the test is skipped, or failed under CI, naming {@code debianPackage}. */
    public static Path program(String name, String debianPackage) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = name + " is not installed (Debian package " + debianPackage + ")";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + ": CI must install it (.ci/run)");
        }
        Assumptions.abort(message + ": this test is skipped; apt-get install " + debianPackage);
        throw new IllegalStateException("unreachable");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A redis-server without persistence on {@code port}, with {@code options} ({@code --requirepass x}...). */
    public Node server(int port, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(program("redis-server", "redis-server").toString(),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        if (!List.of(options).contains("--port")) {
            command.addAll(List.of("--port", String.valueOf(port)));
        }
        command.addAll(List.of(options));
        return start(port, command);
    }

    /** A sentinel on {@code port} watching {@code master} as {@code masterName}, quick to decide (1 s down, 5 s failover). */
    public Node sentinel(int port, String masterName, int master, String... settings) throws IOException {
        Path folder = Files.createDirectories(directory.resolve(String.valueOf(port)));
        List<String> conf = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1",
            "sentinel monitor " + masterName + " 127.0.0.1 " + master + " 2",
            "sentinel down-after-milliseconds " + masterName + " 1000",
            "sentinel failover-timeout " + masterName + " 5000"));
        conf.addAll(List.of(settings));
        Path file = folder.resolve("sentinel.conf");
        Files.write(file, conf, US_ASCII);
        return start(port, List.of(program("redis-sentinel", "redis-sentinel").toString(), file.toString()));
    }

    /**
     * A Cluster of {@code size} masters without replicas, each with {@code password}, made with
     * {@code redis-cli --cluster create}; returned once every node agrees on all 16384 slots.
     */
    public List<Node> cluster(int size, String password) throws Exception {
        List<Node> masters = new ArrayList<>();
        List<String> create = new ArrayList<>(List.of("--no-auth-warning", "-a", password, "--cluster", "create"));
        for (int i = 0; i < size; i++) {
            int port = freePort();
            // the bus port given, as port + 10000 may be past 65535 or taken
            masters.add(server(port, "--requirepass", password, "--masterauth", password, "--cluster-enabled", "yes",
                "--cluster-port", String.valueOf(freePort()), "--cluster-node-timeout", "2000"));
            create.add("127.0.0.1:" + port);
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        cli(create.toArray(String[]::new));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String check = cli("--no-auth-warning", "-a", password, "--cluster", "check", "127.0.0.1:" + masters.get(0).port);
            return check.contains("[OK] All nodes agree about slots configuration.") && check.contains("[OK] All 16384 slots covered.");
        });
        return masters;
    }

    /** A Sentinel group, returned once the sentinels know the replica and each other (a failover can happen). */
    public SentinelGroup sentinelGroup(String masterName, String password) throws Exception {
        Node master = server(freePort(), "--requirepass", password, "--masterauth", password);
        int replica = freePort();
        server(replica, "--requirepass", password, "--masterauth", password, "--replicaof", "127.0.0.1",
            String.valueOf(master.port));
        int[] sentinels = new int[3];
        for (int i = 0; i < sentinels.length; i++) {
            sentinels[i] = freePort();
            sentinel(sentinels[i], masterName, master.port, "sentinel auth-pass " + masterName + " " + password);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> cli("-p", String.valueOf(sentinels[0]), "SENTINEL", "ckquorum", masterName).startsWith("OK 3 ")
                && cli("-p", String.valueOf(sentinels[0]), "SENTINEL", "replicas", masterName).contains(String.valueOf(replica)));
        return new SentinelGroup(this, masterName, master, replica, sentinels);
    }

    /** {@code redis-cli ARGS}, its output; fails the test when it exits with an error. */
    public String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program("redis-cli", "redis-tools").toString()));
        command.addAll(List.of(args));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), US_ASCII);
        if (!cli.waitFor(60, TimeUnit.SECONDS) || cli.exitValue() != 0) {
            throw new AssertionError("redis-cli " + String.join(" ", args) + " failed:\n" + output);
        }
        return output;
    }

    /** The temporary directory, for files a test writes (certificates, configuration). */
    public Path directory() {
        return directory;
    }

    private Node start(int port, List<String> command) throws IOException {
        Path folder = Files.createDirectories(directory.resolve(String.valueOf(port)));
        List<String> inFolder = new ArrayList<>(command);
        if (command.get(0).endsWith("redis-server")) {
            inFolder.addAll(List.of("--dir", folder.toString()));
        }
        Process process = new ProcessBuilder(inFolder).directory(folder.toFile()).redirectErrorStream(true)
            .redirectOutput(folder.resolve("log").toFile()).start();
        Node node = new Node(port, process, folder);
        nodes.add(node);
        try {
            Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(20))
                .until(() -> listens(port) || !process.isAlive());
        } catch (RuntimeException e) {
            // reported below with the log
        }
        if (!listens(port)) {
            throw new AssertionError(String.join(" ", command) + " does not listen on " + port + "; its log:\n" + node.log());
        }
        return node;
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void killAll() {
        nodes.forEach(node -> node.process.destroyForcibly());
    }

    @Override
    public void close() throws Exception {
        killAll();
        for (Node node : nodes) {
            node.process.waitFor(10, TimeUnit.SECONDS);
        }
        Runtime.getRuntime().removeShutdownHook(killOnExit);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
