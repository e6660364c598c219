package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;

import dev.mailguard.demo.MailGuardServer;
import dev.mailguard.demo.MailGuardServer.ConfigurationEdit;
import dev.mailguard.james.RedisProcesses;

/**
 * James with the penalty box in a password-protected Redis named the way James names its Redis
 * ({@code <store>redis</store>} and conf/redis.properties): boxing and releasing work; a Redis outage
 * is one WARN and one INFO; and the password is in no log line of James or MailGuard, from start to
 * stop, nor in the status route or the penalty list. A wrong password stops James at start, masked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisPasswordTest {
    private static final String PASSWORD = "Pw-james-redis-4f2a";
    private static final String BOXED = "421 4.7.0 Too many protocol violations, try again later";

    private RedisProcesses redis;
    private int port;

    @BeforeAll
    void startRedis() throws Exception {
        redis = new RedisProcesses();
        port = RedisProcesses.freePort();
        redis.server(port, "--requirepass", PASSWORD);
    }

    @AfterAll
    void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private ConfigurationEdit jamesRedis(String password) {
        return ConfVariant.all(ConfVariant.mailGuardSettings("<maxUnknownCommands>1</maxUnknownCommands><penaltyBox/>"),
            ConfVariant.penaltyBoxStore("redis"), conf -> Files.writeString(conf.resolve("redis.properties"),
                "redisURL=redis://:" + password + "@127.0.0.1:" + port + "\ncluster.enabled=false\n"));
    }

    @Test
    void boxingWorksAndThePasswordIsInNoLogLineNorRoute() throws Exception {
        List<String> shown = new ArrayList<>();
        try (AuditCapture log = AuditCapture.attach(Logger.ROOT_LOGGER_NAME)) {
            try (MailGuardServer james = MailGuardServerFixture.start(jamesRedis(PASSWORD))) {
                int smtp = james.smtpPort();
                for (int session = 0; session < 3; session++) {
                    try (SmtpLines lines = new SmtpLines(smtp)) {
                        Strikes.endWithUnknownCommands(lines);
                    }
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> greeting(smtp).equals(BOXED));
                shown.add(http(james.webAdminPort(), "GET", "/mailguard/status"));
                shown.add(http(james.webAdminPort(), "GET", "/mailguard/penalties"));
                assertThat(shown.get(1)).contains("\"store\":\"redis://:****@127.0.0.1:" + port + "\"");

                redis.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> greeting(smtp).startsWith("220 "));
                redis = new RedisProcesses();
                redis.server(port, "--requirepass", PASSWORD);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    // each connection asks the store, and learns from its answer that it is back
                    .until(() -> greeting(smtp).startsWith("220 ")
                        && log.records().stream().anyMatch(line -> line.contains("answers again")));
                assertThat(log.records()).filteredOn(line -> line.contains("does not answer")).singleElement().asString()
                    .startsWith("MailGuard: the penalty box store redis://:****@127.0.0.1:" + port + " does not answer");
                shown.add(http(james.webAdminPort(), "GET", "/mailguard/status"));
            }
            shown.addAll(log.records());
        }
        assertThat(shown).as("log lines and routes").isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
        assertThat(shown.get(0)).as("the status route names the store, masked").contains("\"store\":\"redis://:****@127.0.0.1:"
            + port + "\"");
    }

    @Test
    void aWrongPasswordStopsJamesAtStartMasked() {
        assertThatThrownBy(() -> MailGuardServerFixture.start(jamesRedis("Wrong-pw-81"))).satisfies(failure -> {
            StringBuilder messages = new StringBuilder();
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                messages.append(cause.getMessage()).append('\n');
            }
            assertThat(messages.toString())
                .contains("MailGuard: Redis refuses the credentials of the penalty box store 'redis://:****@127.0.0.1:" + port + "'")
                .doesNotContain("Wrong-pw-81");
        });
    }

    private static String greeting(int port) throws Exception {
        try (SmtpLines smtp = new SmtpLines(port)) {
            return smtp.greeting();
        }
    }

    private static String http(int webAdmin, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdmin + path))
            .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
