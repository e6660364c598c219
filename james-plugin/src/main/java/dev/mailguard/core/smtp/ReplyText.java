package dev.mailguard.core.smtp;

/**
 * Keeps reply lines well formed when James echoes client text in them (the HELO name in its 250
 * reply, for one): a control character other than HT becomes {@code ?}, so no client byte can end a
 * reply line early or reach the client's terminal as a control sequence. RFC 5321 4.2 allows HT and
 * printable text; 8-bit text stays, as RFC 6531 allows UTF-8 in replies.
 */
public final class ReplyText {
    private ReplyText() {
    }

    public static boolean needsCleaning(CharSequence line) {
        for (int i = 0; i < line.length(); i++) {
            if (isControl(line.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    public static String clean(CharSequence line) {
        StringBuilder cleaned = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            cleaned.append(isControl(c) ? '?' : c);
        }
        return cleaned.toString();
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7F;
    }
}
