package dev.mailguard.core.inspect;

import java.util.ArrayList;
import java.util.List;

import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.Settings;

/**
 * The line rules of one message, on its lines as they arrive: header line length and header section
 * length on the lines before the first empty one, body line length on the rest (RFC 5322 2.1.1:
 * 998 octets without the CRLF). Each rule matches once per message. Plain fields: it runs on every
 * line of every message.
 */
final class MessageLines {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    /** {@code content-} in lower case; {@code -} is unchanged by the case bit. */
    private static final byte[] CONTENT = "content-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private int maxHeaderLine;
    private long maxHeaderLength;
    private int maxBodyLine;
    private boolean inHeader;
    private long headerOctets;
    private boolean contentFields;
    private final List<RuleMatch> matches = new ArrayList<>(2);

    void start(MailGuardConfig config) {
        maxHeaderLine = config.get(Settings.MAX_HEADER_LINE_LENGTH);
        maxHeaderLength = config.get(Settings.MAX_HEADER_LENGTH);
        maxBodyLine = config.get(Settings.MAX_BODY_LINE_LENGTH);
        inHeader = true;
        headerOctets = 0;
        contentFields = false;
        matches.clear();
    }

    /** A line of the message as the client sent it, terminator included; {@code stuffed} if it starts with a transparency dot. */
    void line(byte[] line, int length, boolean stuffed) {
        int octets = stuffed ? length - 1 : length;
        int text = octets - terminator(line, length);
        if (!inHeader) {
            if (maxBodyLine > 0 && text > maxBodyLine) {
                RuleMatch.addOnce(matches, MessageRule.BODY_LINE_LENGTH, "body line length gt " + maxBodyLine);
            }
            return;
        }
        if (text == 0) {
            inHeader = false;
            return;
        }
        headerOctets += octets;
        contentFields |= isContentField(line, stuffed ? 1 : 0, length);
        if (maxHeaderLine > 0 && text > maxHeaderLine) {
            RuleMatch.addOnce(matches, MessageRule.HEADER_LINE_LENGTH, "header line length gt " + maxHeaderLine);
        }
        if (maxHeaderLength > 0 && headerOctets > maxHeaderLength) {
            RuleMatch.addOnce(matches, MessageRule.HEADER_LENGTH, "header length gt " + maxHeaderLength);
        }
    }

    /** {@code Content-...:} (RFC 2045's fields start so), in any case. */
    private static boolean isContentField(byte[] line, int from, int length) {
        if (length - from < CONTENT.length) {
            return false;
        }
        for (int i = 0; i < CONTENT.length; i++) {
            if ((line[from + i] | 0x20) != CONTENT[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the message's header has a {@code Content-} field: without one the message is a single
     * text part, RFC 2045's default, and has no part for the MIME rules to look at.
     */
    boolean hasContentFields() {
        return contentFields;
    }

    private static int terminator(byte[] line, int length) {
        if (length > 0 && line[length - 1] == LF) {
            return length > 1 && line[length - 2] == CR ? 2 : 1;
        }
        return 0;
    }


    /** What the message's lines broke so far, in the order found. */
    List<RuleMatch> matches() {
        return matches;
    }
}
