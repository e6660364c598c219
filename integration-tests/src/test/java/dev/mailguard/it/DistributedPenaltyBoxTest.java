package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.mailguard.demo.MailGuardServer.ConfigurationEdit;
import dev.mailguard.james.RedisServerFixture;

/**
 * docs/reference.md, "Penalty box", with the Redis store shared by two James nodes, each its own JVM
 * (node A in this one, node B started by the run command's launcher): a client boxed through A is
 * refused by B, released through B's WebAdmin on both; and when Redis stops, mail goes on with no
 * refusal, one WARN and a counter, until boxing resumes once Redis is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedPenaltyBoxTest {
    private static final String BOXED = "421 4.7.0 Too many protocol violations, try again later";
    private static final String PENALTY_BOX_LOGGER = "dev.mailguard.james.PenaltyBox";

    private RedisServerFixture redis;
    private dev.mailguard.demo.MailGuardServer nodeA;
    private DemoProcess nodeB;
    private int nodeBSmtp;
    private int nodeBWebAdmin;

    @BeforeAll
    void start() throws Exception {
        redis = RedisServerFixture.start();
        ConfigurationEdit sharedBox = ConfVariant.mailGuardSettings("<maxUnknownCommands>1</maxUnknownCommands>"
            + "<penaltyBox><store>" + redis.uri() + "</store></penaltyBox>");
        nodeA = MailGuardServerFixture.start(sharedBox);
        Path conf = Files.createTempDirectory("node-b-conf");
        DemoProcess.copyConf(conf);
        sharedBox.apply(conf);
        nodeB = DemoProcess.launch(DemoProcess.freePortsWith(conf));
        Matcher ready = nodeB.awaitReady();
        nodeBSmtp = Integer.parseInt(ready.group("smtp"));
        nodeBWebAdmin = Integer.parseInt(ready.group("webadmin"));
    }

    /** Each test starts with Redis answering both nodes again and nobody boxed. */
    @AfterEach
    void redisRunsAndNobodyIsBoxed() throws Exception {
        redis.ensureRunning();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(this::storeAnswersAndNobodyIsBoxed);
    }

    /** A connection to node A asks the store (which tells A it answers again); B's DELETE releases everybody. */
    private boolean storeAnswersAndNobodyIsBoxed() throws Exception {
        greeting(nodeA.smtpPort());
        return statusCode(delete(nodeBWebAdmin, "127.0.0.1")) != 500
            && StatusRoute.of(nodeA).at("/penaltyBoxes/0/healthy").asBoolean();
    }

    @AfterAll
    void stop() throws Exception {
        if (nodeB != null) {
            nodeB.process.toHandle().destroy();
            nodeB.process.waitFor(60, TimeUnit.SECONDS);
        }
        if (nodeA != null) {
            nodeA.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aClientBoxedThroughOneNodeIsRefusedByTheOtherAndReleasedOnBoth() throws Exception {
        strikeThrice(nodeA.smtpPort());

        await().atMost(Duration.ofSeconds(5)).until(() -> greeting(nodeBSmtp).equals(BOXED));
        assertThat(greeting(nodeA.smtpPort())).isEqualTo(BOXED);
        assertThat(body(get(nodeBWebAdmin, "/mailguard/penalties"))).contains("\"address\":\"127.0.0.1\"")
            .contains("\"store\":\"" + redis.uri() + "\"");

        assertThat(statusCode(delete(nodeBWebAdmin, "127.0.0.1"))).isEqualTo(204);
        assertThat(greeting(nodeA.smtpPort())).startsWith("220 ");
        assertThat(greeting(nodeBSmtp)).startsWith("220 ");
    }

    @Test
    void withRedisDownMailFlowsAndBoxingResumesWhenItIsBack() throws Exception {
        try (AuditCapture log = AuditCapture.attach(PENALTY_BOX_LOGGER)) {
            redis.stop();

            for (int session = 0; session < 5; session++) {
                try (SmtpLines smtp = new SmtpLines(nodeA.smtpPort())) {
                    Strikes.endWithUnknownCommands(smtp);
                }
            }
            deliverOneMessage(nodeA.smtpPort());
            assertThat(log.records()).filteredOn(line -> line.contains("does not answer")).singleElement().asString()
                .startsWith("MailGuard: the penalty box store " + redis.uri() + " does not answer");
            assertThat(StatusRoute.of(nodeA).at("/penaltyBoxes/0/healthy").asBoolean()).isFalse();
            assertThat(StatusRoute.of(nodeA).at("/penaltyBoxes/0/storeFailures").asLong()).isPositive();

            redis.restart();
            // every connection asks the store, without waiting for it, until it answers again
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> greeting(nodeA.smtpPort())
                .startsWith("220 ") && StatusRoute.of(nodeA).at("/penaltyBoxes/0/healthy").asBoolean());
            assertThat(log.records()).anyMatch(line -> line.contains("answers again"));
        }
        strikeThrice(nodeA.smtpPort());
        await().atMost(Duration.ofSeconds(5)).until(() -> greeting(nodeA.smtpPort()).equals(BOXED));
    }

    /** Redis that takes connections but answers nothing (CLIENT PAUSE): the greeting does not wait for it. */
    @Test
    void aStoreThatDoesNotAnswerNeverHoldsTheGreeting() throws Exception {
        long pauseMillis = 5_000;
        pauseRedis(pauseMillis);
        long start = System.nanoTime();

        assertThat(greeting(nodeA.smtpPort())).startsWith("220 ");
        deliverOneMessage(nodeA.smtpPort());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("served while Redis was paused")
            .isLessThan(Duration.ofMillis(pauseMillis));
        assertThat(StatusRoute.of(nodeA).at("/penaltyBoxes/0/healthy").asBoolean()).isFalse();
    }

    /** {@code CLIENT PAUSE} in RESP, on a connection of its own. */
    private void pauseRedis(long millis) throws IOException {
        String millisText = String.valueOf(millis);
        String command = "*3\r\n$6\r\nCLIENT\r\n$5\r\nPAUSE\r\n$" + millisText.length() + "\r\n" + millisText + "\r\n";
        URI store = URI.create(redis.uri());
        try (Socket socket = new Socket(store.getHost(), store.getPort())) {
            socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5_000);
            assertThat(new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
        }
    }

    private static void strikeThrice(int port) throws IOException {
        for (int session = 0; session < 3; session++) {
            try (SmtpLines smtp = new SmtpLines(port)) {
                Strikes.endWithUnknownCommands(smtp);
            }
        }
    }

    private static void deliverOneMessage(int port) throws IOException {
        try (SmtpLines smtp = new SmtpLines(port)) {
            assertThat(smtp.greeting()).startsWith("220 ");
            assertThat(smtp.send("EHLO client.example")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<sender@example.org>")).startsWith("250 ");
            assertThat(smtp.send("RCPT TO:<" + MailGuardServerFixture.DEMO_USER + ">")).startsWith("250 ");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: Redis is down\r\n\r\nMail goes on.\r\n.")).startsWith("250 ");
        }
    }

    private static String greeting(int port) throws IOException {
        try (SmtpLines smtp = new SmtpLines(port)) {
            return smtp.greeting();
        }
    }

    private static HttpResponse<String> get(int webAdmin, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(webAdmin, path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(int webAdmin, String address) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(webAdmin, "/mailguard/penalties/" + address))
            .DELETE().timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int webAdmin, String path) {
        return URI.create("http://" + MailGuardServerFixture.LOOPBACK + ":" + webAdmin + path);
    }

    private static int statusCode(HttpResponse<String> response) {
        return response.statusCode();
    }

    private static String body(HttpResponse<String> response) {
        return response.body();
    }
}
