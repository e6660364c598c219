package dev.mailguard.core.smtp;

/**
 * ASCII-only helpers for SMTP verbs. Loops rather than regular expressions: they run on every command
 * line, and a loop neither allocates nor backtracks.
 */
public final class Verbs {
    private Verbs() {
    }

    /** An SMTP keyword: a letter, then letters, digits or hyphens (RFC 5321 4.1.1, extension keywords). */
    public static boolean isValid(String verb) {
        return !verb.isEmpty() && isLetter(verb.charAt(0)) && isKeyword(verb);
    }

    /** An EHLO keyword or ESMTP parameter name (RFC 5321 4.1.1.1 and 4.1.2): a letter or digit, then those or '-'. */
    public static boolean isKeyword(String keyword) {
        return isKeyword(keyword, 0, keyword.length());
    }

    /** As {@link #isKeyword(String)} for {@code text} from {@code start} up to {@code end}. */
    public static boolean isKeyword(String text, int start, int end) {
        if (start >= end || text.charAt(start) == '-') {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!isLetter(c) && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    public static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} itself when it has no lower-case ASCII letter, as verbs mostly arrive. */
    public static String toUpperAscii(String text) {
        int first = 0;
        while (first < text.length() && !(text.charAt(first) >= 'a' && text.charAt(first) <= 'z')) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        char[] chars = text.toCharArray();
        for (int i = first; i < chars.length; i++) {
            chars[i] = toUpperAscii(chars[i]);
        }
        return new String(chars);
    }

    /** Whether the first {@code length} chars of {@code text} are {@code upperCase}, with ASCII letters in any case. */
    public static boolean equalsIgnoreAsciiCase(String text, String upperCase, int length) {
        for (int i = 0; i < length; i++) {
            if (toUpperAscii(text.charAt(i)) != upperCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static char toUpperAscii(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }
}
