package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.mailguard.demo.MailGuardServer;
import dev.mailguard.demo.MailGuardServer.ConfigurationEdit;
import dev.mailguard.james.RedisProcesses;

/**
 * Two James nodes (one in this JVM, one started by the run command's launcher) sharing the penalty
 * box in a Redis Cluster of three masters, configured as James configures Redis
 * ({@code <store>redis</store>}, conf/redis.properties with {@code cluster.enabled=true}): clients from
 * many addresses strike through both nodes, their keys spread over every master, and each is refused
 * by both nodes; one released through B is let in by A.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterNodesTest {
    private static final String PASSWORD = "Pw-cluster-james-5b8c";
    private static final String BOXED = "421 4.7.0 Too many protocol violations, try again later";
    private static final int CLIENTS = 20;

    private RedisProcesses redis;
    private List<RedisProcesses.Node> masters;
    private MailGuardServer nodeA;
    private DemoProcess processB;
    private int smtpB;
    private int webAdminB;

    @BeforeAll
    void start() throws Exception {
        redis = new RedisProcesses();
        masters = redis.cluster(3, PASSWORD);
        String url = "redis://:" + PASSWORD + "@127.0.0.1:" + masters.get(0).port + ",redis://:" + PASSWORD + "@127.0.0.1:"
            + masters.get(1).port;
        ConfigurationEdit shared = ConfVariant.all(
            ConfVariant.mailGuardSettings("<maxUnknownCommands>1</maxUnknownCommands><penaltyBox/>"),
            ConfVariant.penaltyBoxStore("redis"),
            conf -> Files.writeString(conf.resolve("redis.properties"), "redisURL=" + url + "\ncluster.enabled=true\n"));
        nodeA = MailGuardServerFixture.start(shared);
        Path conf = Files.createTempDirectory("node-b-conf");
        DemoProcess.copyConf(conf);
        shared.apply(conf);
        processB = DemoProcess.launch(DemoProcess.freePortsWith(conf));
        Matcher ready = processB.awaitReady();
        smtpB = Integer.parseInt(ready.group("smtp"));
        webAdminB = Integer.parseInt(ready.group("webadmin"));
    }

    @AfterAll
    void stop() throws Exception {
        if (processB != null) {
            processB.process.toHandle().destroy();
            processB.process.waitFor(60, TimeUnit.SECONDS);
        }
        if (nodeA != null) {
            nodeA.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static String client(int i) {
        return "127.0.8." + (i + 1);
    }

    @Test
    void clientsBoxedThroughEitherNodeAreRefusedByBothWhateverMasterHoldsThem() throws Exception {
        int smtpA = nodeA.smtpPort();
        for (int i = 0; i < CLIENTS; i++) {
            for (int session = 0; session < 3; session++) {
                try (SmtpLines smtp = connect(client(i), session % 2 == 0 ? smtpA : smtpB)) {
                    Strikes.endWithUnknownCommands(smtp);
                }
            }
        }
        for (int i = 0; i < CLIENTS; i++) {
            String client = client(i);
            await().atMost(Duration.ofSeconds(5)).until(() -> greeting(client, smtpA).equals(BOXED)
                && greeting(client, smtpB).equals(BOXED));
        }
        for (RedisProcesses.Node master : masters) {
            String keys = redis.cli("-p", String.valueOf(master.port), "--no-auth-warning", "-a", PASSWORD, "DBSIZE").trim();
            assertThat(Long.parseLong(keys)).as("keys on master %d", master.port).isPositive();
        }

        HttpResponse<String> released = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + webAdminB + "/mailguard/penalties/" + client(0))).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(released.statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> greeting(client(0), smtpA).startsWith("220 "));
        assertThat(greeting(client(1), smtpA)).isEqualTo(BOXED);
    }

    private static SmtpLines connect(String from, int port) throws Exception {
        return SmtpLines.from(InetAddress.getByName(from), new InetSocketAddress(MailGuardServerFixture.LOOPBACK, port));
    }

    private static String greeting(String from, int port) throws Exception {
        try (SmtpLines smtp = connect(from, port)) {
            return smtp.greeting();
        }
    }
}
