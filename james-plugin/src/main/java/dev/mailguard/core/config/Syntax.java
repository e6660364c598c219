package dev.mailguard.core.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.ex.ConfigurationException;
import dev.mailguard.core.smtp.Verbs;

/**
 * How a setting's element is written: which values it takes, how they become the setting's value,
 * and how a value is written back (the documented default) and shown (the status route). Every
 * rejected value is a {@link ConfigurationException} naming the element, the value as written, and
 * what was expected.
 */
public final class Syntax<T> {
    /**
     * Parses the one value of a single-valued element; {@code where} is the element holding it (a
     * policy, the penalty box), null for the handler itself.
     */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String element, String where, String written) throws ConfigurationException;
    }

    /** Reads all the values written for an element, at least one. */
    @FunctionalInterface
    interface Reader<T> {
        T read(String element, String where, List<String> written) throws ConfigurationException;
    }

    /**
     * A domain name with at least one letter (so that no greeting can look like a reply code or the
     * Cisco mask), or an address literal.
     */
    private static final Pattern HOST_NAME = Pattern.compile(
        "(?=.*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?"
            + "|\\[[A-Za-z0-9.:-]{1,253}\\]");
    private static final int MAX_HOST_NAME = 255;

    private final Reader<T> reader;
    private final Function<T, String> text;
    private final Function<T, Object> shown;

    Syntax(Reader<T> reader, Function<T, String> text, Function<T, Object> shown) {
        this.reader = reader;
        this.text = text;
        this.shown = shown;
    }

    /** {@code true} or {@code false}, in any case. */
    static Syntax<Boolean> bool() {
        return single((element, where, written) -> {
            switch (written.trim().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw invalid(element, where, written, "true or false");
            }
        }, String::valueOf, value -> value);
    }

    /** One of a fixed set of lower-case names, matched case-insensitively; shown by its name. */
    static <E> Syntax<E> choice(Function<String, Optional<E>> byName, Function<E, String> configName, String expected) {
        return single((element, where, written) -> byName.apply(written.trim().toLowerCase(Locale.ROOT))
            .orElseThrow(() -> invalid(element, where, written, expected)), configName, configName::apply);
    }

    /** A whole number from {@code min} to {@code max} for a setting held as an {@code int}. */
    static Syntax<Integer> count(int min, int max) {
        return single((element, where, written) -> Math.toIntExact(number(element, where, written, min, max)), String::valueOf,
            value -> value);
    }

    /** One SMTP verb per element, the element repeatable; read in upper case. Not shown: the resolved verbs are. */
    static Syntax<List<String>> verbs() {
        return new Syntax<>((element, where, written) -> {
            List<String> verbs = new ArrayList<>();
            for (String value : written) {
                String verb = value.trim();
                if (!Verbs.isValid(verb)) {
                    throw invalid(element, where, value, "one SMTP verb per element: a letter, then letters, digits or '-'");
                }
                verbs.add(Verbs.toUpperAscii(verb));
            }
            return List.copyOf(verbs);
        }, verbs -> String.join(" ", verbs), List::copyOf);
    }

    /** EHLO keywords separated by spaces or commas, read in upper case. */
    static Syntax<List<String>> ehloKeywords() {
        return single((element, where, written) -> {
            List<String> keywords = new ArrayList<>();
            for (String keyword : written.trim().split("[\\s,]+")) {
                if (!Verbs.isKeyword(keyword)) {
                    throw invalid(element, where, written, "EHLO keywords separated by spaces, each letters, digits or '-'");
                }
                keywords.add(Verbs.toUpperAscii(keyword));
            }
            return List.copyOf(keywords);
        }, keywords -> String.join(" ", keywords), List::copyOf);
    }

    /** A host name for the greeting; empty when not configured, shown then as null. */
    static Syntax<Optional<String>> hostName() {
        return single((element, where, written) -> {
            String name = written.trim();
            if (name.length() > MAX_HOST_NAME || !HOST_NAME.matcher(name).matches()) {
                throw invalid(element, where, written, "a host name with at least one letter (such as mx.example.org) or an"
                    + " address literal (such as [192.0.2.1]), at most " + MAX_HOST_NAME + " characters");
            }
            return Optional.of(name);
        }, name -> name.orElse(""), name -> name.orElse(null));
    }

    T read(String element, String where, List<String> written) throws ConfigurationException {
        return reader.read(element, where, written);
    }

    /** The value as an element would hold it. */
    String text(T value) {
        return text.apply(value);
    }

    /** The value as {@link MailGuardConfig#settings()} shows it. */
    Object shown(T value) {
        return shown.apply(value);
    }

    /** A setting that takes one value: the same value twice is harmless, two values are an error. */
    static <T> Syntax<T> single(Parser<T> parser, Function<T, String> text, Function<T, Object> shown) {
        return new Syntax<>((element, where, written) -> {
            Set<String> values = new LinkedHashSet<>(written);
            if (values.size() > 1) {
                throw new ConfigurationException(String.format(
                    "MailGuard: <%s> is configured more than once with different values (%s); it takes one value%s",
                    element, values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(" and ")), in(where)));
            }
            return parser.parse(element, where, values.iterator().next());
        }, text, shown);
    }

    private static long number(String element, String where, String written, long min, long max)
            throws ConfigurationException {
        try {
            long number = Long.parseLong(written.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(element, where, written, "a whole number from " + min + " to " + max);
    }

    /** The one message for a value out of a setting's syntax or range. */
    static ConfigurationException invalid(String element, String where, String value, String expected) {
        return new ConfigurationException(String.format(
            "MailGuard: invalid value '%s' for <%s>: expected %s%s", value, element, expected, in(where)));
    }

    private static String in(String where) {
        return where == null ? "" : " (in " + where + ")";
    }
}
