package dev.mailguard.core.config;

import java.time.Duration;
import java.util.function.Function;
import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * A per-client rate MailGuard can limit (Postfix anvil's connection, message and recipient rates):
 * what it counts, the reply to the event that goes over it, and how the decision reads. Exceeding a
 * rate is not a strike: a busy client slows down, it is not boxed.
 */
public enum RateLimit {
    CONNECTION("connection", SmtpReply.CONNECTION_RATE),
    MESSAGE("message", SmtpReply.MESSAGE_RATE),
    RECIPIENT("recipient", SmtpReply.RECIPIENT_RATE);

    private final String counter;
    private final SmtpReply reply;

    RateLimit(String counter, SmtpReply reply) {
        this.counter = counter;
        this.reply = reply;
    }

    /** The name of the store's counter and the RATE of the 733100 record. */
    public String counter() {
        return counter;
    }

    /**
     * The refusal of the event that made {@code current} events within {@code window}, over
     * {@code max}: recorded (733100) when {@code recorded}, which the caller allows once per client,
     * rate and minute. A refused connection is closed.
     */
    public Decision exceeded(long current, int max, Duration window, boolean recorded) {
        Function<Endpoints, AuditRecord> record = recorded
            ? endpoints -> AuditRecord.rateExceeded(endpoints, counter, current, max, window)
            : null;
        return this == CONNECTION ? Decision.refuseAndClose(reply, record) : Decision.refuse(reply, record);
    }
}
