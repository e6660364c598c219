package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * docs/reference.md, "Operations": {@code GET /mailguard/status}, registered through webadmin.properties's
 * {@code extensions.routes} as users register it, shows the settings and counters that agree with
 * the SMTP traffic the server saw.
 */
class StatusRouteTest {
    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().build();

    @Test
    void countersAgreeWithAScriptedSession() throws Exception {
        JsonNode before = status();
        assertThat(before.at("/counters/commandsInspected").asLong()).isZero();

        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.send("EHLO client.example")).startsWith("250");
            assertThat(smtp.send("EXPN staff")).isEqualTo("500 5.5.1 Command unknown: 'XXXX'");
            assertThat(smtp.send("MAIL FROM:<\"first|last\"@example.org>")).startsWith("250 ");
            assertThat(smtp.send("RCPT TO:<" + MailGuardServerFixture.DEMO_USER + ">")).startsWith("250 ");
            assertThat(smtp.send("RCPT TO:<demo@localhost> FOO=BAR")).startsWith("555 5.5.4");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: counted\r\n\r\nThe lines of a message are not commands.\r\n.")).startsWith("250 ");
            assertThat(smtp.send("QUIT")).startsWith("221");
        }
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.send("QUIT")).startsWith("221");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> status().at("/counters/activeSessions").asLong() == 0);
        JsonNode status = status();
        assertThat(status.at("/counters/sessions").asLong()).isEqualTo(2);
        assertThat(status.at("/counters/commandsInspected").asLong()).isEqualTo(8);
        assertThat(status.at("/counters/commandsAllowed").asLong()).isEqualTo(6);
        assertThat(status.at("/counters/commandsRejected").asLong()).isEqualTo(2);
        assertThat(nonZero(status.at("/counters/rejectedByReason")))
            .isEqualTo(Map.of("command-unknown", 1L, "unsupported-parameter", 1L));
        assertThat(nonZero(status.at("/counters/recordsById"))).isEqualTo(Map.of("108002", 1L, "108004", 1L));
        assertThat(status.at("/counters/rejectedByReason/line-too-long").isNumber()).as("every reason is listed").isTrue();
    }

    @Test
    void showsTheModeAndEveryEffectiveSetting() throws Exception {
        JsonNode status = status();

        assertThat(status.at("/mode").asText()).isEqualTo("esmtp");
        assertThat(status.at("/settings/maxData").asLong()).isEqualTo(20_000_000L);
        assertThat(status.at("/settings/dryRun").asBoolean()).isFalse();
        assertThat(status.at("/settings/verbs").toString()).contains("\"EHLO\"", "\"STARTTLS\"").doesNotContain("EXPN");
    }

    /** conf/ has three listeners, MX, submission and submissions, each inspected with its own chain of settings. */
    @Test
    void listsTheSettingsOfEachListenerInFileOrder() throws Exception {
        JsonNode status = status();

        assertThat(status.at("/chains").size()).isEqualTo(3);
        assertThat(status.at("/chains/0")).as("the first listener's settings are the top-level ones").isEqualTo(status.at("/settings"));
        assertThat(status.at("/chains/1/mode").asText()).isEqualTo("esmtp");
        assertThat(status.at("/chains/1/maxData").asLong()).isEqualTo(20_000_000L);
        assertThat(status.at("/chains/2")).as("the submissions listener has the submission listener's settings").isEqualTo(status.at("/chains/1"));
    }

    private static Map<String, Long> nonZero(JsonNode counters) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        counters.fields().forEachRemaining(field -> {
            if (field.getValue().asLong() != 0) {
                counts.put(field.getKey(), field.getValue().asLong());
            }
        });
        return counts;
    }

    private static JsonNode status() throws Exception {
        return StatusRoute.of(server);
    }
}
