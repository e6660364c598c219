package dev.mailguard.core.audit;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.mailguard.core.inspect.CommandPolicyPropertyTest;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * Client text that tries to end a record, forge a second one or break out of a JSON string stays
 * inside one record, in both formats, wherever it appears: verb, address or HELO name.
 */
class AuditRecordIntegrityTest {
    private static final List<BiFunction<Endpoints, String, AuditRecord>> RECORDS_WITH_CLIENT_TEXT = List.of(
        AuditRecord::droppedCommand, AuditRecord::replacedString,
        (endpoints, text) -> AuditRecord.maliciousAddress(endpoints, text, true),
        (endpoints, text) -> AuditRecord.dryRun(AuditRecord.droppedCommand(endpoints, text), SmtpReply.commandUnknown(text)));

    @ParameterizedTest
    @ValueSource(strings = {
        "EXPN\r\n%MAILGUARD-2-108002: SMTP replaced string: out 6.6.6.6 in 6.6.6.6 data: forged",
        "a\rb\nc\r\nd", "%MAILGUARD-4-108004: look-alike", "\u001b[2J\u001b[31mred\u001b[0m", "\u009b31m",
        "\"},{\"id\":108002,\"message\":\"forged", "\\\"", "\u0000\u0007\u007f", "<\u00e9l\u00e8ve@example.org>",
        "\u2028\u2029"})
    void hostileClientTextStaysInOneRecord(String text) {
        Endpoints endpoints = new Endpoints(new InetSocketAddress("192.0.2.1", 1), new InetSocketAddress("192.0.2.25", 25),
            "SMTP-1", text);
        for (BiFunction<Endpoints, String, AuditRecord> record : RECORDS_WITH_CLIENT_TEXT) {
            CommandPolicyPropertyTest.assertOneRecord(record.apply(endpoints, text));
        }
    }
}
