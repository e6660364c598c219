package dev.mailguard.core.inspect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A MIME parameter's value from the parameters as a MIME parser split them, with RFC 2231's
 * extended and continued forms ({@code filename*=utf-8''a%20b}, {@code filename*0*=...;
 * filename*1=...}) put back together and decoded. The extended form wins over the plain one, as
 * RFC 2231 section 4.1 asks.
 */
public final class MimeParameters {
    private MimeParameters() {
    }

    /** The value of {@code name} (lower case) among {@code parameters} (names in lower case); null if absent. */
    public static String value(Map<String, String> parameters, String name) {
        String extended = parameters.get(name + "*");
        if (extended != null) {
            return decode(extended);
        }
        TreeMap<Integer, String> sections = new TreeMap<>();
        String charset = null;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String key = parameter.getKey();
            if (!key.startsWith(name + "*")) {
                continue;
            }
            String rest = key.substring(name.length() + 1);
            boolean encoded = rest.endsWith("*");
            String number = encoded ? rest.substring(0, rest.length() - 1) : rest;
            if (number.isEmpty() || number.length() > 4 || !number.chars().allMatch(Character::isDigit)) {
                continue;
            }
            int section = Integer.parseInt(number);
            String value = parameter.getValue();
            if (encoded && section == 0) {
                int first = value.indexOf('\'');
                int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
                if (second > 0) {
                    charset = value.substring(0, first);
                    value = value.substring(second + 1);
                }
            }
            sections.put(section, encoded ? "\u0000" + value : value);
        }
        if (sections.isEmpty()) {
            return parameters.get(name);
        }
        Charset decoding = charset(charset);
        StringBuilder joined = new StringBuilder();
        for (String section : sections.values()) {
            joined.append(section.startsWith("\u0000") ? percentDecoded(section.substring(1), decoding) : section);
        }
        return joined.toString();
    }

    /** {@code charset'language'percent-encoded}, the extended form of a whole value. */
    private static String decode(String extended) {
        int first = extended.indexOf('\'');
        int second = first < 0 ? -1 : extended.indexOf('\'', first + 1);
        if (second < 0) {
            return extended;
        }
        return percentDecoded(extended.substring(second + 1), charset(extended.substring(0, first)));
    }

    private static Charset charset(String name) {
        try {
            return name == null || name.isEmpty() ? StandardCharsets.US_ASCII : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.ISO_8859_1; // one character per octet: the length still counts what was sent
        }
    }

    private static String percentDecoded(String value, Charset charset) {
        ByteArrayOutputStream octets = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0 && Character.digit(value.charAt(i + 2), 16) >= 0) {
                octets.write(Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else {
                octets.write(c > 0xff ? '?' : c);
            }
        }
        return new String(octets.toByteArray(), charset);
    }
}
