package dev.mailguard.core.smtp;

import org.apache.commons.lang3.StringUtils;

/**
 * An SMTP reply with its RFC 3463 enhanced status code. Every reply MailGuard sends is built here,
 * so codes and texts live in one place (docs/reference.md, "Replies").
 */
public final class SmtpReply {
    /** RFC 5321 4.5.3.1.5: a reply line is at most 512 octets, CRLF included. */
    static final int MAX_REPLY_LINE = 512;
    /** Longer parameter names are not repeated in a reply. */
    private static final int MAX_NAMED_PARAMETER = 64;
    private static final String UNKNOWN_PREFIX = "Command unknown: '";

    public static final SmtpReply NOT_IMPLEMENTED = new SmtpReply(RefusalReason.NOT_IMPLEMENTED, "502", "5.5.1", "Command not implemented");
    public static final SmtpReply EMPTY_COMMAND = new SmtpReply(RefusalReason.EMPTY_COMMAND, "500", "5.5.2", "Syntax error, command unrecognized");
    public static final SmtpReply MESSAGE_TOO_BIG = new SmtpReply(RefusalReason.MESSAGE_TOO_BIG, "552", "5.3.4", "Message size exceeds fixed maximum message size");
    public static final SmtpReply TOO_MANY_RECIPIENTS = new SmtpReply(RefusalReason.TOO_MANY_RECIPIENTS, "452", "4.5.3", "Too many recipients");
    public static final SmtpReply BAD_SENDER = new SmtpReply(RefusalReason.BAD_SENDER_ADDRESS, "501", "5.1.7", "Bad sender address syntax");
    public static final SmtpReply BAD_RECIPIENT = new SmtpReply(RefusalReason.BAD_RECIPIENT_ADDRESS, "501", "5.1.3", "Bad recipient address syntax");
    public static final SmtpReply CLOSING_MALICIOUS = new SmtpReply(RefusalReason.MALICIOUS_ADDRESS, "421", "4.7.0",
        "Malicious address pattern, closing connection");
    public static final SmtpReply NOT_CRLF = new SmtpReply(RefusalReason.NOT_CRLF_TERMINATED, "500", "5.5.2", "Syntax error, command not terminated with CRLF");
    public static final SmtpReply LINE_TOO_LONG = new SmtpReply(RefusalReason.LINE_TOO_LONG, "500", "5.5.2", "Line too long");
    public static final SmtpReply TOO_MANY_UNRECOGNIZED = new SmtpReply(RefusalReason.TOO_MANY_UNKNOWN_COMMANDS, "421", "4.7.0",
        "Too many unrecognized commands, closing connection");
    public static final SmtpReply IMPROPER_PIPELINING = new SmtpReply(RefusalReason.IMPROPER_PIPELINING, "503", "5.5.0", "Improper use of SMTP command pipelining");
    /** DATA with message content already behind it: the client did not wait for the 354. */
    public static final SmtpReply CONTENT_BEFORE_DATA_REPLY = new SmtpReply(RefusalReason.IMPROPER_PIPELINING, "554", "5.5.0",
        "Improper use of SMTP command pipelining");
    public static final SmtpReply AUTH_NOT_ADVERTISED = new SmtpReply(RefusalReason.AUTH_NOT_ADVERTISED, "503", "5.5.1",
        "Authentication not enabled");
    /** To a client in the penalty box, at connect, before it can send a command. */
    public static final SmtpReply TOO_MANY_VIOLATIONS = new SmtpReply(RefusalReason.PENALTY_BOX, "421", "4.7.0",
        "Too many protocol violations, try again later");
    /** RFC 4954 section 6: AUTH before TLS where {@code authRequiresTls}. */
    public static final SmtpReply AUTH_BEFORE_TLS = new SmtpReply(RefusalReason.AUTH_BEFORE_TLS, "538", "5.7.11",
        "Encryption required for requested authentication mechanism");
    public static final SmtpReply TOO_MANY_AUTH_FAILURES = new SmtpReply(RefusalReason.TOO_MANY_AUTH_FAILURES, "421", "4.7.0",
        "Too many authentication failures, closing connection");
    public static final SmtpReply CONNECTION_RATE = new SmtpReply(RefusalReason.CONNECTION_RATE, "421", "4.7.0",
        "Too many connections from your address, slow down");
    public static final SmtpReply MESSAGE_RATE = new SmtpReply(RefusalReason.MESSAGE_RATE, "452", "4.7.0",
        "Too many messages from your address, slow down");
    public static final SmtpReply RECIPIENT_RATE = new SmtpReply(RefusalReason.RECIPIENT_RATE, "452", "4.7.0",
        "Too many recipients from your address, slow down");
    public static final SmtpReply PROTOCOL_ERROR = new SmtpReply(RefusalReason.PRE_GREETING_TRAFFIC, "554", "5.5.1", "Protocol error");
    public static final SmtpReply BARE_CR_OR_NUL_IN_DATA = new SmtpReply(RefusalReason.BARE_CR_OR_NUL_IN_DATA, "554", "5.6.0", "Message contains bare CR or NUL");

    /** The message rules' replies, after the end of data. */
    public static final SmtpReply HEADER_LINE_TOO_LONG = new SmtpReply(RefusalReason.HEADER_LINE_TOO_LONG, "554", "5.6.0",
        "Message header line too long");
    public static final SmtpReply HEADER_TOO_LONG = new SmtpReply(RefusalReason.HEADER_TOO_LONG, "554", "5.6.0",
        "Message header section too long");
    public static final SmtpReply TOO_MANY_HEADER_RECIPIENTS = new SmtpReply(RefusalReason.TOO_MANY_HEADER_RECIPIENTS, "554",
        "5.6.0", "Too many addresses in message header");
    public static final SmtpReply BODY_LINE_TOO_LONG = new SmtpReply(RefusalReason.BODY_LINE_TOO_LONG, "554", "5.6.0",
        "Message body line too long");
    public static final SmtpReply MIME_FILENAME_TOO_LONG = new SmtpReply(RefusalReason.MIME_FILENAME_TOO_LONG, "554", "5.6.0",
        "Attachment file name too long");
    public static final SmtpReply MIME_FILENAME_DENIED = new SmtpReply(RefusalReason.MIME_FILENAME_DENIED, "554", "5.7.0",
        "Attachment type not allowed");
    public static final SmtpReply MIME_TYPE_DENIED = new SmtpReply(RefusalReason.MIME_TYPE_DENIED, "554", "5.7.0",
        "Attachment type not allowed");
    public static final SmtpReply MIME_ENCODING_DENIED = new SmtpReply(RefusalReason.MIME_ENCODING_DENIED, "554", "5.6.0",
        "Content transfer encoding not allowed");
    public static final SmtpReply TOO_MANY_INVALID_RECIPIENTS = new SmtpReply(RefusalReason.TOO_MANY_INVALID_RECIPIENTS, "421",
        "4.7.0", "Too many invalid recipients, closing connection");
    public static final SmtpReply SENDER_DENIED = new SmtpReply(RefusalReason.SENDER_DENIED, "550", "5.7.1",
        "Sender address rejected");

    private final RefusalReason reason;
    private final String code;
    private final String enhancedCode;
    private final String text;

    private SmtpReply(RefusalReason reason, String code, String enhancedCode, String text) {
        this.reason = reason;
        this.code = code;
        this.enhancedCode = enhancedCode;
        this.text = text;
    }

    /**
     * {@code 500 5.5.1 Command unknown: 'XXXX'}: one X per character of the verb, so that no client
     * byte is echoed. A verb too long for one reply line is masked only as far as the line allows.
     */
    public static SmtpReply commandUnknown(String verb) {
        int room = MAX_REPLY_LINE - "500 5.5.1 ".length() - UNKNOWN_PREFIX.length() - "'\r\n".length();
        String mask = StringUtils.repeat('X', Math.min(verb.length(), room));
        return new SmtpReply(RefusalReason.COMMAND_UNKNOWN, "500", "5.5.1", UNKNOWN_PREFIX + mask + "'");
    }

    /** 555: an unknown parameter, or one whose extension was not advertised; named only when it is a keyword. */
    public static SmtpReply unsupportedParameter(String name) {
        boolean nameable = name != null && name.length() <= MAX_NAMED_PARAMETER;
        return new SmtpReply(RefusalReason.UNSUPPORTED_PARAMETER, "555", "5.5.4", nameable ? "Unsupported parameter " + name : "Unsupported parameter");
    }

    public static SmtpReply duplicateParameter(String name) {
        return new SmtpReply(RefusalReason.DUPLICATE_PARAMETER, "555", "5.5.4", "Duplicate parameter " + name);
    }

    public static SmtpReply invalidParameterValue(String name) {
        return new SmtpReply(RefusalReason.INVALID_PARAMETER_VALUE, "501", "5.5.4", "Invalid value for parameter " + name);
    }

    /** The rule that sent this reply, for the counters. */
    public RefusalReason reason() {
        return reason;
    }

    public String code() {
        return code;
    }

    public String enhancedCode() {
        return enhancedCode;
    }

    public String text() {
        return text;
    }

    /** The reply as sent on the wire, for the few replies written below James's response layer. */
    public String toWireLine() {
        return this + "\r\n";
    }

    /** The text after the reply code: enhanced code and text. */
    public String description() {
        return enhancedCode + " " + text;
    }

    @Override
    public String toString() {
        return code + " " + description();
    }
}
