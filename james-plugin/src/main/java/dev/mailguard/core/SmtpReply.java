package dev.mailguard.core;

import org.apache.commons.lang3.StringUtils;

/**
 * An SMTP reply with its RFC 3463 enhanced status code. Every reply MailGuard sends is built here,
 * so codes and texts live in one place (SPEC.md section 2).
 */
public final class SmtpReply {
    /** RFC 5321 4.5.3.1.5: a reply line is at most 512 octets, CRLF included. */
    static final int MAX_REPLY_LINE = 512;
    /** Longer parameter names are not repeated in a reply. */
    private static final int MAX_NAMED_PARAMETER = 64;
    private static final String UNKNOWN_PREFIX = "Command unknown: '";

    public static final SmtpReply NOT_IMPLEMENTED = new SmtpReply("502", "5.5.1", "Command not implemented");
    public static final SmtpReply EMPTY_COMMAND = new SmtpReply("500", "5.5.2", "Syntax error, command unrecognized");
    public static final SmtpReply MESSAGE_TOO_BIG = new SmtpReply("552", "5.3.4", "Message size exceeds fixed maximum message size");
    public static final SmtpReply TOO_MANY_RECIPIENTS = new SmtpReply("452", "4.5.3", "Too many recipients");
    public static final SmtpReply BAD_SENDER = new SmtpReply("501", "5.1.7", "Bad sender address syntax");
    public static final SmtpReply BAD_RECIPIENT = new SmtpReply("501", "5.1.3", "Bad recipient address syntax");
    public static final SmtpReply CLOSING_MALICIOUS = new SmtpReply("421", "4.7.0",
        "Malicious address pattern, closing connection");
    public static final SmtpReply NOT_CRLF = new SmtpReply("500", "5.5.2", "Syntax error, command not terminated with CRLF");
    public static final SmtpReply LINE_TOO_LONG = new SmtpReply("500", "5.5.2", "Line too long");
    public static final SmtpReply TOO_MANY_UNRECOGNIZED = new SmtpReply("421", "4.7.0",
        "Too many unrecognized commands, closing connection");
    public static final SmtpReply IMPROPER_PIPELINING = new SmtpReply("503", "5.5.0", "Improper use of SMTP command pipelining");
    public static final SmtpReply PROTOCOL_ERROR = new SmtpReply("554", "5.5.1", "Protocol error");
    public static final SmtpReply BARE_CR_OR_NUL_IN_DATA = new SmtpReply("554", "5.6.0", "Message contains bare CR or NUL");

    private final String code;
    private final String enhancedCode;
    private final String text;

    private SmtpReply(String code, String enhancedCode, String text) {
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
        return new SmtpReply("500", "5.5.1", UNKNOWN_PREFIX + mask + "'");
    }

    /** 555: an unknown parameter, or one whose extension was not advertised; named only when it is a keyword. */
    static SmtpReply unsupportedParameter(String name) {
        boolean nameable = name != null && name.length() <= MAX_NAMED_PARAMETER;
        return new SmtpReply("555", "5.5.4", nameable ? "Unsupported parameter " + name : "Unsupported parameter");
    }

    static SmtpReply duplicateParameter(String name) {
        return new SmtpReply("555", "5.5.4", "Duplicate parameter " + name);
    }

    static SmtpReply invalidParameterValue(String name) {
        return new SmtpReply("501", "5.5.4", "Invalid value for parameter " + name);
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
