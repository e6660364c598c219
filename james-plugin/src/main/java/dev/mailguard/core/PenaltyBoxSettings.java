package dev.mailguard.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * The handler's {@code <penaltyBox>} element (the ASA's {@code shun}, opt-in like it): how many
 * strikes within what window box a client, for how long, and which store keeps them. Absent, there is
 * no penalty box. Immutable.
 */
public final class PenaltyBoxSettings {
    static final String ELEMENT = "penaltyBox";
    public static final String MEMORY = "memory";
    static final int DEFAULT_THRESHOLD = 3;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    static final Duration DEFAULT_DURATION = Duration.ofMinutes(30);
    static final int DEFAULT_MAX_ENTRIES = 100_000;
    private static final Set<String> ELEMENTS = Set.of("threshold", "window", "duration", "store", "maxEntries");
    /** James's duration syntax: a number and a unit; a bare number is milliseconds, as in James. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|msec|msecs|s|sec|secs|second|seconds"
        + "|m|min|mins|minute|minutes|h|hour|hours|d|day|days)?");

    private final int threshold;
    private final Duration window;
    private final Duration duration;
    private final String store;
    private final int maxEntries;

    public PenaltyBoxSettings(int threshold, Duration window, Duration duration, String store, int maxEntries) {
        this.threshold = threshold;
        this.window = window;
        this.duration = duration;
        this.store = store;
        this.maxEntries = maxEntries;
    }

    /** The handler's {@code <penaltyBox>}, empty when it has none; anything wrong names the element and value. */
    public static Optional<PenaltyBoxSettings> from(Configuration handler) throws ConfigurationException {
        if (!(handler instanceof HierarchicalConfiguration)) {
            return Optional.empty();
        }
        List<? extends HierarchicalConfiguration<?>> elements = ((HierarchicalConfiguration<?>) handler).configurationsAt(ELEMENT);
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        if (elements.size() > 1) {
            throw new ConfigurationException("MailGuard: <penaltyBox> is given " + elements.size() + " times; give it once");
        }
        HierarchicalConfiguration<?> element = elements.get(0);
        for (Iterator<String> keys = element.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.isEmpty() && !ELEMENTS.contains(key)) { // "" is the empty element's own (absent) text
                throw new ConfigurationException("MailGuard: unknown element <" + key + "> in <penaltyBox>; known elements are"
                    + " <threshold>, <window>, <duration>, <store>, <maxEntries>");
            }
        }
        int threshold = Math.toIntExact(number(element, "threshold", DEFAULT_THRESHOLD, 1, 1000));
        Duration window = duration(element, "window", DEFAULT_WINDOW);
        Duration duration = duration(element, "duration", DEFAULT_DURATION);
        String store = store(Objects.requireNonNullElse(written(element, "store"), MEMORY).trim());
        int maxEntries = Math.toIntExact(number(element, "maxEntries", DEFAULT_MAX_ENTRIES, 1, 10_000_000));
        return Optional.of(new PenaltyBoxSettings(threshold, window, duration, store, maxEntries));
    }

    /** The one value written for {@code name}, null when absent; two different values are a mistake, as for settings. */
    private static String written(Configuration element, String name) throws ConfigurationException {
        Set<String> values = new LinkedHashSet<>(element.getList(String.class, name, List.of()));
        if (values.size() > 1) {
            throw new ConfigurationException(String.format("MailGuard: <%s> in <penaltyBox> is configured more than once"
                + " with different values (%s); it takes one value", name, String.join(" and ", values)));
        }
        return values.isEmpty() ? null : values.iterator().next();
    }

    private static long number(Configuration element, String name, long defaultValue, long min, long max)
            throws ConfigurationException {
        String written = written(element, name);
        if (written == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(written.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, written, "a whole number from " + min + " to " + max);
    }

    private static Duration duration(Configuration element, String name, Duration defaultValue) throws ConfigurationException {
        String written = written(element, name);
        if (written == null) {
            return defaultValue;
        }
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
        throw invalid(name, written, "a duration from 1ms to 365d such as 500ms, 30s, 10m or 1h");
    }

    private static String store(String written) throws ConfigurationException {
        if (written.equalsIgnoreCase(MEMORY)) {
            return MEMORY;
        }
        try {
            URI uri = new URI(written);
            String path = uri.getPath() == null ? "" : uri.getPath();
            if ("redis".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0
                    && uri.getUserInfo() == null && uri.getQuery() == null && path.matches("(/\\d{1,2})?")) {
                return written;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid("store", written, "memory or redis://HOST:PORT[/DB]");
    }

    private static ConfigurationException invalid(String element, String value, String expected) {
        return new ConfigurationException(String.format(
            "MailGuard: invalid value '%s' for <%s> in <penaltyBox>: expected %s", value, element, expected));
    }

    /** Strikes within {@link #window()} that box a client. */
    public int threshold() {
        return threshold;
    }

    public Duration window() {
        return window;
    }

    /** How long a boxed client is refused at connect. */
    public Duration duration() {
        return duration;
    }

    /** {@value #MEMORY} or a {@code redis://} URI. */
    public String store() {
        return store;
    }

    /** Most clients the memory store keeps; the oldest is forgotten first. */
    public int maxEntries() {
        return maxEntries;
    }

    @Override
    public String toString() {
        return "threshold=" + threshold + " window=" + window + " duration=" + duration + " store=" + store
            + " maxEntries=" + maxEntries;
    }
}
