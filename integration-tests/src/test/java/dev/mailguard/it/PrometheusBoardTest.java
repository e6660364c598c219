package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/deployment.md, "Metrics: Prometheus and Grafana": a real Prometheus scrapes WebAdmin's
 * {@code /metrics} of a James with MailGuard (conf/ as shipped, plus a {@code relays} policy on the MX
 * listener so that the per-policy series exist), and answers the Grafana board's queries
 * (docker/grafana/mailguard.json) with what the SMTP traffic did: one EXPN refused.
 */
class PrometheusBoardTest {
    private static final int MX = 0;

    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf()
        .edit(ConfVariant.addToMailGuard(MX, "<policy name=\"relays\"><clients>127.0.0.2/32</clients><allow>EXPN</allow></policy>"))
        .build();

    private static PrometheusServer prometheus;

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void everyMetricTheBoardQueriesIsServed() throws Exception {
        GrafanaBoard board = GrafanaBoard.read();
        Set<String> served = MetricsPage.of(server.webAdminPort()).names();

        assertThat(served).containsAll(board.names());
        assertThat(board.namePatterns()).isNotEmpty().allSatisfy(pattern -> assertThat(served)
            .as("series matching %s", pattern).anyMatch(name -> name.matches(pattern)));
    }

    @Test
    void everyServedMailGuardSeriesIsDocumented() throws Exception {
        List<Pattern> documented = documentedSeries();
        Set<String> served = MetricsPage.of(server.webAdminPort()).names();

        assertThat(served.stream().filter(name -> name.startsWith("mailguard_")))
            .isNotEmpty()
            .allSatisfy(name -> assertThat(documented).as("docs/reference.md, Metrics, names %s", name)
                .anyMatch(pattern -> pattern.matcher(name).matches()));
    }

    @Test
    void promtoolAcceptsTheMetrics() throws Exception {
        MetricsPage.of(server.webAdminPort()).assertPromtoolAccepts();
    }

    @Test
    void prometheusAnswersTheBoardsQueriesAfterARefusedExpn() throws Exception {
        String instance = MailGuardServerFixture.LOOPBACK + ":" + server.webAdminPort();
        prometheus = PrometheusServer.scraping(instance);
        GrafanaBoard board = GrafanaBoard.read();
        // a scrape before the refusal, so that the rates have a sample on each side of it
        await().atMost(Duration.ofSeconds(30)).until(() -> !prometheus.query("mailguard_sessions_total").isEmpty());

        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.send("EHLO client.example")).startsWith("250");
            assertThat(smtp.send("EXPN staff")).isEqualTo("500 5.5.1 Command unknown: 'XXXX'");
            assertThat(smtp.send("QUIT")).startsWith("221");
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(nonZero(only(board.queries("Refusals since start, by reason", instance))))
                .isEqualTo(Map.of("mailguard_rejected_command_unknown_total", 1.0));
            assertThat(nonZero(only(board.queries("Records since start, by id", instance))))
                .isEqualTo(Map.of("mailguard_records_108004_total", 1.0));
            assertThat(nonZero(only(board.queries("Message rule matches since start, by rule", instance)))).isEmpty();
            assertThat(only(board.queries("Refused commands per policy, since start", instance))).isEqualTo(Map.of(
                "mailguard_policy_default_commands_rejected_total", 1.0, "mailguard_policy_relays_commands_rejected_total", 0.0));
            assertThat(only(board.queries("SMTP sessions open", instance))).isEqualTo(Map.of("mailguard_sessions_active", 0.0));
            assertThat(only(board.queries("Refusals per second, all reasons", instance)).get(instance)).isPositive();
        });
        assertThat(only(board.queries("Clients boxed now", instance))).isEqualTo(Map.of("mailguard_penalty_clients_boxed", 0.0));
        assertThat(prometheus.query(board.queries("Store health", instance).get(0))).isEqualTo(Map.of("mailguard_penalty_stores_unhealthy", 0.0));
        for (Map.Entry<String, List<String>> graph : board.queriesByTitle().entrySet()) {
            for (String query : board.queries(graph.getKey(), instance)) {
                assertThat(prometheus.query(query)).as("'%s': %s", graph.getKey(), query).isNotEmpty();
            }
        }
    }

    private static Map<String, Double> only(List<String> queries) throws Exception {
        assertThat(queries).hasSize(1);
        return prometheus.query(queries.get(0));
    }

    private static Map<String, Double> nonZero(Map<String, Double> series) {
        return series.entrySet().stream().filter(entry -> entry.getValue() != 0)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * The series names docs/reference.md's metrics table gives, in Prometheus's spelling: dots and
     * dashes become underscores, a counter gains {@code _total}; a word in capitals (REASON, ID, RULE,
     * NAME...) stands for any word, and every name may follow {@code mailguard.policy.NAME.}.
     */
    private static List<Pattern> documentedSeries() throws Exception {
        String reference = Files.readString(ReadmeCommands.repository().resolve("docs/reference.md"), StandardCharsets.UTF_8);
        Matcher row = Pattern.compile("(?m)^\\| `(mailguard\\.[^`]+)` \\|").matcher(reference);
        List<Pattern> patterns = new ArrayList<>();
        while (row.find()) {
            String name = row.group(1).substring("mailguard.".length());
            for (String prefix : List.of("mailguard.", "mailguard.policy.NAME.")) {
                String spelled = (prefix + name).replaceAll("[.-]", "_");
                patterns.add(Pattern.compile(Pattern.quote(spelled).replaceAll("[A-Z]{2,}", "\\\\E[a-z0-9_]+\\\\Q") + "(_total)?"));
            }
        }
        assertThat(patterns).as("metric rows in docs/reference.md").hasSizeGreaterThan(10);
        return patterns;
    }
}
