package dev.mailguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code json} audit layout: the facts of the Cisco line as fields, one object per line. */
class AuditRecordJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant TIME = Instant.parse("2026-11-23T18:00:00.123Z");
    private static final Endpoints ENDPOINTS = new Endpoints(new InetSocketAddress("192.0.2.1", 40000),
        new InetSocketAddress("192.0.2.25", 25), "a1b2c3", "client.example");

    private static JsonNode parse(AuditRecord record) throws Exception {
        String line = record.toJsonLine(TIME);
        assertThat(line).doesNotContain("\n", "\r");
        return JSON.readTree(line);
    }

    @Test
    void thePolicyIsAFieldWhereThereIsOneToName() throws Exception {
        Endpoints underPolicy = new Endpoints(new InetSocketAddress("192.0.2.1", 40000), new InetSocketAddress("192.0.2.25", 25),
            "a1b2c3", null, "relays");

        assertThat(parse(AuditRecord.droppedCommand(underPolicy, "VRFY")).get("policy").asText()).isEqualTo("relays");
        assertThat(parse(AuditRecord.droppedCommand(ENDPOINTS, "VRFY")).has("policy")).isFalse();
        assertThat(parse(AuditRecord.droppedCommand(underPolicy, "VRFY")).get("message").asText()).doesNotContain("policy");
    }

    @Test
    void droppedCommandCarriesEveryFact() throws Exception {
        JsonNode json = parse(AuditRecord.droppedCommand(ENDPOINTS, "VRFY"));

        assertThat(json.get("id").asInt()).isEqualTo(108004);
        assertThat(json.get("severity").asInt()).isEqualTo(4);
        assertThat(json.get("event").asText()).isEqualTo("cmd-verb");
        assertThat(json.get("client").asText()).isEqualTo("192.0.2.1/40000");
        assertThat(json.get("server").asText()).isEqualTo("192.0.2.25/25");
        assertThat(json.get("session").asText()).isEqualTo("a1b2c3");
        assertThat(json.get("helo").asText()).isEqualTo("client.example");
        assertThat(json.get("verb").asText()).isEqualTo("VRFY");
        assertThat(json.get("action").asText()).isEqualTo("dropped");
        assertThat(json.get("time").asText()).isEqualTo("2026-11-23T18:00:00.123Z");
        assertThat(json.get("message").asText()).isEqualTo(AuditRecord.droppedCommand(ENDPOINTS, "VRFY").message());
    }

    @Test
    void absentFactsAreLeftOut() throws Exception {
        JsonNode json = parse(AuditRecord.tlsStarted(new Endpoints(new InetSocketAddress("192.0.2.1", 1),
            new InetSocketAddress("192.0.2.25", 25))));

        assertThat(json.has("session")).isFalse();
        assertThat(json.has("helo")).isFalse();
        assertThat(json.has("data")).isFalse();
        assertThat(json.get("id").asInt()).isEqualTo(108007);
    }

    static Stream<String> hostileText() {
        return Stream.of("a\"b", "a\r\n{\"id\":108002}", "\u001b[31mred", "%MAILGUARD-2-108002: forged", "a\\\"}", "\u0000");
    }

    @ParameterizedTest
    @MethodSource("hostileText")
    void clientTextCannotSplitOrForgeARecord(String text) throws Exception {
        Endpoints hostileHelo = new Endpoints(new InetSocketAddress("192.0.2.1", 1), new InetSocketAddress("192.0.2.25", 25),
            "s", text);
        JsonNode json = parse(AuditRecord.replacedString(hostileHelo, "<" + text + "@example.org>"));

        assertThat(json.get("id").asInt()).isEqualTo(108002);
        assertThat(json.get("data").asText()).isEqualTo(AuditText.escape("<" + text + "@example.org>"));
        assertThat(json.get("helo").asText()).isEqualTo(AuditText.escape(text));
        assertThat(json.size()).as("no forged field").isEqualTo(11);
    }
}
