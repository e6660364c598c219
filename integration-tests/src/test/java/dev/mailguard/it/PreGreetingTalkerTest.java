package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/reference.md, "Line discipline": talk before the greeting, at the default {@code greetingDelay} of 0. The greeting
 * then waits only until the input already received has been seen, so a client that sends at once,
 * without reading, is caught most of the time but not every time (docs/internals.md, "How the line checks see the wire", gives the rate):
 * the test asks for at least one catch, exactly one record per catch, and no other outcome. The wide
 * window ({@code greetingDelay} 2000) is the transcript {@code pre-greeting-talker.txt}.
 */
class PreGreetingTalkerTest {
    private static final String PROTOCOL_ERROR = "554 5.5.1 Protocol error";
    private static final int TALKERS = 50;

    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().auditCapture().build();

    @Test
    void clientsThatTalkAtOnceAreRefusedOrGreetedAndEveryRefusalIsRecorded() throws Exception {
        List<String> firstLines = new ArrayList<>();
        for (int i = 0; i < TALKERS; i++) {
            try (Socket socket = new Socket(MailGuardServerFixture.LOOPBACK, server.smtpPort())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write("EHLO talker.example\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                firstLines.add(reader(socket).readLine());
            }
        }

        assertThat(firstLines).allMatch(line -> PROTOCOL_ERROR.equals(line) || line.startsWith("220 "));
        long refused = firstLines.stream().filter(PROTOCOL_ERROR::equals).count();
        assertThat(refused).isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> preGreetingRecords() == refused);
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> preGreetingRecords() == refused);
    }

    @Test
    void clientsThatWaitForTheGreetingAreNeverRefused() throws Exception {
        for (int i = 0; i < TALKERS; i++) {
            try (Socket socket = new Socket(MailGuardServerFixture.LOOPBACK, server.smtpPort())) {
                socket.setSoTimeout(30_000);
                BufferedReader in = reader(socket);
                assertThat(in.readLine()).startsWith("220 ");
                socket.getOutputStream().write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                assertThat(in.readLine()).startsWith("250 ");
            }
        }
        assertThat(preGreetingRecords()).isZero();
    }

    private long preGreetingRecords() {
        return server.audit().records("108004").stream().filter(record -> record.endsWith("; matched pre-greeting traffic")).count();
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }
}
