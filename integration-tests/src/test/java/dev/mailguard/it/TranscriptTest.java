package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every file of {@code src/test/resources/transcripts} against the real James with
 * MailGuard: adding a case is adding a file. Files with the same {@code @settings} share a server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranscriptTest {
    /** Started with conf/ as shipped, the server of the files without {@code @settings}, which come first. */
    @RegisterExtension
    final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().auditCapture().build();
    private String serverSettings = "";

    Stream<Transcript> transcripts() throws IOException, URISyntaxException {
        Path folder = Path.of(TranscriptTest.class.getResource("/transcripts").toURI());
        List<Transcript> transcripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".txt"))::iterator) {
                transcripts.add(Transcript.read(file));
            }
        }
        // one server at a time: files are grouped by their settings
        transcripts.sort(Comparator.comparing((Transcript t) -> t.settings).thenComparing(t -> t.name));
        return transcripts.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void replay(Transcript transcript) throws Exception {
        serverFor(transcript.settings);
        server.audit().clear(); // after serverFor: what James logs while it starts is no record of the transcript
        Socket socket = new Socket(MailGuardServerFixture.LOOPBACK, server.smtpPort());
        socket.setSoTimeout(15_000);
        try {
            replay(transcript, socket);
        } finally {
            socket.close();
        }
    }

    private void replay(Transcript transcript, Socket plain) throws Exception {
        Socket socket = plain;
        BufferedReader in = reader(socket);
        OutputStream out = socket.getOutputStream();
        List<String> pendingReply = new ArrayList<>();
        for (Transcript.Step step : transcript.steps) {
            String where = transcript.name + ":" + step.lineNumber;
            switch (step.kind) {
                case CLIENT:
                    out.write((step.text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    break;
                case RAW:
                    out.write(step.text.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    break;
                case BODY:
                    out.write(body(Integer.parseInt(step.text)));
                    out.flush();
                    break;
                case SERVER:
                    if (pendingReply.isEmpty()) {
                        pendingReply.addAll(readReply(in, where));
                    }
                    String actual = pendingReply.remove(0);
                    if (!Transcript.matches(step.text, actual)) {
                        fail("%s: expected reply line '%s' but the server sent '%s'", where, step.text, actual);
                    }
                    break;
                case AUDIT:
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                        server.audit().records().stream().anyMatch(record -> Transcript.matches(step.text, record)));
                    break;
                case TLS:
                    socket = TrustAllTls.handshake(socket);
                    in = reader(socket);
                    out = socket.getOutputStream();
                    break;
                case CLOSED:
                    assertThat(in.readLine()).as("%s: the server closes the connection", where).isNull();
                    break;
                default:
                    throw new IllegalStateException(step.kind.name());
            }
            if (step.kind != Transcript.Kind.SERVER && !pendingReply.isEmpty()) {
                fail("%s: the server sent reply lines the transcript does not expect: %s", where, pendingReply);
            }
        }
        assertThat(pendingReply).as("reply lines the transcript does not expect").isEmpty();
    }

    private void serverFor(String settings) throws Exception {
        if (settings.equals(serverSettings)) {
            return;
        }
        server.restartWith(settings.isEmpty() ? conf -> { } : ConfVariant.mailGuardSettings(settings));
        serverSettings = settings;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    /** One reply: lines up to the one whose fourth character is a space. */
    private static List<String> readReply(BufferedReader in, String where) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                fail("%s: the connection closed; reply so far %s", where, lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** N octets of message body in 76-character lines, then the end-of-data dot. */
    private static byte[] body(int octets) {
        StringBuilder body = new StringBuilder();
        while (body.length() < octets) {
            body.append("x".repeat(Math.min(76, Math.max(1, octets - body.length() - 2)))).append("\r\n");
        }
        return (body + ".\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
