package dev.mailguard.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Prometheus (Debian package prometheus) scraping one WebAdmin's {@code /metrics} every
 * second, on a free loopback port, with its database in a temporary folder.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Path directory, Process process, int port) {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    /** Starts Prometheus scraping {@code target} (host:port) and waits until it is ready. */
    static PrometheusServer scraping(String target) throws Exception {
        ExternalProgram prometheus = ExternalProgram.require("prometheus", "prometheus");
        Path directory = Files.createTempDirectory("prometheus-");
        int port = freePort();
        Files.writeString(directory.resolve("prometheus.yml"), String.join("\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "scrape_configs:",
            "  - job_name: mailguard",
            "    metrics_path: /metrics",
            "    static_configs:",
            "      - targets: [\"" + target + "\"]",
            ""));
        List<String> command = new ArrayList<>(prometheus.command());
        command.addAll(List.of("--config.file=" + directory.resolve("prometheus.yml"),
            "--storage.tsdb.path=" + directory.resolve("data"),
            "--web.listen-address=" + MailGuardServerFixture.LOOPBACK + ":" + port));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(directory.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(directory, process, port);
        try {
            server.awaitReady();
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady() {
        HttpRequest ready = HttpRequest.newBuilder(uri("/-/ready")).timeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                return true;
            }
            try {
                return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        if (!process.isAlive()) {
            throw new AssertionError("prometheus ended at start:\n" + log());
        }
    }

    /**
     * An instant query through the HTTP API ({@code /api/v1/query}): each series of the vector by its
     * {@code __name__} when it has one, else by its {@code instance}, with its value. Fails on an error
     * answer, so that a query Prometheus cannot run fails the test.
     */
    Map<String, Double> query(String promql) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                uri("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(answer.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + promql + ": " + response.body());
        }
        Map<String, Double> series = new LinkedHashMap<>();
        for (JsonNode sample : answer.at("/data/result")) {
            JsonNode labels = sample.path("metric");
            String key = labels.has("__name__") ? labels.get("__name__").asText() : labels.path("instance").asText();
            series.put(key, Double.parseDouble(sample.at("/value/1").asText()));
        }
        return series;
    }

    private URI uri(String path) {
        return URI.create("http://" + MailGuardServerFixture.LOOPBACK + ":" + port + path);
    }

    String log() {
        try {
            return Files.readString(directory.resolve("prometheus.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(MailGuardServerFixture.LOOPBACK))) {
            return socket.getLocalPort();
        }
    }
}
