package dev.mailguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailguard.core.smtp.SmtpReply;
import dev.mailguard.core.smtp.SmtpReplyDocumentationTest;

/** Every record MailGuard writes is in docs/reference.md: its id, and for each 108004 its {@code event}. */
class AuditRecordDocumentationTest {
    private static final Endpoints ENDPOINTS = new Endpoints(new InetSocketAddress("192.0.2.1", 1), new InetSocketAddress("192.0.2.25", 25));

    @Test
    void everyRecordIsDocumented() throws Exception {
        String reference = SmtpReplyDocumentationTest.reference();
        List<AuditRecord> records = everyRecord();

        assertThat(records).as("record factories found").hasSizeGreaterThan(15);
        for (AuditRecord record : records) {
            JsonNode json = new ObjectMapper().readTree(record.toJsonLine(Instant.EPOCH));
            assertThat(reference).as("docs/reference.md names record %s", record.id()).contains(String.valueOf(record.id()));
            assertThat(reference).as("docs/reference.md names event %s", json.get("event").asText())
                .containsAnyOf("`" + json.get("event").asText() + "`", "\"event\":\"" + json.get("event").asText() + "\"");
        }
    }

    @Test
    void everyMessageRuleRecordIsDocumented() throws Exception {
        String reference = SmtpReplyDocumentationTest.reference();
        List<String> events = new ArrayList<>();
        for (dev.mailguard.core.inspect.MessageRule rule : dev.mailguard.core.inspect.MessageRule.values()) {
            events.add(rule.key());
        }
        for (AuditRecord record : List.of(MessageRecords.tooManyInvalidRecipients(ENDPOINTS, 10), MessageRecords.senderDenied(ENDPOINTS))) {
            events.add(new ObjectMapper().readTree(record.toJsonLine(Instant.EPOCH)).get("event").asText());
        }
        assertThat(events).hasSize(10).allSatisfy(event -> assertThat(reference).as("docs/reference.md names event %s", event)
            .contains("`" + event + "`"));
        assertThat(reference).contains("ESMTP Classification: Logged ESMTP Request from");
    }

    /** One record from each public factory, with sample arguments. */
    private static List<AuditRecord> everyRecord() throws Exception {
        List<AuditRecord> records = new ArrayList<>();
        AuditRecord sample = AuditRecord.droppedCommand(ENDPOINTS, "EXPN");
        for (Method factory : AuditRecord.class.getMethods()) {
            if (!Modifier.isStatic(factory.getModifiers()) || factory.getReturnType() != AuditRecord.class) {
                continue;
            }
            Class<?>[] types = factory.getParameterTypes();
            Object[] arguments = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                arguments[i] = sample(types[i], sample);
            }
            records.add((AuditRecord) factory.invoke(null, arguments));
        }
        return records;
    }

    private static Object sample(Class<?> type, AuditRecord record) {
        if (type == Endpoints.class) {
            return ENDPOINTS;
        } else if (type == String.class) {
            return "a@example.org";
        } else if (type == int.class) {
            return 100;
        } else if (type == long.class) {
            return 1000L;
        } else if (type == boolean.class) {
            return true;
        } else if (type == Duration.class) {
            return Duration.ofSeconds(1);
        } else if (type == SessionCounts.class) {
            return new SessionCounts();
        } else if (type == AuditRecord.class) {
            return record;
        } else if (type == SmtpReply.class) {
            return SmtpReply.commandUnknown("EXPN");
        }
        throw new IllegalArgumentException("no sample for " + type);
    }
}
