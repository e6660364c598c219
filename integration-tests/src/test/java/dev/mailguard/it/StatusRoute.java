package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code GET /mailguard/status} of a test server, checked to be a 200 JSON answer and parsed. */
final class StatusRoute {
    private StatusRoute() {
    }

    static JsonNode of(MailGuardServerExtension server) throws Exception {
        return of(server.webAdminPort());
    }

    /** The status route of the server whose WebAdmin listens on {@code webAdminPort} (one in another JVM, say). */
    static JsonNode of(int webAdminPort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://" + MailGuardServerFixture.LOOPBACK + ":" + webAdminPort
                + "/mailguard/status")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return new ObjectMapper().readTree(response.body());
    }

    /** How much the counter at {@code pointer} (a JSON pointer) went up between two status documents. */
    static long increase(JsonNode before, JsonNode after, String pointer) {
        return after.at(pointer).asLong() - before.at(pointer).asLong();
    }
}
