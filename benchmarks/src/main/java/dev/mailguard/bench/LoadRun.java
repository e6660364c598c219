package dev.mailguard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The load generator: {@code sessions} threads, each one SMTP client, sending messages to one server
 * for a fixed time. A transaction is timed from MAIL to the 250 after the message on a reused
 * connection, and from connect to the 221 after QUIT when each message has its own connection.
 */
final class LoadRun {
    static final String SENDER = "bench@example.org";
    static final String RECIPIENT = "demo@localhost";

    private LoadRun() {
    }

    static Measurement run(ServerUnderTest server, Scenario scenario, Duration duration) throws Exception {
        byte[] message = message(scenario.messageBytes());
        ExecutorService pool = Executors.newFixedThreadPool(scenario.sessions());
        try {
            long cpuBefore = server.cpuMillis();
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Future<Session>> sessions = new ArrayList<>();
            for (int i = 0; i < scenario.sessions(); i++) {
                sessions.add(pool.submit(() -> new Session(server, scenario, message).runUntil(deadline)));
            }
            List<long[]> latencies = new ArrayList<>();
            long errors = 0;
            for (Future<Session> session : sessions) {
                latencies.add(session.get().latencies());
                errors += session.get().errors;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = server.cpuMillis() - cpuBefore;
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
            return new Measurement(all.length, seconds, all, cpu, errors);
        } finally {
            pool.shutdownNow();
        }
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

    private static final class Session {
        private final ServerUnderTest server;
        private final Scenario scenario;
        private final byte[] message;
        private long[] latencies = new long[1024];
        private int count;
        private long errors;

        Session(ServerUnderTest server, Scenario scenario, byte[] message) {
            this.server = server;
            this.scenario = scenario;
            this.message = message;
        }

        Session runUntil(long deadline) {
            while (System.nanoTime() < deadline) {
                try {
                    if (scenario.connectionPerMessage()) {
                        long begin = System.nanoTime();
                        try (SmtpClient client = new SmtpClient(server.smtp(), server.hello())) {
                            client.send(SENDER, RECIPIENT, message);
                            client.quit();
                        }
                        record(System.nanoTime() - begin);
                    } else {
                        reuseConnection(deadline);
                    }
                } catch (IOException e) {
                    errors++;
                }
            }
            return this;
        }

        private void reuseConnection(long deadline) throws IOException {
            try (SmtpClient client = new SmtpClient(server.smtp(), server.hello())) {
                while (System.nanoTime() < deadline) {
                    long begin = System.nanoTime();
                    client.send(SENDER, RECIPIENT, message);
                    record(System.nanoTime() - begin);
                }
                client.quit();
            }
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        long[] latencies() {
            return Arrays.copyOf(latencies, count);
        }
    }
}
