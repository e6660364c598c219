package dev.mailguard.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * How a setting's element is written: which values it takes, how they become the setting's value,
 * and how a value is written back (the documented default) and shown (the status route). Every
 * rejected value is a {@link ConfigurationException} naming the element, the value as written, and
 * what was expected.
 */
public final class Syntax<T> {
    /** Parses the one value of a single-valued element. */
    @FunctionalInterface
    private interface Parser<T> {
        T parse(String element, String written) throws ConfigurationException;
    }

    /** Reads all the values written for an element, at least one. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(String element, List<String> written) throws ConfigurationException;
    }

    /**
     * A domain name with at least one letter (so that no greeting can look like a reply code or the
     * Cisco mask), or an address literal.
     */
    private static final Pattern HOST_NAME = Pattern.compile(
        "(?=.*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?"
            + "|\\[[A-Za-z0-9.:-]{1,253}\\]");
    private static final int MAX_HOST_NAME = 255;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|msec|msecs|s|sec|secs|second|seconds"
        + "|m|min|mins|minute|minutes|h|hour|hours|d|day|days)?");

    private final Reader<T> reader;
    private final Function<T, String> text;
    private final Function<T, Object> shown;

    private Syntax(Reader<T> reader, Function<T, String> text, Function<T, Object> shown) {
        this.reader = reader;
        this.text = text;
        this.shown = shown;
    }

    /** {@code true} or {@code false}, in any case. */
    static Syntax<Boolean> bool() {
        return single((element, written) -> {
            switch (written.trim().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw invalid(element, written, "true or false");
            }
        }, String::valueOf, value -> value);
    }

    /** One of a fixed set of lower-case names, matched case-insensitively; shown by its name. */
    static <E> Syntax<E> choice(Function<String, Optional<E>> byName, Function<E, String> configName, String expected) {
        return single((element, written) -> byName.apply(written.trim().toLowerCase(Locale.ROOT))
            .orElseThrow(() -> invalid(element, written, expected)), configName, configName::apply);
    }

    /** A whole number from {@code min} to {@code max}. */
    static Syntax<Long> wholeNumber(long min, long max) {
        return single((element, written) -> number(element, written, min, max), String::valueOf, value -> value);
    }

    /** A whole number from {@code min} to {@code max} for a setting held as an {@code int}. */
    static Syntax<Integer> count(int min, int max) {
        return single((element, written) -> Math.toIntExact(number(element, written, min, max)), String::valueOf,
            value -> value);
    }

    /** One SMTP verb per element, the element repeatable; read in upper case. Not shown: the resolved verbs are. */
    static Syntax<List<String>> verbs() {
        return new Syntax<>((element, written) -> {
            List<String> verbs = new ArrayList<>();
            for (String value : written) {
                String verb = value.trim();
                if (!Verbs.isValid(verb)) {
                    throw invalid(element, value, "one SMTP verb per element: a letter, then letters, digits or '-'");
                }
                verbs.add(Verbs.toUpperAscii(verb));
            }
            return List.copyOf(verbs);
        }, verbs -> String.join(" ", verbs), List::copyOf);
    }

    /** EHLO keywords separated by spaces or commas, read in upper case. */
    static Syntax<List<String>> ehloKeywords() {
        return single((element, written) -> {
            List<String> keywords = new ArrayList<>();
            for (String keyword : written.trim().split("[\\s,]+")) {
                if (!Verbs.isKeyword(keyword)) {
                    throw invalid(element, written, "EHLO keywords separated by spaces, each letters, digits or '-'");
                }
                keywords.add(Verbs.toUpperAscii(keyword));
            }
            return List.copyOf(keywords);
        }, keywords -> String.join(" ", keywords), List::copyOf);
    }

    /** A host name for the greeting; empty when not configured, shown then as null. */
    static Syntax<Optional<String>> hostName() {
        return single((element, written) -> {
            String name = written.trim();
            if (name.length() > MAX_HOST_NAME || !HOST_NAME.matcher(name).matches()) {
                throw invalid(element, written, "a host name with at least one letter (such as mx.example.org) or an"
                    + " address literal (such as [192.0.2.1]), at most " + MAX_HOST_NAME + " characters");
            }
            return Optional.of(name);
        }, name -> name.orElse(""), name -> name.orElse(null));
    }

    /**
     * A duration in James's syntax: a number and a unit ({@code 500ms}, {@code 30s}, {@code 10m},
     * {@code 1h}, {@code 2d}, or their long names), a bare number being milliseconds; 1ms to 365d.
     */
    static Syntax<Duration> duration() {
        return single((element, written) -> {
            Matcher matcher = DURATION.matcher(written.trim().toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
                Duration parsed = unit.startsWith("ms") ? Duration.ofMillis(amount)
                    : unit.startsWith("s") ? Duration.ofSeconds(amount)
                    : unit.startsWith("m") ? Duration.ofMinutes(amount)
                    : unit.startsWith("h") ? Duration.ofHours(amount)
                    : Duration.ofDays(amount);
                if (parsed.compareTo(Duration.ofMillis(1)) >= 0 && parsed.compareTo(Duration.ofDays(365)) <= 0) {
                    return parsed;
                }
            }
            throw invalid(element, written, "a duration from 1ms to 365d such as 500ms, 30s, 10m or 1h");
        }, Duration::toString, Duration::toString);
    }

    /** {@code memory}, or {@code redis://HOST:PORT[/DB]} without user, password or options. */
    static Syntax<String> penaltyStore() {
        return single((element, written) -> {
            String store = written.trim();
            if (store.equalsIgnoreCase(PenaltyBoxSettings.MEMORY)) {
                return PenaltyBoxSettings.MEMORY;
            }
            try {
                URI uri = new URI(store);
                String path = uri.getPath() == null ? "" : uri.getPath();
                if ("redis".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0
                        && uri.getUserInfo() == null && uri.getQuery() == null && path.matches("(/\\d{1,2})?")) {
                    return store;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw invalid(element, written, "memory or redis://HOST:PORT[/DB]");
        }, store -> store, store -> store);
    }

    T read(String element, List<String> written) throws ConfigurationException {
        return reader.read(element, written);
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
    private static <T> Syntax<T> single(Parser<T> parser, Function<T, String> text, Function<T, Object> shown) {
        return new Syntax<>((element, written) -> {
            Set<String> values = new LinkedHashSet<>(written);
            if (values.size() > 1) {
                throw new ConfigurationException(String.format(
                    "MailGuard: <%s> is configured more than once with different values (%s); it takes one value",
                    element, values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(" and "))));
            }
            return parser.parse(element, values.iterator().next());
        }, text, shown);
    }

    private static long number(String element, String written, long min, long max) throws ConfigurationException {
        try {
            long number = Long.parseLong(written.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(element, written, "a whole number from " + min + " to " + max);
    }

    private static ConfigurationException invalid(String element, String value, String expected) {
        return new ConfigurationException(String.format(
            "MailGuard: invalid value '%s' for <%s>: expected %s", value, element, expected));
    }
}
