package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.mailguard.core.config.MailGuardConfigTest;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.penalty.StrikeRule;

/**
 * The Redis store over TLS ({@code rediss://}) to a redis-server that speaks only TLS, its
 * certificate signed by a CA made for the test: trusted through {@code <redisTrustStore>}, the store
 * boxes and releases; without it (the JVM does not trust that CA) the store fails open, and James
 * starts all the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisTlsTest {
    private static final String PASSWORD = "Pw-over-tls-91c2";
    private static final StrikeRule BOX_AT_ONCE = new StrikeRule(StrikeRule.VIOLATIONS, 1, Duration.ofMinutes(10),
        Duration.ofMinutes(10));

    private RedisProcesses redis;
    private Path ca;
    private int port;

    @BeforeAll
    void start() throws Exception {
        redis = new RedisProcesses();
        Path dir = redis.directory();
        ca = dir.resolve("ca.crt");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
            "-subj", "/CN=MailGuard test CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
        port = RedisProcesses.freePort();
        redis.server(port, "--port", "0", "--tls-port", String.valueOf(port), "--tls-cert-file", dir.resolve("server.crt").toString(),
            "--tls-key-file", dir.resolve("server.key").toString(), "--tls-ca-cert-file", ca.toString(),
            "--tls-auth-clients", "no", "--requirepass", PASSWORD);
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(RedisProcesses.program("openssl", "openssl").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(redis.directory().toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as("openssl %s: %s", args[0], output).isTrue();
    }

    @AfterAll
    void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private RedisPenaltyStore open(String extra) throws ConfigurationException {
        PenaltyBoxSettings settings = PenaltyBoxSettings.from(MailGuardConfigTest.handler("<penaltyBox><store>rediss://:"
            + PASSWORD + "@127.0.0.1:" + port + "</store>" + extra + "</penaltyBox>")).orElseThrow();
        return RedisPenaltyStore.open(RedisTarget.of(settings, RedisTarget.NO_JAMES));
    }

    @Test
    void theStoreBoxesAndReleasesOverTlsWithTheCaNamedInTheConfiguration() throws Exception {
        String trusted = "<redisTrustStore>" + ca + "</redisTrustStore>";
        try (RedisPenaltyStore nodeA = open(trusted); RedisPenaltyStore nodeB = open(trusted)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> nodeA.answersFromCopy() && nodeB.answersFromCopy());
            assertThat(nodeA.strike("192.0.2.31", BOX_AT_ONCE).get(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> nodeB.isBoxed("192.0.2.31").get());
            assertThat(nodeB.release("192.0.2.31").get(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> !nodeA.isBoxed("192.0.2.31").get());
        }
    }

    @Test
    void aServerTheJvmDoesNotTrustIsAnOutageNotAMistake() throws Exception {
        try (RedisPenaltyStore untrusting = open("")) {
            assertThat(untrusting.strike("192.0.2.32", BOX_AT_ONCE)).failsWithin(Duration.ofSeconds(3));
            assertThat(untrusting.answersFromCopy()).isFalse();
        }
    }
}
