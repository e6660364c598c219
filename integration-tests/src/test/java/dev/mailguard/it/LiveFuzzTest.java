package dev.mailguard.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile clients against the running James with MailGuard, over real sockets, for a fixed time with
 * fixed seeds: random bytes, near-valid commands, a byte at a time, clients vanishing mid-command and
 * mid-DATA, 100 KB lines, NUL bytes. Afterwards the server still answers, every session has ended
 * (none is stuck), and every reply line seen was well formed.
 */
class LiveFuzzTest {
    private static final Duration DURATION = Duration.ofSeconds(20);
    private static final int WORKERS = 6;
    private static final long SEED = 20_261_124L;
    /**
     * A reply line: code, then space or hyphen and text without control characters (RFC 5321 4.2
     * allows HT; RFC 6531 allows 8-bit); at most 512 octets with its CRLF.
     */
    private static final Pattern REPLY_LINE = Pattern.compile("[2-5][0-9][0-9]([ -][^\\x00-\\x08\\x0A-\\x1F\\x7F]*)?");

    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().build();

    @Test
    void serverSurvivesHostileClientsAndEveryReplyIsWellFormed() throws Exception {
        Queue<String> malformed = new ConcurrentLinkedQueue<>();
        AtomicLong replies = new AtomicLong();
        AtomicLong actions = new AtomicLong();
        long deadline = System.nanoTime() + DURATION.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        for (int w = 0; w < WORKERS; w++) {
            Random random = new Random(SEED + w);
            pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    try (Fuzzer fuzzer = new Fuzzer(random, malformed, replies)) {
                        fuzzer.act(random.nextInt(7));
                    } catch (IOException e) {
                        // the server may close a hostile session at any point: that is an answer too
                    }
                    actions.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(DURATION.toSeconds() + 120, TimeUnit.SECONDS)).as("no client hung").isTrue();

        assertThat(malformed).isEmpty();
        assertThat(actions.get()).isGreaterThan(100);
        assertThat(replies.get()).isGreaterThan(actions.get());
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.greeting()).startsWith("220 ");
            assertThat(smtp.send("EHLO after.example")).startsWith("250");
            assertThat(smtp.send("NOOP")).startsWith("250 ");
            assertThat(smtp.send("QUIT")).startsWith("221 ");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> activeSessions() == 0);
    }

    private static long activeSessions() throws Exception {
        return StatusRoute.of(server).at("/counters/activeSessions").asLong();
    }

    /** One hostile session. */
    private static final class Fuzzer implements AutoCloseable {
        private static final String[] VERBS = {"HELO", "EHLO", "MAIL FROM:", "RCPT TO:", "DATA", "RSET", "NOOP", "VRFY",
            "EXPN", "HELP", "AUTH", "STARTTLS", "BDAT", "QUIT", "X"};

        private final Random random;
        private final Queue<String> malformed;
        private final AtomicLong replies;
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Fuzzer(Random random, Queue<String> malformed, AtomicLong replies) throws IOException {
            this.random = random;
            this.malformed = malformed;
            this.replies = replies;
            socket = new Socket(MailGuardServerFixture.LOOPBACK, server.smtpPort());
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), ISO_8859_1));
            out = socket.getOutputStream();
            readReply();
        }

        void act(int action) throws IOException {
            switch (action) {
                case 0: // random bytes, CR and LF included
                    for (int i = random.nextInt(5); i >= 0; i--) {
                        byte[] junk = new byte[random.nextInt(300)];
                        random.nextBytes(junk);
                        write(junk);
                        write("\r\n".getBytes(ISO_8859_1));
                    }
                    drain();
                    break;
                case 1: // near-valid commands with junk arguments
                    for (int i = 0; i < 6; i++) {
                        send(VERBS[random.nextInt(VERBS.length)] + junkText(40));
                    }
                    break;
                case 2: // a byte at a time
                    for (byte b : "EHLO slow.example\r\n".getBytes(ISO_8859_1)) {
                        write(new byte[] {b});
                        pause(3);
                    }
                    readReply();
                    break;
                case 3: // vanishes in the middle of a command
                    write("EHLO vanish.example\r\nMAIL FROM:<half@exa".getBytes(ISO_8859_1));
                    break;
                case 4: // vanishes in the middle of DATA
                    send("EHLO vanish.example");
                    send("MAIL FROM:<a@example.org>");
                    send("RCPT TO:<" + MailGuardServerFixture.DEMO_USER + ">");
                    send("DATA");
                    write(("Subject: gone\r\n\r\nhalf a line" + junkText(200)).getBytes(ISO_8859_1));
                    break;
                case 5: // a 100 KB line, then the session goes on
                    write(("NOOP " + "A".repeat(100 * 1024) + "\r\n").getBytes(ISO_8859_1));
                    readReply();
                    send("NOOP");
                    break;
                default: // NUL bytes in commands and in a message
                    send("NO\u0000OP");
                    send("EHLO nul.example");
                    send("MAIL FROM:<a\u0000b@example.org>");
                    send("MAIL FROM:<a@example.org>");
                    send("RCPT TO:<" + MailGuardServerFixture.DEMO_USER + ">");
                    if (send("DATA").startsWith("354")) {
                        send("Subject: nul\r\n\r\nbefore\u0000after\r\n.");
                    }
                    break;
            }
        }

        private String junkText(int length) {
            StringBuilder text = new StringBuilder(" ");
            for (int i = random.nextInt(length); i > 0; i--) {
                text.append((char) (random.nextBoolean() ? 0x20 + random.nextInt(95) : random.nextInt(256)));
            }
            return text.toString().replace("\r", "").replace("\n", "");
        }

        private String send(String line) throws IOException {
            write((line + "\r\n").getBytes(ISO_8859_1));
            return readReply();
        }

        /** Reads one whole reply and checks each of its lines. */
        private String readReply() throws IOException {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("closed by the server");
                }
                check(line);
            } while (line.length() > 3 && line.charAt(3) == '-');
            return line;
        }

        /** Reads whatever replies come within a short while. */
        private void drain() throws IOException {
            socket.setSoTimeout(300);
            try {
                while (true) {
                    readReply();
                }
            } catch (SocketTimeoutException e) {
                // nothing more for now
            }
        }

        private void check(String line) {
            replies.incrementAndGet();
            if (!REPLY_LINE.matcher(line).matches() || line.length() + 2 > 512) {
                malformed.add(line.length() > 200 ? line.substring(0, 200) + "..." : line);
            }
        }

        private void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
