package dev.mailguard.core;

import static dev.mailguard.core.Settings.ALERT;
import static dev.mailguard.core.Settings.ALLOW;
import static dev.mailguard.core.Settings.ALLOW_TLS;
import static dev.mailguard.core.Settings.AUDIT_FORMAT;
import static dev.mailguard.core.Settings.AUDIT_TRAIL;
import static dev.mailguard.core.Settings.AUTH_REQUIRES_TLS;
import static dev.mailguard.core.Settings.BANNER_NAME;
import static dev.mailguard.core.Settings.DENY;
import static dev.mailguard.core.Settings.DRY_RUN;
import static dev.mailguard.core.Settings.EHLO_KEYWORDS;
import static dev.mailguard.core.Settings.GREETING_DELAY;
import static dev.mailguard.core.Settings.MALICIOUS_ADDRESS_ACTION;
import static dev.mailguard.core.Settings.MASK_BANNER;
import static dev.mailguard.core.Settings.MASK_SOFTWARE_NAME;
import static dev.mailguard.core.Settings.MAX_ADDRESS_LENGTH;
import static dev.mailguard.core.Settings.MAX_AUTH_FAILURES;
import static dev.mailguard.core.Settings.MAX_CONNECTION_RATE;
import static dev.mailguard.core.Settings.MAX_COMMAND_LINE_LENGTH;
import static dev.mailguard.core.Settings.MAX_DATA;
import static dev.mailguard.core.Settings.MAX_MESSAGE_RATE;
import static dev.mailguard.core.Settings.MAX_RECIPIENT_RATE;
import static dev.mailguard.core.Settings.MAX_RECIPIENTS;
import static dev.mailguard.core.Settings.MAX_UNKNOWN_COMMANDS;
import static dev.mailguard.core.Settings.MODE;
import static dev.mailguard.core.Settings.PENALTY_BOX_EXEMPT;
import static dev.mailguard.core.Settings.REJECT_BARE_CR_IN_DATA;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * MailGuard's settings, read once from the handler element in smtpserver.xml and immutable after
 * that. Each setting is declared once in {@link Settings}; anything else in the element, and any
 * value out of range, is a {@link ConfigurationException} naming the element and the value, so that
 * James refuses to start instead of running with a setting the administrator did not mean.
 */
public final class MailGuardConfig {
    /** James's framing layer cuts lines at 8192 octets before their terminator; MailGuard cannot allow more. */
    public static final int FRAMING_LINE_LIMIT = 8192;
    private static final String AUTH = "AUTH";

    /**
     * Each declared setting's value at the setting's {@link Setting#index}; only {@link #read} puts one
     * in, of the setting's own type. An array, not a map: some settings are read for every line.
     */
    private final Object[] values = new Object[Settings.ALL.size()];
    private final VerbAllowlist allowlist;
    private final Set<String> ehloKeywords;
    /** What may be advertised before TLS: without AUTH when {@code authRequiresTls}. */
    private final Set<String> ehloKeywordsBeforeTls;

    /**
     * @param inherited the values of settings {@code config} does not set: the handler's own for a
     *     policy, null for the handler itself (the defaults)
     */
    private MailGuardConfig(Configuration config, MailGuardConfig inherited) throws ConfigurationException {
        for (Setting<?> setting : Settings.ALL) {
            read(setting, config, inherited);
        }
        this.allowlist = VerbAllowlist.of(mode(), allowTls(), get(ALLOW), get(DENY));
        Set<String> keywords = new LinkedHashSet<>(get(EHLO_KEYWORDS));
        if (allowlist.allows(VerbAllowlist.STARTTLS)) {
            keywords.add(VerbAllowlist.STARTTLS);
        } else {
            keywords.remove(VerbAllowlist.STARTTLS);
        }
        this.ehloKeywords = Collections.unmodifiableSet(keywords);
        if (authRequiresTls() && keywords.contains(AUTH)) {
            Set<String> beforeTls = new LinkedHashSet<>(keywords);
            beforeTls.remove(AUTH);
            this.ehloKeywordsBeforeTls = Collections.unmodifiableSet(beforeTls);
        } else {
            this.ehloKeywordsBeforeTls = ehloKeywords;
        }
    }

    private <T> void read(Setting<T> setting, Configuration config, MailGuardConfig inherited) throws ConfigurationException {
        values[setting.index()] = inherited == null ? setting.read(config) : setting.read(config, inherited.get(setting));
    }

    @SuppressWarnings("unchecked") // read() keys each value by its own setting
    private <T> T get(Setting<T> setting) {
        return (T) values[setting.index()];
    }

    public static MailGuardConfig defaults() {
        try {
            return new MailGuardConfig(new BaseConfiguration(), null);
        } catch (ConfigurationException e) {
            throw new IllegalStateException("The defaults are valid", e);
        }
    }

    /**
     * The handler element's own settings (the default policy); its {@code <policy>} elements are
     * {@link ClientPolicies}'s to read.
     */
    public static MailGuardConfig from(Configuration config) throws ConfigurationException {
        Set<String> elements = Settings.ALL.stream().map(Setting::element).collect(Collectors.toCollection(TreeSet::new));
        elements.add(ClientPolicies.POLICY);
        elements.add(PenaltyBoxSettings.ELEMENT);
        rejectUnknownElements(config, elements, "the handler configuration");
        return new MailGuardConfig(config, null);
    }

    /**
     * A policy's settings: those {@code policy} sets, the others as {@code handler} has them.
     *
     * @param extraElements the policy's elements that are not settings (how it selects sessions)
     */
    static MailGuardConfig inheriting(MailGuardConfig handler, Configuration policy, Set<String> extraElements, String where)
            throws ConfigurationException {
        Set<String> elements = new TreeSet<>(extraElements);
        for (Setting<?> setting : Settings.ALL) {
            if (setting.policyMayOverride()) {
                elements.add(setting.element());
            } else if (policy.containsKey(setting.element())) {
                throw new ConfigurationException(String.format("MailGuard: <%s> in %s: it applies to the whole listener,"
                    + " so only the handler element may set it", setting.element(), where));
            }
        }
        rejectUnknownElements(policy, elements, where);
        return new MailGuardConfig(policy, handler);
    }

    private static void rejectUnknownElements(Configuration config, Set<String> elements, String where)
            throws ConfigurationException {
        for (Iterator<String> keys = config.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            if (key.startsWith("[@")) {
                continue; // attributes of the element itself, such as class or name
            }
            // a policy's own elements and attributes are keys under it: ClientPolicies checks those
            String element = key.split("[.\\[]", 2)[0];
            if (!element.equals(ClientPolicies.POLICY) && !element.equals(PenaltyBoxSettings.ELEMENT)) {
                element = key; // a setting's element has no children nor attributes
            }
            if (!elements.contains(element)) {
                throw new ConfigurationException(String.format(
                    "MailGuard: unknown element <%s> in %s; known elements are %s",
                    element, where, elements.stream().map(e -> "<" + e + ">").collect(Collectors.joining(", "))));
            }
        }
    }

    public InspectionMode mode() {
        return get(MODE);
    }

    public boolean allowTls() {
        return get(ALLOW_TLS);
    }

    public VerbAllowlist allowlist() {
        return allowlist;
    }

    public BannerMode maskBanner() {
        return get(MASK_BANNER);
    }

    /** The host name the greeting announces; empty when it is James's {@code helloName}. */
    public Optional<String> bannerName() {
        return get(BANNER_NAME);
    }

    public boolean maskSoftwareName() {
        return get(MASK_SOFTWARE_NAME);
    }

    /** Upper-case EHLO keywords that may be advertised; STARTTLS only when the allowlist has it. */
    public Set<String> ehloKeywords() {
        return ehloKeywords;
    }

    /** The EHLO keywords that may be advertised in a session with or without TLS: AUTH only with TLS when {@code authRequiresTls}. */
    public Set<String> ehloKeywords(boolean tlsStarted) {
        return tlsStarted ? ehloKeywords : ehloKeywordsBeforeTls;
    }

    public long maxData() {
        return get(MAX_DATA);
    }

    public int maxRecipients() {
        return get(MAX_RECIPIENTS);
    }

    public int maxAddressLength() {
        return get(MAX_ADDRESS_LENGTH);
    }

    public MaliciousAddressAction maliciousAddressAction() {
        return get(MALICIOUS_ADDRESS_ACTION);
    }

    /** Octets a command line may have, CRLF included. */
    public int maxCommandLineLength() {
        return get(MAX_COMMAND_LINE_LENGTH);
    }

    /** Unknown or denied commands (and empty lines) a session may send before it is closed. */
    public int maxUnknownCommands() {
        return get(MAX_UNKNOWN_COMMANDS);
    }

    public boolean rejectBareCrInData() {
        return get(REJECT_BARE_CR_IN_DATA);
    }

    /** Milliseconds the greeting is held back; a client that talks in that time is disconnected. */
    public int greetingDelay() {
        return get(GREETING_DELAY);
    }

    public AuditFormat auditFormat() {
        return get(AUDIT_FORMAT);
    }

    /** IOS {@code alert}: whether anomaly records (all but 108007, TLS started) are written. */
    public boolean alert() {
        return get(ALERT);
    }

    /** IOS {@code audit-trail}: a record when each session starts and ends. */
    public boolean auditTrail() {
        return get(AUDIT_TRAIL);
    }

    /** Postfix {@code warn_if_reject}: rules that would refuse only write 108005; James gets everything unchanged. */
    public boolean dryRun() {
        return get(DRY_RUN);
    }

    /** Whether the session's violations never count as strikes for the penalty box. */
    public boolean penaltyBoxExempt() {
        return get(PENALTY_BOX_EXEMPT);
    }

    /** RFC 4954 section 4: AUTH neither advertised nor run before TLS. */
    public boolean authRequiresTls() {
        return get(AUTH_REQUIRES_TLS);
    }

    /** Failed AUTH exchanges after which the session is closed. */
    public int maxAuthFailures() {
        return get(MAX_AUTH_FAILURES);
    }

    /** The most events of {@code rate} one client may cause per minute; 0 for no limit. */
    public int maxRate(RateLimit rate) {
        switch (rate) {
            case CONNECTION:
                return get(MAX_CONNECTION_RATE);
            case MESSAGE:
                return get(MAX_MESSAGE_RATE);
            default:
                return get(MAX_RECIPIENT_RATE);
        }
    }

    /** Whether any per-client rate is limited, which needs the penalty box's store to count in. */
    public boolean limitsRates() {
        for (RateLimit rate : RateLimit.values()) {
            if (maxRate(rate) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether this configuration writes the record: anomalies only with {@code alert}. */
    public boolean writes(AuditRecord record) {
        return alert() || !record.isAnomaly();
    }

    /**
     * Every setting by its element name with the value in effect (defaults included; the verbs and
     * EHLO keywords as resolved from mode, allow, deny and allowTls), for the log and the status route.
     * {@code bannerName} is null when the greeting names James's {@code helloName}.
     */
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            if (setting == ALLOW) {
                settings.put("verbs", List.copyOf(new TreeSet<>(allowlist.verbs())));
            } else if (setting == EHLO_KEYWORDS) {
                settings.put(setting.element(), List.copyOf(ehloKeywords));
            } else if (setting != DENY) {
                settings.put(setting.element(), shown(setting));
            }
        }
        return Collections.unmodifiableMap(settings);
    }

    private <T> Object shown(Setting<T> setting) {
        return setting.shown(get(setting));
    }

    @Override
    public String toString() {
        return settings().entrySet().stream().map(setting -> setting.getKey() + "=" + setting.getValue())
            .collect(Collectors.joining(" "));
    }
}
