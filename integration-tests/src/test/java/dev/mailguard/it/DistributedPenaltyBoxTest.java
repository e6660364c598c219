package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.DEMO_PASSWORD;
import static dev.mailguard.it.MailGuardServerFixture.DEMO_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailguard.demo.MailGuardServer.ConfigurationEdit;
import dev.mailguard.james.RedisServerFixture;

/**
 * docs/reference.md, "Penalty box" and "Credentials and rates", with the Redis store shared by two
 * James nodes, each its own JVM (node A in this one, node B started by the run command's launcher),
 * every listener of both naming it: a client boxed through A is refused by B, released through B's
 * WebAdmin on both; wrong passwords guessed through A box the guesser on B; the MX listener's
 * connection rate counts a client's connections to both nodes; and when Redis stops, mail goes on
 * with no refusal and no rate, one WARN and a counter, until boxing and counting resume once Redis
 * is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedPenaltyBoxTest {
    private static final String BOXED = "421 4.7.0 Too many protocol violations, try again later";
    private static final String TOO_MANY_AUTH_FAILURES = "421 4.7.0 Too many authentication failures, closing connection";
    private static final String TOO_MANY_CONNECTIONS = "421 4.7.0 Too many connections from your address, slow down";
    private static final String PENALTY_BOX_LOGGER = "dev.mailguard.james.PenaltyBox";
    /** The client of the box and outage tests, which connect to the MX listener too often for a rate: its policy sets none. */
    private static final String UNMETERED = "127.0.0.1";
    /** Guesses passwords (with authThreshold 5, conf/'s, on both submission listeners). */
    private static final String GUESSER = "127.0.0.9";
    /** Goes over the MX listener's connection rate; each test has its own, as counts outlive a test. */
    private static final String HAMMERING = "127.0.0.21";
    private static final String HAMMERING_NEIGHBOUR = "127.0.0.22";
    private static final String HAMMERING_IN_OUTAGE = "127.0.0.23";
    private static final String METERED_IN_PAUSE = "127.0.0.24";
    private static final int CONNECTION_RATE = 3;
    /** The MX listener's rateWindow, the default: rates count over whole minutes of Redis's clock. */
    private static final long RATE_WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();
    /** Both nodes' MX listener: a connection rate for every client but {@link #UNMETERED}. */
    private static final String MX_SETTINGS = "<maxUnknownCommands>1</maxUnknownCommands>"
        + "<maxConnectionRate>" + CONNECTION_RATE + "</maxConnectionRate><penaltyBox/>"
        + "<policy name=\"unmetered\"><clients>" + UNMETERED + "</clients><maxConnectionRate>0</maxConnectionRate></policy>";

    /** One James node's SMTP listeners (MX and STARTTLS submission) and WebAdmin, by port. */
    private static final class Node {
        final int smtp;
        final int submission;
        final int webAdmin;

        Node(int smtp, int submission, int webAdmin) {
            this.smtp = smtp;
            this.submission = submission;
            this.webAdmin = webAdmin;
        }
    }

    private RedisServerFixture redis;
    private dev.mailguard.demo.MailGuardServer serverA;
    private DemoProcess processB;
    private Node nodeA;
    private Node nodeB;

    @BeforeAll
    void start() throws Exception {
        redis = RedisServerFixture.start();
        ConfigurationEdit sharedBox = ConfVariant.all(ConfVariant.mailGuardSettings(MX_SETTINGS),
            ConfVariant.penaltyBoxStore(redis.uri()));
        serverA = MailGuardServerFixture.start(sharedBox);
        nodeA = new Node(serverA.smtpPort(), serverA.submissionPort().orElseThrow(), serverA.webAdminPort());
        Path conf = Files.createTempDirectory("node-b-conf");
        DemoProcess.copyConf(conf);
        sharedBox.apply(conf);
        processB = DemoProcess.launch(DemoProcess.freePortsWith(conf));
        Matcher ready = processB.awaitReady();
        nodeB = new Node(Integer.parseInt(ready.group("smtp")), Integer.parseInt(ready.group("submission")),
            Integer.parseInt(ready.group("webadmin")));
    }

    /** Each test starts with Redis answering both nodes again and nobody boxed. */
    @AfterEach
    void redisRunsAndNobodyIsBoxed() throws Exception {
        redis.ensureRunning();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
            .until(() -> released(UNMETERED) && released(GUESSER) && storeAnswers(nodeA, nodeB));
    }

    /**
     * Releases the client through each node's DELETE; false when the store did not answer. One DELETE
     * empties the store, but a node also remembers the clients it boxed itself (to close their open
     * sessions) and only its own DELETE makes it forget them.
     */
    private boolean released(String client) throws Exception {
        return statusCode(delete(nodeA.webAdmin, client)) != 500 && statusCode(delete(nodeB.webAdmin, client)) != 500;
    }

    /**
     * Whether each node greets and says its store is healthy: every connection asks the store, without
     * waiting for it while the node takes it for down, and learns from its answer that it is back.
     */
    private static boolean storeAnswers(Node... nodes) throws Exception {
        for (Node node : nodes) {
            if (!greeting(node.smtp).startsWith("220 ") || !healthy(node)) {
                return false;
            }
        }
        return true;
    }

    private static void awaitStoreAnswers(Node... nodes) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> storeAnswers(nodes));
    }

    private static boolean healthy(Node node) throws Exception {
        return StatusRoute.of(node.webAdmin).at("/penaltyBoxes/0/healthy").asBoolean();
    }

    @AfterAll
    void stop() throws Exception {
        if (processB != null) {
            processB.process.toHandle().destroy();
            processB.process.waitFor(60, TimeUnit.SECONDS);
        }
        if (serverA != null) {
            serverA.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aClientBoxedThroughOneNodeIsRefusedByTheOtherAndReleasedOnBoth() throws Exception {
        strikeThrice(nodeA.smtp);

        await().atMost(Duration.ofSeconds(5)).until(() -> greeting(nodeB.smtp).equals(BOXED));
        assertThat(greeting(nodeA.smtp)).isEqualTo(BOXED);
        assertThat(body(get(nodeB.webAdmin, "/mailguard/penalties"))).contains("\"address\":\"127.0.0.1\"")
            .contains("\"store\":\"" + redis.uri() + "\"");

        assertThat(statusCode(delete(nodeB.webAdmin, "127.0.0.1"))).isEqualTo(204);
        assertThat(greeting(nodeB.smtp)).startsWith("220 ");
        // A hears of the release from Redis (pub/sub), a moment after B's DELETE has answered
        await().atMost(Duration.ofSeconds(5)).until(() -> greeting(nodeA.smtp).startsWith("220 "));
    }

    /** Three wrong passwords end a session; two more in the next reach authThreshold (5) and box the guesser on both nodes. */
    @Test
    void passwordsGuessedThroughOneNodeBoxTheGuesserOnTheOther() throws Exception {
        try (SmtpLines first = AuthSessions.overTls(GUESSER, nodeA.submission)) {
            for (int guess = 1; guess <= 3; guess++) {
                assertThat(AuthSessions.wrongPassword(first, guess)).startsWith("535 ");
            }
            assertThat(first.nextReply()).isEqualTo(TOO_MANY_AUTH_FAILURES);
            assertThat(first.closedByServer()).isTrue();
        }
        assertThat(greeting(GUESSER, nodeB.submission)).as("three auth strikes box nobody").startsWith("220 ");
        try (SmtpLines second = AuthSessions.overTls(GUESSER, nodeA.submission)) {
            assertThat(AuthSessions.wrongPassword(second, 4)).startsWith("535 ");
            assertThat(AuthSessions.wrongPassword(second, 5)).startsWith("535 ");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> greeting(GUESSER, nodeB.submission).equals(BOXED));
        assertThat(body(get(nodeB.webAdmin, "/mailguard/penalties"))).contains("\"address\":\"" + GUESSER + "\"");
        try (SmtpLines user = AuthSessions.overTls(UNMETERED, nodeB.submission)) {
            assertThat(user.send("AUTH PLAIN " + Sasl.plain(DEMO_USER, DEMO_PASSWORD))).startsWith("235 ");
        }
    }

    @Test
    void theConnectionRateCountsConnectionsToBothNodes() throws Exception {
        JsonNode before = StatusRoute.of(nodeB.webAdmin);

        awaitRoomInTheRateWindow();
        assertOverTheRateAlternatingNodes(HAMMERING);
        assertThat(greeting(HAMMERING_NEIGHBOUR, nodeA.smtp)).as("another address").startsWith("220 ");
        assertThat(greeting(HAMMERING_NEIGHBOUR, nodeB.smtp)).as("another address").startsWith("220 ");

        assertThat(StatusRoute.increase(before, StatusRoute.of(nodeB.webAdmin), "/penaltyBoxes/0/ratesExceeded/connection"))
            .as("refused by B").isEqualTo(1);
    }

    @Test
    void withRedisDownMailFlowsAndBoxingResumesWhenItIsBack() throws Exception {
        try (AuditCapture log = AuditCapture.attach(PENALTY_BOX_LOGGER)) {
            redis.stop();

            for (int session = 0; session < 5; session++) {
                try (SmtpLines smtp = new SmtpLines(nodeA.smtp)) {
                    Strikes.endWithUnknownCommands(smtp);
                }
            }
            deliverOneMessage(UNMETERED, nodeA.smtp);
            assertThat(log.records()).filteredOn(line -> line.contains("does not answer")).singleElement().asString()
                .startsWith("MailGuard: the penalty box store " + redis.uri() + " does not answer");
            assertStoreDown(nodeA);

            redis.restart();
            awaitStoreAnswers(nodeA);
            assertThat(log.records()).anyMatch(line -> line.contains("answers again"));
        }
        strikeThrice(nodeA.smtp);
        await().atMost(Duration.ofSeconds(5)).until(() -> greeting(nodeA.smtp).equals(BOXED));
    }

    /** Rates fail open as the box does: nothing is counted while Redis is down, and counting starts afresh once it is back. */
    @Test
    void withRedisDownNoRateRefusesAndCountingResumesWhenItIsBack() throws Exception {
        redis.stop();

        for (int connection = 0; connection < 2 * CONNECTION_RATE; connection++) {
            assertThat(greeting(HAMMERING_IN_OUTAGE, alternating(connection).smtp)).as("connection %d", connection + 1)
                .startsWith("220 ");
        }
        deliverOneMessage(HAMMERING_IN_OUTAGE, nodeA.smtp);
        deliverOneMessage(HAMMERING_IN_OUTAGE, nodeB.smtp);
        assertStoreDown(nodeA);
        assertStoreDown(nodeB);

        redis.restart();
        awaitStoreAnswers(nodeA, nodeB);
        awaitRoomInTheRateWindow();
        assertOverTheRateAlternatingNodes(HAMMERING_IN_OUTAGE);
    }

    /**
     * Redis that takes connections but answers nothing (CLIENT PAUSE): the greeting does not wait for
     * it. The box lookup answers from the node's copy; the metered client's connection count asks Redis,
     * which is how the node notices.
     */
    @Test
    void aStoreThatDoesNotAnswerNeverHoldsTheGreeting() throws Exception {
        long pauseMillis = 5_000;
        pauseRedis(pauseMillis);
        long start = System.nanoTime();

        assertThat(greeting(nodeA.smtp)).startsWith("220 ");
        assertThat(greeting(METERED_IN_PAUSE, nodeA.smtp)).startsWith("220 ");
        deliverOneMessage(UNMETERED, nodeA.smtp);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("served while Redis was paused")
            .isLessThan(Duration.ofMillis(pauseMillis));
        assertThat(healthy(nodeA)).isFalse();
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

    /** Node A for the 1st, 3rd... connection, node B for the 2nd, 4th... */
    private Node alternating(int connection) {
        return connection % 2 == 0 ? nodeA : nodeB;
    }

    /** {@value #CONNECTION_RATE} connections from {@code client} alternating between the nodes are greeted, the next refused. */
    private void assertOverTheRateAlternatingNodes(String client) throws IOException {
        for (int connection = 0; connection < CONNECTION_RATE; connection++) {
            assertThat(greeting(client, alternating(connection).smtp)).as("connection %d", connection + 1).startsWith("220 ");
        }
        try (SmtpLines refused = connect(client, alternating(CONNECTION_RATE).smtp)) {
            assertThat(refused.greeting()).isEqualTo(TOO_MANY_CONNECTIONS);
            assertThat(refused.closedByServer()).isTrue();
        }
    }

    /**
     * Waits, when the minute is nearly over, for the next: the store counts a rate in buckets of
     * whole minutes, the last minute's weighed by how much of it the window still covers, so a few
     * connections that straddle two buckets can count fewer than they are.
     */
    private static void awaitRoomInTheRateWindow() {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
            .until(() -> System.currentTimeMillis() % RATE_WINDOW_MILLIS < RATE_WINDOW_MILLIS - 10_000);
    }

    private static void assertStoreDown(Node node) throws Exception {
        JsonNode box = StatusRoute.of(node.webAdmin).at("/penaltyBoxes/0");
        assertThat(box.get("healthy").asBoolean()).isFalse();
        assertThat(box.get("storeFailures").asLong()).isPositive();
    }

    private static void deliverOneMessage(String from, int port) throws IOException {
        try (SmtpLines smtp = connect(from, port)) {
            assertThat(smtp.greeting()).startsWith("220 ");
            assertThat(smtp.send("EHLO client.example")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<sender@example.org>")).startsWith("250 ");
            assertThat(smtp.send("RCPT TO:<" + DEMO_USER + ">")).startsWith("250 ");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: Redis is down\r\n\r\nMail goes on.\r\n.")).startsWith("250 ");
        }
    }

    private static SmtpLines connect(String from, int port) throws IOException {
        return SmtpLines.from(InetAddress.getByName(from), new InetSocketAddress(MailGuardServerFixture.LOOPBACK, port));
    }

    private static String greeting(int port) throws IOException {
        return greeting(UNMETERED, port);
    }

    private static String greeting(String from, int port) throws IOException {
        try (SmtpLines smtp = connect(from, port)) {
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
