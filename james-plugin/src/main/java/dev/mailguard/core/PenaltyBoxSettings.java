package dev.mailguard.core;

import java.time.Duration;
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
    public static final String MEMORY = Settings.MEMORY_STORE;

    private final int threshold;
    private final Duration window;
    private final Duration duration;
    private final String store;
    private final int maxEntries;
    private final int authThreshold;
    private final Duration rateWindow;

    public PenaltyBoxSettings(int threshold, Duration window, Duration duration, String store, int maxEntries) {
        this(threshold, Settings.AUTH_THRESHOLD.defaultValue(), window, duration, store, maxEntries,
            Settings.RATE_WINDOW.defaultValue());
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
        String where = "<" + Settings.PENALTY_BOX.name() + ">";
        List<? extends HierarchicalConfiguration<?>> elements = SettingGroup.children(handler, Settings.PENALTY_BOX.name());
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        if (elements.size() > 1) {
            throw new ConfigurationException("MailGuard: " + where + " is given " + elements.size() + " times; give it once");
        }
        HierarchicalConfiguration<?> element = elements.get(0);
        SettingGroup.rejectUnknown(element, Settings.PENALTY_BOX.elements(), Set.of(), where);
        SettingGroup.Values values = Settings.PENALTY_BOX.read(element, where, null);
        return Optional.of(new PenaltyBoxSettings(values.get(Settings.THRESHOLD), values.get(Settings.AUTH_THRESHOLD),
            values.get(Settings.WINDOW), values.get(Settings.DURATION), values.get(Settings.STORE),
            values.get(Settings.MAX_ENTRIES), values.get(Settings.RATE_WINDOW)));
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
                    String element = Settings.ALL.stream().map(Setting::element)
                        .filter(name -> name.equalsIgnoreCase("max" + rate.counter() + "Rate")).findFirst().orElseThrow();
                    throw new ConfigurationException(String.format("MailGuard: <%s>%d</%s>%s needs <%s> in the handler: the"
                        + " penalty box's store counts the rates (<%s/> alone keeps it in memory)", element, max, element,
                        policy.index() == 0 ? "" : " in <policy name=\"" + policy.name() + "\">", Settings.PENALTY_BOX.name(),
                        Settings.PENALTY_BOX.name()));
                }
            }
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
