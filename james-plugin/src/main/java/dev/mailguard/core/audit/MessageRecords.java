package dev.mailguard.core.audit;

/** The records of the message rules (docs/reference.md, "Message rules"), in the ASA's ESMTP policy-map wording. */
public final class MessageRecords {
    private MessageRecords() {
    }

    /**
     * 108004: a message rule matched ({@code matched} in the ASA's words, such as {@code header line
     * length gt 998}); the message was refused, and the connection closed when {@code closing}.
     */
    public static AuditRecord messageRule(Endpoints endpoints, String event, String matched, boolean closing) {
        return AuditRecord.droppedRequest(endpoints, event, "DATA", closing ? "closed" : "rejected", matched);
    }

    /** 108005: a message rule whose action is {@code log} matched; the message was delivered. */
    public static AuditRecord messageRuleLogged(Endpoints endpoints, String event, String matched) {
        return new AuditRecord(6, 108005, event, endpoints, "DATA", null, "logged", "ESMTP Classification: Logged ESMTP Request from "
            + endpoints.client() + " to " + endpoints.server() + "; matched " + matched);
    }

    /** 108004: James refused more RCPTs of the session than {@code maxInvalidRecipients}; the connection is closed. */
    public static AuditRecord tooManyInvalidRecipients(Endpoints endpoints, int maxInvalidRecipients) {
        return AuditRecord.droppedRequest(endpoints, "invalid-recipients", "RCPT", "closed", "invalid-recipients count gt " + maxInvalidRecipients);
    }

    /** 108004: the MAIL FROM address matched one of {@code denySenders}. */
    public static AuditRecord senderDenied(Endpoints endpoints) {
        return AuditRecord.droppedRequest(endpoints, "sender-address", "MAIL", "rejected", "sender-address regex");
    }
}
