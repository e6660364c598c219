package dev.mailguard.core;

/**
 * Makes client text safe to put in an audit record: every byte outside printable ASCII, the
 * backslash that introduces an escape, and {@code %} (so that no client text reads as a
 * {@code %MAILGUARD-} prefix to a parser that scans inside lines) become {@code \xNN}; the result is
 * cut to {@value #MAX_LENGTH} characters without splitting an escape. No client byte can end a
 * record or start a forged one.
 */
public final class AuditText {
    public static final int MAX_LENGTH = 100;

    private AuditText() {
    }

    /** @param text client bytes read as ISO-8859-1 (one character per byte) */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        for (int i = 0; i < text.length(); i++) {
            String piece = escapeChar(text.charAt(i));
            if (out.length() + piece.length() > MAX_LENGTH) {
                break;
            }
            out.append(piece);
        }
        return out.toString();
    }

    private static String escapeChar(char c) {
        if (c >= 0x20 && c < 0x7F && c != '\\' && c != '%') {
            return String.valueOf(c);
        }
        return String.format("\\x%02X", c & 0xFF);
    }
}
