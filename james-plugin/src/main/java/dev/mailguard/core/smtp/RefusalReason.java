package dev.mailguard.core.smtp;

import java.util.Locale;

/**
 * Why MailGuard refused something: one per kind of reply it sends, so that the counters and the
 * status route can say how often each rule fired.
 */
public enum RefusalReason {
    COMMAND_UNKNOWN,
    NOT_IMPLEMENTED,
    EMPTY_COMMAND,
    NOT_CRLF_TERMINATED,
    LINE_TOO_LONG,
    TOO_MANY_UNKNOWN_COMMANDS,
    IMPROPER_PIPELINING,
    AUTH_NOT_ADVERTISED,
    AUTH_BEFORE_TLS,
    TOO_MANY_AUTH_FAILURES,
    PRE_GREETING_TRAFFIC,
    BAD_SENDER_ADDRESS,
    BAD_RECIPIENT_ADDRESS,
    MALICIOUS_ADDRESS,
    TOO_MANY_RECIPIENTS,
    UNSUPPORTED_PARAMETER,
    DUPLICATE_PARAMETER,
    INVALID_PARAMETER_VALUE,
    MESSAGE_TOO_BIG,
    BARE_CR_OR_NUL_IN_DATA,
    PENALTY_BOX,
    CONNECTION_RATE,
    MESSAGE_RATE,
    RECIPIENT_RATE,
    HEADER_LINE_TOO_LONG,
    HEADER_TOO_LONG,
    TOO_MANY_HEADER_RECIPIENTS,
    BODY_LINE_TOO_LONG,
    MIME_FILENAME_TOO_LONG,
    MIME_FILENAME_DENIED,
    MIME_TYPE_DENIED,
    MIME_ENCODING_DENIED,
    TOO_MANY_INVALID_RECIPIENTS,
    SENDER_DENIED;

    /** Lower case with hyphens, as in metric names and the status route: {@code command-unknown}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
