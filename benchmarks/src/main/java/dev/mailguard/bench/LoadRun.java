package dev.mailguard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The load generator: {@code sessions} SMTP clients against every listener of the comparison, in
 * turns a few milliseconds long. In each round every listener has one turn, in an order that rotates
 * from round to round; in a turn each session sends one message to that listener, and the turn ends
 * when every session has its reply, so the listener has the load to itself. Whatever the machine does
 * meanwhile (a slower second, a compile, a neighbour's load) falls on all listeners alike. A
 * listener's rate is its messages over the sum of its turns.
 *
 * <p>A transaction is timed from MAIL to the 250 after the message on a reused connection (each
 * session keeps one connection per listener), and from connect to the 221 after QUIT when each
 * message has its own connection.
 */
final class LoadRun {
    static final String SENDER = "bench@example.org";
    static final String RECIPIENT = "demo@localhost";

    private LoadRun() {
    }

    /** Runs rounds of turns until each listener has had about {@code perServer} of turns; one result per listener. */
    static Measurement[] run(List<ServerUnderTest> servers, Scenario scenario, Duration perServer) throws Exception {
        int n = servers.size();
        byte[] message = message(scenario.messageBytes());
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < scenario.sessions(); i++) {
            sessions.add(new Session(servers, scenario, message));
        }
        List<List<Callable<Void>>> turns = new ArrayList<>();
        for (int server = 0; server < n; server++) {
            List<Callable<Void>> turn = new ArrayList<>();
            int target = server;
            sessions.forEach(session -> turn.add(() -> session.transaction(target)));
            turns.add(turn);
        }
        ExecutorService pool = Executors.newFixedThreadPool(scenario.sessions());
        long[] cpuBefore = cpuNanos(servers);
        long[] turnNanos = new long[n];
        long deadline = System.nanoTime() + perServer.toNanos() * n;
        try {
            for (int round = 0; System.nanoTime() < deadline; round++) {
                for (int turn = 0; turn < n; turn++) {
                    int server = serverAt(round, turn, n);
                    long start = System.nanoTime();
                    if (sessions.size() == 1) {
                        sessions.get(0).transaction(server); // no hand-over to a pool thread on the timed path
                    } else {
                        pool.invokeAll(turns.get(server));
                    }
                    turnNanos[server] += System.nanoTime() - start;
                }
            }
        } finally {
            pool.shutdownNow();
            sessions.forEach(Session::close);
        }
        long[] cpuAfter = cpuNanos(servers);
        Measurement[] results = new Measurement[n];
        for (int server = 0; server < n; server++) {
            int target = server;
            long[] latencies = sessions.stream().flatMapToLong(session -> Arrays.stream(session.latencies(target))).toArray();
            long errors = sessions.stream().mapToLong(session -> session.errors[target]).sum();
            results[server] = new Measurement(latencies.length, turnNanos[server] / 1e9, latencies, cpuAfter[server] - cpuBefore[server], errors);
        }
        return results;
    }

    /**
     * Which listener has {@code turn} of {@code round}: the order rotated by one each round, and
     * reversed in every other group of {@code n} rounds, which for three listeners gives every order
     * once in six rounds, so that no listener keeps a place (first after the others' turns, say).
     */
    static int serverAt(int round, int turn, int n) {
        int rotated = (turn + round) % n;
        return (round / n) % 2 == 0 ? rotated : n - 1 - rotated;
    }

    private static long[] cpuNanos(List<ServerUnderTest> servers) {
        return servers.stream().mapToLong(ServerUnderTest::cpuNanos).toArray();
    }

    /** A message of about {@code size} octets: a few headers and 76-character lines, dot-terminated. */
    static byte[] message(int size) {
        StringBuilder text = new StringBuilder(size + 128)
            .append("From: <").append(SENDER).append(">\r\nTo: <").append(RECIPIENT).append(">\r\n")
            .append("Subject: MailGuard benchmark\r\n\r\n");
        String line = "x".repeat(76) + "\r\n";
        while (text.length() + line.length() <= size) {
            text.append(line);
        }
        return text.append(".\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One client session: a transaction at a time, with the listener whose turn it is. */
    private static final class Session {
        private final List<ServerUnderTest> servers;
        private final Scenario scenario;
        private final byte[] message;
        /** Per listener: the open connection when connections are reused. */
        private final SmtpClient[] clients;
        private final long[][] latencies;
        private final int[] counts;
        private final long[] errors;

        Session(List<ServerUnderTest> servers, Scenario scenario, byte[] message) {
            this.servers = servers;
            this.scenario = scenario;
            this.message = message;
            int n = servers.size();
            clients = new SmtpClient[n];
            latencies = new long[n][1024];
            counts = new int[n];
            errors = new long[n];
        }

        Void transaction(int server) {
            ServerUnderTest target = servers.get(server);
            try {
                if (scenario.connectionPerMessage()) {
                    long begin = System.nanoTime();
                    try (SmtpClient client = new SmtpClient(target.smtp(), target.hello())) {
                        client.send(SENDER, RECIPIENT, message);
                        client.quit();
                    }
                    record(server, System.nanoTime() - begin);
                } else {
                    if (clients[server] == null) {
                        clients[server] = new SmtpClient(target.smtp(), target.hello());
                    }
                    long begin = System.nanoTime();
                    clients[server].send(SENDER, RECIPIENT, message);
                    record(server, System.nanoTime() - begin);
                }
            } catch (IOException e) {
                errors[server]++;
                closeQuietly(server);
            }
            return null;
        }

        private void record(int server, long nanos) {
            if (counts[server] == latencies[server].length) {
                latencies[server] = Arrays.copyOf(latencies[server], counts[server] * 2);
            }
            latencies[server][counts[server]++] = nanos;
        }

        long[] latencies(int server) {
            return Arrays.copyOf(latencies[server], counts[server]);
        }

        void close() {
            for (int server = 0; server < clients.length; server++) {
                if (clients[server] != null) {
                    try {
                        clients[server].quit();
                    } catch (IOException e) {
                        // the session ends either way
                    }
                    closeQuietly(server);
                }
            }
        }

        private void closeQuietly(int server) {
            if (clients[server] != null) {
                try {
                    clients[server].close();
                } catch (IOException e) {
                    // already gone
                }
                clients[server] = null;
            }
        }
    }
}
