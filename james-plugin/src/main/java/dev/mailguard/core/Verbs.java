package dev.mailguard.core;

import java.util.regex.Pattern;

/** ASCII-only helpers for SMTP verbs. */
final class Verbs {
    /** An SMTP keyword: a letter, then letters, digits or hyphens (RFC 5321 4.1.1, extension keywords). */
    private static final Pattern VERB = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");

    /** An EHLO keyword or ESMTP parameter name (RFC 5321 4.1.1.1 and 4.1.2). */
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    private Verbs() {
    }

    static boolean isValid(String verb) {
        return VERB.matcher(verb).matches();
    }

    static boolean isKeyword(String keyword) {
        return KEYWORD.matcher(keyword).matches();
    }

    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    static String toUpperAscii(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'a' && chars[i] <= 'z') {
                chars[i] = (char) (chars[i] - ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
