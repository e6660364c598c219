package dev.mailguard.core;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

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
    static final int DEFAULT_AUTH_THRESHOLD = 5;
    static final Duration DEFAULT_RATE_WINDOW = Duration.ofMinutes(1);
    private static final List<String> ELEMENTS = List.of("threshold", "authThreshold", "window", "duration", "store",
        "maxEntries", "rateWindow");
    private static final Syntax<Integer> THRESHOLD = Syntax.count(1, 1000);
    private static final Syntax<Duration> DURATION = Syntax.duration();
    private static final Syntax<String> STORE = Syntax.penaltyStore();
    private static final Syntax<Integer> MAX_ENTRIES = Syntax.count(1, 10_000_000);

    private final int threshold;
    private final Duration window;
    private final Duration duration;
    private final String store;
    private final int maxEntries;
    private final int authThreshold;
    private final Duration rateWindow;

    public PenaltyBoxSettings(int threshold, Duration window, Duration duration, String store, int maxEntries) {
        this(threshold, DEFAULT_AUTH_THRESHOLD, window, duration, store, maxEntries, DEFAULT_RATE_WINDOW);
    }

    public PenaltyBoxSettings(int threshold, int authThreshold, Duration window, Duration duration, String store, int maxEntries,
                              Duration rateWindow) {
        this.threshold = threshold;
        this.authThreshold = authThreshold;
        this.window = window;
        this.duration = duration;
        this.store = store;
        this.maxEntries = maxEntries;
        this.rateWindow = rateWindow;
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
                throw new ConfigurationException("MailGuard: unknown element <" + key + "> in <penaltyBox>; known elements are "
                    + ELEMENTS.stream().map(name -> "<" + name + ">").collect(Collectors.joining(", ")));
            }
        }
        return Optional.of(new PenaltyBoxSettings(read(element, "threshold", THRESHOLD, DEFAULT_THRESHOLD),
            read(element, "authThreshold", THRESHOLD, DEFAULT_AUTH_THRESHOLD),
            read(element, "window", DURATION, DEFAULT_WINDOW), read(element, "duration", DURATION, DEFAULT_DURATION),
            read(element, "store", STORE, MEMORY), read(element, "maxEntries", MAX_ENTRIES, DEFAULT_MAX_ENTRIES),
            read(element, "rateWindow", DURATION, DEFAULT_RATE_WINDOW)));
    }

    /**
     * Per-client rates are counted in the penalty box's store, so a handler whose settings or
     * policies limit one needs its {@code <penaltyBox>}.
     */
    public static void requireForRates(ClientPolicies policies, Optional<PenaltyBoxSettings> penaltyBox)
            throws ConfigurationException {
        if (penaltyBox.isPresent()) {
            return;
        }
        for (ClientPolicy policy : policies.all()) {
            for (RateLimit rate : RateLimit.values()) {
                int max = policy.config().maxRate(rate);
                if (max > 0) {
                    String element = Settings.ALL.stream().filter(setting -> setting.element().equalsIgnoreCase("max" + rate.counter() + "Rate"))
                        .findFirst().orElseThrow().element();
                    throw new ConfigurationException(String.format("MailGuard: <%s>%d</%s>%s needs <%s> in the handler: the"
                        + " penalty box's store counts the rates (<%s/> alone keeps it in memory)", element, max, element,
                        policy.index() == 0 ? "" : " in <policy name=\"" + policy.name() + "\">", ELEMENT, ELEMENT));
                }
            }
        }
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

    /** Failed AUTH exchanges within {@link #window()} that box a client; counted apart from {@link #threshold()}. */
    public int authThreshold() {
        return authThreshold;
    }

    /** The protocol violations rule: {@link #threshold()} strikes within the window. */
    public StrikeRule violations() {
        return new StrikeRule(StrikeRule.VIOLATIONS, threshold, window, duration);
    }

    /** The password guessing rule: {@link #authThreshold()} failed AUTH exchanges within the window. */
    public StrikeRule authFailures() {
        return new StrikeRule(StrikeRule.AUTH_FAILURES, authThreshold, window, duration);
    }

    /** What the per-client rates count over; "per minute" in the settings, shorter only for tests. */
    public Duration rateWindow() {
        return rateWindow;
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
        return "threshold=" + threshold + " authThreshold=" + authThreshold + " window=" + window + " duration=" + duration
            + " store=" + store + " maxEntries=" + maxEntries + " rateWindow=" + rateWindow;
    }
}
