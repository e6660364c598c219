package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * WebAdmin's {@code GET /metrics} (James's MetricsRoutes): every metric in Prometheus's text format.
 * promtool judges MailGuard's series strictly; James's own only for being readable, as some of its
 * names (camelCase, {@code :}) draw naming advice from promtool that is not MailGuard's to change.
 */
final class MetricsPage {
    final String text;

    private MetricsPage(String text) {
        this.text = text;
    }

    static MetricsPage of(int webAdminPort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://" + MailGuardServerFixture.LOOPBACK + ":" + webAdminPort + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
        return new MetricsPage(response.body());
    }

    /** The names of the samples served, {@code mailguard_records_108004_total} say. */
    Set<String> names() {
        return Arrays.stream(text.split("\n")).filter(line -> !line.isBlank() && !line.startsWith("#"))
            .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The type promtool and Prometheus read for {@code name}: {@code counter}, {@code gauge}... */
    String type(String name) {
        return Arrays.stream(text.split("\n")).filter(line -> line.startsWith("# TYPE " + name + " "))
            .map(line -> line.substring(("# TYPE " + name + " ").length()).strip()).findFirst()
            .orElseThrow(() -> new AssertionError("no # TYPE line for " + name));
    }

    /** The value of the sample {@code name} (one without labels). */
    double value(String name) {
        return Arrays.stream(text.split("\n")).filter(line -> line.startsWith(name + " "))
            .map(line -> Double.parseDouble(line.substring(name.length() + 1).strip())).findFirst()
            .orElseThrow(() -> new AssertionError("no sample " + name + " in /metrics"));
    }

    /** MailGuard's lines only: its HELP, TYPE and sample lines. */
    String mailGuardLines() {
        return Arrays.stream(text.split("\n"))
            .filter(line -> line.startsWith("mailguard_") || line.startsWith("# HELP mailguard_") || line.startsWith("# TYPE mailguard_"))
            .collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * {@code promtool check metrics} (Debian package prometheus): MailGuard's series pass without a
     * word; the whole page parses, promtool's remarks naming only James's own metrics.
     */
    void assertPromtoolAccepts() {
        ExternalProgram promtool = ExternalProgram.require("promtool", "prometheus");
        assertThat(promtool.runWithInput(mailGuardLines(), "check", "metrics")).as("promtool on the mailguard_ series").isBlank();
        String whole = promtool.runWithInputAllowingFailure(text, "check", "metrics");
        assertThat(whole).as("promtool on the whole page").doesNotContainIgnoringCase("error").doesNotContain("mailguard");
    }
}
