package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.mailguard.demo.MailGuardServer;
import dev.mailguard.james.RedisProcesses;

/**
 * What a client of James sees while the Redis master of the penalty box fails over (a master and a
 * replica with a password, three sentinels, James naming them with a redis-sentinel:// URI): the
 * master is killed; every connection meanwhile is greeted 220, none waits noticeably for the store;
 * once the sentinels have promoted the replica, a client striking three times is boxed again, with
 * no restart of James. The test prints the greeting times it measured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentinelFailoverTest {
    private static final String PASSWORD = "Pw-sentinel-james-0c7e";
    private static final String MASTER = "mailguard-master";
    private static final String BOXED = "421 4.7.0 Too many protocol violations, try again later";

    private RedisProcesses redis;
    private RedisProcesses.SentinelGroup group;

    @BeforeAll
    void startRedis() throws Exception {
        redis = new RedisProcesses();
        group = redis.sentinelGroup(MASTER, PASSWORD);
    }

    @AfterAll
    void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void mailIsGreetedThroughTheFailoverAndBoxingResumesOnTheNewMaster() throws Exception {
        String store = group.uri(PASSWORD);
        try (MailGuardServer james = MailGuardServerFixture.start(ConfVariant.all(
                ConfVariant.mailGuardSettings("<maxUnknownCommands>1</maxUnknownCommands><penaltyBox/>"),
                ConfVariant.penaltyBoxStore(store)))) {
            int smtp = james.smtpPort();
            strikeThrice(smtp);
            await().atMost(Duration.ofSeconds(5)).until(() -> greeting(smtp).equals(BOXED));
            HttpResponse<String> released = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + james.webAdminPort() + "/mailguard/penalties/127.0.0.1")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(released.statusCode()).isEqualTo(204);

            List<Long> greetingMillis = new ArrayList<>();
            List<String> replies = new ArrayList<>();
            long killed = System.nanoTime();
            group.master.kill();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                long connected = System.nanoTime();
                String reply = greeting(smtp);
                greetingMillis.add((System.nanoTime() - connected) / 1_000_000);
                replies.add(reply);
                return group.replicaPromoted();
            });
            long promoted = System.nanoTime();
            // a retry may find the client boxed already: the box reaches this node's copy a moment after the strike
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> boxedAfterStrikes(smtp));
            long boxedAgain = System.nanoTime();

            assertThat(replies).as("greetings during the failover").isNotEmpty().allMatch(reply -> reply.startsWith("220 "));
            long slowest = greetingMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(slowest).as("slowest greeting during the failover, ms").isLessThan(1000);
            System.out.printf("Sentinel failover seen by SMTP clients: %d connections, all 220, greeting median %d ms, slowest"
                + " %d ms; replica promoted %d ms after the kill, a client boxed again %d ms after it%n", replies.size(),
                greetingMillis.stream().sorted().skip(greetingMillis.size() / 2).findFirst().orElseThrow(), slowest,
                (promoted - killed) / 1_000_000, (boxedAgain - killed) / 1_000_000);
        }
    }

    private static void strikeThrice(int port) throws Exception {
        for (int session = 0; session < 3; session++) {
            try (SmtpLines smtp = new SmtpLines(port)) {
                Strikes.endWithUnknownCommands(smtp);
            }
        }
    }

    /** Strikes three times unless the client is boxed first; whether it is boxed at the end. */
    private static boolean boxedAfterStrikes(int port) throws Exception {
        for (int session = 0; session < 3; session++) {
            try (SmtpLines smtp = new SmtpLines(port)) {
                if (smtp.greeting().equals(BOXED)) {
                    return true;
                }
                Strikes.endWithUnknownCommands(smtp);
            }
        }
        return greeting(port).equals(BOXED);
    }

    private static String greeting(int port) throws Exception {
        try (SmtpLines smtp = new SmtpLines(port)) {
            return smtp.greeting();
        }
    }
}
