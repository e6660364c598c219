package dev.mailguard.core;

import org.apache.commons.lang3.StringUtils;

/**
 * An SMTP reply with its RFC 3463 enhanced status code. Every reply MailGuard sends is built here,
 * so codes and texts live in one place (SPEC.md section 2).
 */
public final class SmtpReply {
    /** RFC 5321 4.5.3.1.5: a reply line is at most 512 octets, CRLF included. */
    static final int MAX_REPLY_LINE = 512;
    private static final String UNKNOWN_PREFIX = "Command unknown: '";

    public static final SmtpReply NOT_IMPLEMENTED = new SmtpReply("502", "5.5.1", "Command not implemented");
    public static final SmtpReply EMPTY_COMMAND = new SmtpReply("500", "5.5.2", "Syntax error, command unrecognized");

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

    public String code() {
        return code;
    }

    public String enhancedCode() {
        return enhancedCode;
    }

    public String text() {
        return text;
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
