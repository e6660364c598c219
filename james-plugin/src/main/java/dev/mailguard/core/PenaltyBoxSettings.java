package dev.mailguard.core;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
    private static final Syntax<Integer> THRESHOLD = Syntax.count(1, 1000);
    private static final Syntax<Duration> DURATION = Syntax.duration();
    private static final Syntax<String> STORE = Syntax.penaltyStore();
    private static final Syntax<Integer> MAX_ENTRIES = Syntax.count(1, 10_000_000);

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
        return Optional.of(new PenaltyBoxSettings(read(element, "threshold", THRESHOLD, DEFAULT_THRESHOLD),
            read(element, "window", DURATION, DEFAULT_WINDOW), read(element, "duration", DURATION, DEFAULT_DURATION),
            read(element, "store", STORE, MEMORY), read(element, "maxEntries", MAX_ENTRIES, DEFAULT_MAX_ENTRIES)));
    }

    /** An element of {@code <penaltyBox>} read as a setting is, its mistakes said the same way and placed. */
    private static <T> T read(Configuration element, String name, Syntax<T> syntax, T defaultValue) throws ConfigurationException {
        List<String> written = element.getList(String.class, name, List.of());
        if (written.isEmpty()) {
            return defaultValue;
        }
        try {
            return syntax.read(name, written);
        } catch (ConfigurationException e) {
            // no cause: launchers report the innermost ConfigurationException's message
            throw new ConfigurationException(e.getMessage() + " (in <penaltyBox>)");
        }
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
