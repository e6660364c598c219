package dev.mailguard.core.audit;

/**
 * Makes client text safe to put in an audit record: every byte outside printable ASCII, the
 * backslash that introduces an escape, and the {@code %} of a {@code %MAILGUARD-} look-alike (so
 * that no client text reads as a record prefix to a parser that scans inside lines) become
 * {@code \xNN}; the result is cut to {@value #MAX_LENGTH} characters without splitting an escape.
 * No client byte can end a record or start a forged one; other printable text, {@code a%b@c} among
 * it, stays as sent.
 */
public final class AuditText {
    public static final int MAX_LENGTH = 100;
    private static final String RECORD_PREFIX = "MAILGUARD-";

    private AuditText() {
    }

    /** @param text client bytes read as ISO-8859-1 (one character per byte) */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean prefix = c == '%' && text.regionMatches(true, i + 1, RECORD_PREFIX, 0, RECORD_PREFIX.length());
            String piece = prefix ? "\\x25" : escapeChar(c);
            if (out.length() + piece.length() > MAX_LENGTH) {
                break;
            }
            out.append(piece);
        }
        return out.toString();
    }

    private static String escapeChar(char c) {
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            return String.valueOf(c);
        }
        return String.format("\\x%02X", c & 0xFF);
    }
}
