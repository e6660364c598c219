package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * docs/reference.md, "Penalty box", with the memory store on a real James: a client whose sessions
 * end in violations three times is refused at connect, listed and released through WebAdmin, let in
 * again when its box expires, and never boxed when its policy is exempt or in a dry run.
 */
class PenaltyBoxTest {
    private static final String BOXED = "421 4.7.0 Too many protocol violations, try again later";
    /** Loopback is all of 127.0.0.0/8: a second client address without a second interface. */
    private static final String EXEMPT_CLIENT = "127.0.0.2";
    private static final String SETTINGS = "<maxUnknownCommands>1</maxUnknownCommands>"
        + "<penaltyBox><threshold>3</threshold><window>10m</window><duration>%s</duration></penaltyBox>"
        + "<policy name=\"scanners\"><clients>" + EXEMPT_CLIENT + "/32</clients><penaltyBoxExempt>true</penaltyBoxExempt></policy>";

    /** One session that ends on a violation: a second unknown command is one too many (421, closed). */
    private static void strike(MailGuardServerExtension server, String from) throws IOException {
        try (SmtpLines session = connect(server, from)) {
            Strikes.endWithUnknownCommands(session);
        }
    }

    /** The first reply a new connection gets. */
    private static String greeting(MailGuardServerExtension server, String from) throws IOException {
        try (SmtpLines session = connect(server, from)) {
            return session.greeting();
        }
    }

    private static SmtpLines connect(MailGuardServerExtension server, String from) throws IOException {
        return SmtpLines.from(InetAddress.getByName(from),
            new InetSocketAddress(MailGuardServerFixture.LOOPBACK, server.smtpPort()));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Enforced {
        @RegisterExtension
        final MailGuardServerExtension server = MailGuardServerExtension.shippedConf()
            .mailGuardSettings(String.format(SETTINGS, "8s")).auditCapture().build();

        @AfterEach
        void releaseAll() throws Exception {
            delete("127.0.0.1");
        }

        @Test
        void threeViolatingSessionsBoxTheClientUntilWebAdminReleasesIt() throws Exception {
            JsonNode before = StatusRoute.of(server);
            strike(server, "127.0.0.1");
            strike(server, "127.0.0.1");
            assertThat(greeting(server, "127.0.0.1")).startsWith("220 ");
            strike(server, "127.0.0.1");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.audit().records("733102"))
                .containsExactly("%MAILGUARD-4-733102: Threat-detection adds host 127.0.0.1 to shun list policy default"));
            assertThat(greeting(server, "127.0.0.1")).isEqualTo(BOXED);
            assertThat(greeting(server, "127.0.0.1")).isEqualTo(BOXED);
            assertThat(server.audit().records("401004")).as("one record a minute, every refusal counted").singleElement()
                .satisfies(record -> assertThat(record).matches(
                    "%MAILGUARD-4-401004: Shunned connection from 127\\.0\\.0\\.1/\\d+ to 127\\.0\\.0\\.1/\\d+ policy default"));

            JsonNode penalties = json(get("/mailguard/penalties").body());
            assertThat(penalties).hasSize(1);
            assertThat(penalties.get(0).get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(penalties.get(0).get("strikes").asInt()).isEqualTo(3);
            assertThat(penalties.get(0).get("store").asText()).isEqualTo("memory");
            JsonNode after = StatusRoute.of(server);
            JsonNode box = after.at("/penaltyBoxes/0");
            assertThat(box.get("store").asText()).isEqualTo("memory");
            assertThat(box.get("healthy").asBoolean()).isTrue();
            assertThat(StatusRoute.increase(before, after, "/penaltyBoxes/0/strikes")).isEqualTo(3);
            assertThat(StatusRoute.increase(before, after, "/penaltyBoxes/0/boxed")).isEqualTo(1);
            assertThat(StatusRoute.increase(before, after, "/penaltyBoxes/0/refusedAtConnect")).isEqualTo(2);
            assertThat(StatusRoute.increase(before, after, "/counters/rejectedByReason/penalty-box")).isEqualTo(2);

            assertThat(delete("127.0.0.1")).isEqualTo(204);
            assertThat(greeting(server, "127.0.0.1")).startsWith("220 ");
            assertThat(delete("127.0.0.1")).isEqualTo(404);
            assertThat(delete("mail.example.org")).isEqualTo(400);
            assertThat(json(get("/mailguard/penalties").body())).isEmpty();
        }

        /** One text for a /64 (RFC 5952) in the record, the list and the store; the route reads any spelling. */
        @Test
        void anIpv6ClientIsBoxedByItsSlash64() throws Exception {
            InetAddress client = ClientPolicyTest.ipv6Loopback();
            InetSocketAddress mx = server.alsoListen(0, client);
            for (int i = 0; i < 3; i++) {
                try (SmtpLines session = SmtpLines.from(client, mx)) {
                    Strikes.endWithUnknownCommands(session);
                }
            }

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.audit().records("733102"))
                .containsExactly("%MAILGUARD-4-733102: Threat-detection adds host ::/64 to shun list policy default"));
            try (SmtpLines session = SmtpLines.from(client, mx)) {
                assertThat(session.greeting()).isEqualTo(BOXED);
            }
            assertThat(json(get("/mailguard/penalties").body()).get(0).get("address").asText()).isEqualTo("::/64");
            assertThat(delete("192.0.2.1/64")).isEqualTo(400);
            assertThat(delete("0:0:0:0::/64")).isEqualTo(204);
            try (SmtpLines session = SmtpLines.from(client, mx)) {
                assertThat(session.greeting()).startsWith("220 ");
            }
        }

        @Test
        void aBoxExpiresAfterItsDuration() throws Exception {
            for (int i = 0; i < 3; i++) {
                strike(server, "127.0.0.1");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> greeting(server, "127.0.0.1").equals(BOXED));

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> greeting(server, "127.0.0.1").startsWith("220 "));
        }

        @Test
        void aClientOfAnExemptPolicyIsNeverBoxed() throws Exception {
            for (int i = 0; i < 5; i++) {
                strike(server, EXEMPT_CLIENT);
            }

            assertThat(greeting(server, EXEMPT_CLIENT)).startsWith("220 ");
            assertThat(server.audit().records("733102")).isEmpty();
            assertThat(json(get("/mailguard/penalties").body())).isEmpty();
        }

        private HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        private int delete(String address) throws Exception {
            return send(HttpRequest.newBuilder(uri("/mailguard/penalties/" + address)).DELETE()).statusCode();
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        }

        private URI uri(String path) {
            return URI.create("http://" + MailGuardServerFixture.LOOPBACK + ":" + server.webAdminPort() + path);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DryRun {
        @RegisterExtension
        final MailGuardServerExtension server = MailGuardServerExtension.shippedConf()
            .mailGuardSettings(String.format(SETTINGS, "30m") + "<dryRun>true</dryRun>").auditCapture().build();

        @Test
        void aBoxedClientIsRecordedAndLetIn() throws Exception {
            for (int i = 0; i < 3; i++) {
                // in a dry run James answers the unknown commands itself and never closes: the violations are only recorded
                try (SmtpLines session = connect(server, "127.0.0.1")) {
                    assertThat(session.greeting()).startsWith("220 ");
                    session.send("XYZZY");
                    session.send("PLUGH");
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !server.audit().records("733102").isEmpty());

            assertThat(greeting(server, "127.0.0.1")).startsWith("220 ");
            assertThat(server.audit().records("108005")).anySatisfy(record -> assertThat(record)
                .contains("Dry run, not enforced: Shunned connection from 127.0.0.1/").contains("would reply " + BOXED));
        }
    }

    /** Strikes from more addresses than the store holds: it stays at maxEntries, the oldest forgotten. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class HostileLoad {
        private static final int MAX_ENTRIES = 100;
        @RegisterExtension
        final MailGuardServerExtension server = MailGuardServerExtension.shippedConf()
            .mailGuardSettings("<maxUnknownCommands>1</maxUnknownCommands><penaltyBox/>")
            .edit(ConfVariant.penaltyBoxMaxEntries(MAX_ENTRIES)).build();

        @Test
        void strikesFromManyAddressesKeepTheStoreAtMaxEntries() throws Exception {
            for (int client = 1; client <= 3 * MAX_ENTRIES; client++) {
                strike(server, "127.1." + client / 250 + "." + (client % 250 + 1));
                if (client % MAX_ENTRIES == 0) {
                    assertThat(StatusRoute.of(server).at("/penaltyBoxes/0/entries").asInt()).isLessThanOrEqualTo(MAX_ENTRIES);
                }
            }

            JsonNode box = StatusRoute.of(server).at("/penaltyBoxes/0");
            assertThat(box.get("entries").asInt()).isEqualTo(MAX_ENTRIES);
            assertThat(box.get("strikes").asLong()).isEqualTo(3 * MAX_ENTRIES);
            assertThat(box.get("boxed").asLong()).isZero();
        }
    }

    /** Behind a load balancer the announced client is boxed, never the balancer itself. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BehindProxy {
        @RegisterExtension
        final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().edit(ConfVariant.proxyRequired(0))
            .mailGuardSettings(String.format(SETTINGS, "30m")).build();

        private SmtpLines announcing(String client) throws IOException {
            return SmtpLines.behindProxy(server.smtpPort(), "PROXY TCP4 " + client + " 127.0.0.1 40000 25\r\n");
        }

        @Test
        void theAnnouncedClientIsRefusedAndOthersBehindTheSameBalancerAreNot() throws Exception {
            for (int i = 0; i < 3; i++) {
                try (SmtpLines session = announcing("192.0.2.7")) {
                    Strikes.endWithUnknownCommands(session);
                }
            }

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (SmtpLines boxed = announcing("192.0.2.7")) {
                    assertThat(boxed.greeting()).isEqualTo(BOXED);
                }
            });
            try (SmtpLines other = announcing("192.0.2.8")) {
                assertThat(other.greeting()).startsWith("220 ");
                assertThat(other.send("NOOP")).startsWith("250");
            }
        }
    }

    private static JsonNode json(String body) throws IOException {
        return new ObjectMapper().readTree(body);
    }
}
