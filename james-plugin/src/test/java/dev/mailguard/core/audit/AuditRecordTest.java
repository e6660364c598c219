package dev.mailguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.mailguard.core.smtp.SmtpReply;

class AuditRecordTest {
    private static final Endpoints ENDPOINTS = new Endpoints(
        new InetSocketAddress("192.0.2.1", 40000), new InetSocketAddress("192.0.2.25", 25));

    @Test
    void droppedCommandHasTheAsaLayout() {
        assertThat(AuditRecord.droppedCommand(ENDPOINTS, "VRFY").toCiscoLine()).isEqualTo(
            "%MAILGUARD-4-108004: ESMTP Classification: Dropped ESMTP Request from 192.0.2.1/40000 "
                + "to 192.0.2.25/25; matched cmd verb VRFY");
    }

    @Test
    void sessionEndCarriesDurationOctetsAndCommands() {
        SessionCounts counts = new SessionCounts();
        counts.fromClient(38);
        counts.toClient(120);
        counts.command(true);
        counts.command(false);
        counts.command(true);
        Endpoints endpoints = new Endpoints(new InetSocketAddress("192.0.2.1", 40000), new InetSocketAddress("192.0.2.25", 25),
            "s1", null);

        assertThat(AuditRecord.sessionEnded(endpoints, java.time.Duration.ofSeconds(3725), counts).toCiscoLine()).isEqualTo(
            "%MAILGUARD-6-302014: Teardown TCP connection s1 for 192.0.2.1/40000 to 192.0.2.25/25 duration 1:02:05 "
                + "bytes 158 (client 38, server 120) commands 3 rejected 1");
        assertThat(AuditRecord.sessionStarted(endpoints).toCiscoLine()).isEqualTo(
            "%MAILGUARD-6-302013: Built inbound TCP connection s1 for 192.0.2.1/40000 to 192.0.2.25/25");
    }

    @Test
    void aSessionUnderAPolicyKeepsTheAsaTextAndAppendsThePolicy() {
        Endpoints underPolicy = new Endpoints(new InetSocketAddress("192.0.2.1", 40000), new InetSocketAddress("192.0.2.25", 25),
            "s1", null, "relays");

        assertThat(AuditRecord.droppedCommand(underPolicy, "VRFY").toCiscoLine()).isEqualTo(
            "%MAILGUARD-4-108004: ESMTP Classification: Dropped ESMTP Request from 192.0.2.1/40000 "
                + "to 192.0.2.25/25; matched cmd verb VRFY policy relays");
        assertThat(AuditRecord.dryRun(AuditRecord.droppedCommand(underPolicy, "VRFY"), SmtpReply.commandUnknown("VRFY"))
            .toCiscoLine()).endsWith("would reply 500 5.5.1 Command unknown: 'XXXX' policy relays");
    }

    @Test
    void ipv6EndpointsKeepTheirPort() {
        Endpoints endpoints = new Endpoints(new InetSocketAddress("::1", 1), new InetSocketAddress("::1", 2));

        assertThat(AuditRecord.droppedCommand(endpoints, "X").toCiscoLine()).contains("from 0:0:0:0:0:0:0:1/1 to 0:0:0:0:0:0:0:1/2;");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "VRFY                 | VRFY",
        "a\\b                 | a\\x5Cb",
        "%MAILGUARD-2-108002: | \\x25MAILGUARD-2-108002:",
        "x%mailguard-4-1      | x\\x25mailguard-4-1",
        "first%last@example.org | first%last@example.org",
    })
    void escapesPrintableText(String text, String escaped) {
        assertThat(AuditText.escape(text)).isEqualTo(escaped);
    }

    @Test
    void controlAndEightBitBytesBecomeHex() {
        assertThat(AuditText.escape("A\r\nB\u0000\u001b[31m\u00ff\u007f")).isEqualTo("A\\x0D\\x0AB\\x00\\x1B[31m\\xFF\\x7F");
    }

    @Test
    void cutsToOneHundredCharactersWithoutSplittingAnEscape() {
        assertThat(AuditText.escape("A".repeat(150))).hasSize(100);
        assertThat(AuditText.escape("A".repeat(98) + "\u0000")).isEqualTo("A".repeat(98));
        assertThat(AuditText.escape("A".repeat(96) + "\u0000B")).isEqualTo("A".repeat(96) + "\\x00");
    }

    @Test
    void recordCannotBeSplitByClientText() {
        String line = AuditRecord.droppedCommand(ENDPOINTS, "X\r\n%MAILGUARD-2-108002: forged").toCiscoLine();

        assertThat(line).doesNotContain("\r", "\n").startsWith("%MAILGUARD-4-108004: ");
    }
}
