package dev.mailguard.core.penalty;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import dev.mailguard.core.config.RateLimit;
import dev.mailguard.core.config.Setting;
import dev.mailguard.core.config.SettingGroup;
import dev.mailguard.core.config.Settings;
import dev.mailguard.core.policy.ClientPolicies;
import dev.mailguard.core.policy.ClientPolicy;

/**
 * The handler's {@code <penaltyBox>} element (the ASA's {@code shun}, opt-in like it): how many
 * strikes within what window box a client, for how long, and which store keeps them. Absent, there is
 * no penalty box. Immutable.
 */
public final class PenaltyBoxSettings {
    public static final String MEMORY = Settings.MEMORY_STORE;

    private final SettingGroup.Values values;

    public PenaltyBoxSettings(int threshold, Duration window, Duration duration, String store, int maxEntries) {
        this(threshold, Settings.AUTH_THRESHOLD.defaultValue(), window, duration, store, maxEntries,
            Settings.RATE_WINDOW.defaultValue());
    }

    public PenaltyBoxSettings(int threshold, int authThreshold, Duration window, Duration duration, String store, int maxEntries,
                              Duration rateWindow) {
        this(Settings.PENALTY_BOX.given(Map.of(Settings.THRESHOLD, threshold, Settings.AUTH_THRESHOLD, authThreshold,
            Settings.WINDOW, window, Settings.DURATION, duration, Settings.STORE, store, Settings.MAX_ENTRIES, maxEntries,
            Settings.RATE_WINDOW, rateWindow)));
    }

    private PenaltyBoxSettings(SettingGroup.Values values) {
        this.values = values;
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
        return Optional.of(new PenaltyBoxSettings(Settings.PENALTY_BOX.read(element, where, null)));
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

    /** The value in effect of one of the {@link Settings#PENALTY_BOX} settings. */
    public <T> T get(Setting<T> setting) {
        return values.get(setting);
    }

    /** Strikes within {@link #window()} that box a client. */
    public int threshold() {
        return get(Settings.THRESHOLD);
    }

    /** Failed AUTH exchanges within {@link #window()} that box a client; counted apart from {@link #threshold()}. */
    public int authThreshold() {
        return get(Settings.AUTH_THRESHOLD);
    }

    /** The protocol violations rule: {@link #threshold()} strikes within the window. */
    public StrikeRule violations() {
        return new StrikeRule(StrikeRule.VIOLATIONS, threshold(), window(), duration());
    }

    /** The password guessing rule: {@link #authThreshold()} failed AUTH exchanges within the window. */
    public StrikeRule authFailures() {
        return new StrikeRule(StrikeRule.AUTH_FAILURES, authThreshold(), window(), duration());
    }

    /** What the per-client rates count over; "per minute" in the settings, shorter only for tests. */
    public Duration rateWindow() {
        return get(Settings.RATE_WINDOW);
    }

    public Duration window() {
        return get(Settings.WINDOW);
    }

    /** How long a boxed client is refused at connect. */
    public Duration duration() {
        return get(Settings.DURATION);
    }

    /** {@value #MEMORY}, {@code redis} (James's conf/redis.properties) or a Redis URI, as written (with its password). */
    public String store() {
        return get(Settings.STORE);
    }

    /** The PEM file of the CAs a TLS Redis is checked against; empty: the JVM's trust store. */
    public Optional<String> redisTrustStore() {
        return get(Settings.REDIS_TRUST_STORE);
    }

    /** Most clients the memory store keeps; the oldest is forgotten first. */
    public int maxEntries() {
        return get(Settings.MAX_ENTRIES);
    }

    /** Every setting by its element name with the value in effect, for the log and the status route. */
    public Map<String, Object> settings() {
        return values.shown();
    }

    @Override
    public String toString() {
        return settings().entrySet().stream().map(setting -> setting.getKey() + "=" + setting.getValue())
            .collect(Collectors.joining(" "));
    }
}
