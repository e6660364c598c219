package dev.mailguard.core.audit;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code json} layout of an {@link AuditRecord}: the same facts as the ASA text, as fields. */
final class AuditJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditJson() {
    }

    /** @param verb null when the record is not about a command; {@code data} null when there is none */
    static String line(AuditRecord record, String event, Endpoints endpoints, String verb, String data, String action, Instant time) {
        ObjectNode json = JSON.createObjectNode()
            .put("id", record.id())
            .put("severity", record.severity())
            .put("event", event)
            .put("client", endpoints.client())
            .put("server", endpoints.server());
        endpoints.session().ifPresent(session -> json.put("session", session));
        endpoints.helo().ifPresent(helo -> json.put("helo", AuditText.escape(helo)));
        endpoints.policy().ifPresent(policy -> json.put("policy", policy));
        if (verb != null) {
            json.put("verb", verb);
        }
        if (data != null) {
            json.put("data", data);
        }
        return json.put("action", action)
            .put("time", time.toString())
            .put("message", record.message())
            .toString();
    }
}
