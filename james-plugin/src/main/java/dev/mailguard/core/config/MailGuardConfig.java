package dev.mailguard.core.config;

import java.util.Collections;
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
import dev.mailguard.core.audit.AuditFormat;
import dev.mailguard.core.audit.AuditRecord;

/**
 * MailGuard's settings for one policy of a listener, read once from smtpserver.xml and immutable
 * after that: the handler element's own, or a {@code <policy>}'s over them. Each setting is declared
 * once in {@link Settings} and read by {@link SettingGroup}; {@link #get} gives any of them, the
 * methods below name those the rules read most.
 */
public final class MailGuardConfig {
    /** James's framing layer cuts lines at 8192 octets before their terminator; MailGuard cannot allow more. */
    public static final int FRAMING_LINE_LIMIT = 8192;
    private static final String AUTH = "AUTH";

    private final SettingGroup.Values values;
    private final VerbAllowlist allowlist;
    private final Set<String> ehloKeywords;
    /** What may be advertised before TLS: without AUTH when {@code authRequiresTls}. */
    private final Set<String> ehloKeywordsBeforeTls;

    private MailGuardConfig(SettingGroup.Values values) {
        this.values = values;
        this.allowlist = VerbAllowlist.of(mode(), allowTls(), get(Settings.ALLOW), get(Settings.DENY));
        Set<String> keywords = new LinkedHashSet<>(get(Settings.EHLO_KEYWORDS));
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

    /** The value in effect of one of the handler's {@link Settings}. */
    public <T> T get(Setting<T> setting) {
        return values.get(setting);
    }

    public static MailGuardConfig defaults() {
        try {
            return new MailGuardConfig(Settings.HANDLER.read(new BaseConfiguration(), null, null));
        } catch (ConfigurationException e) {
            throw new IllegalStateException("The defaults are valid", e);
        }
    }

    /**
     * The handler element's own settings (the default policy); its {@code <policy>} and
     * {@code <penaltyBox>} elements are {@link ClientPolicies}'s and {@link PenaltyBoxSettings}'s to read.
     */
    public static MailGuardConfig from(Configuration config) throws ConfigurationException {
        SettingGroup.rejectUnknown(config, Settings.HANDLER.elements(),
            Set.of(Settings.POLICY_SETTINGS.name(), Settings.PENALTY_BOX.name()), null);
        return new MailGuardConfig(Settings.HANDLER.read(config, null, null));
    }

    /** A policy's settings: those {@code policy} sets, the others as {@code handler} has them. */
    public static MailGuardConfig inheriting(MailGuardConfig handler, Configuration policy, String where)
            throws ConfigurationException {
        Set<String> elements = new TreeSet<>(Settings.POLICY_SETTINGS.elements());
        for (Setting<?> setting : Settings.ALL) {
            if (setting.policyMayOverride()) {
                elements.add(setting.element());
            } else if (policy.containsKey(setting.element())) {
                throw new ConfigurationException(String.format("MailGuard: <%s> in %s: it applies to the whole listener,"
                    + " so only the handler element may set it", setting.element(), where));
            }
        }
        SettingGroup.rejectUnknown(policy, elements, Set.of(), where);
        return new MailGuardConfig(Settings.HANDLER.read(policy, where, handler.values));
    }

    public InspectionMode mode() {
        return get(Settings.MODE);
    }

    public boolean allowTls() {
        return get(Settings.ALLOW_TLS);
    }

    public VerbAllowlist allowlist() {
        return allowlist;
    }

    public BannerMode maskBanner() {
        return get(Settings.MASK_BANNER);
    }

    /** The host name the greeting announces; empty when it is James's {@code helloName}. */
    public Optional<String> bannerName() {
        return get(Settings.BANNER_NAME);
    }

    public boolean maskSoftwareName() {
        return get(Settings.MASK_SOFTWARE_NAME);
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
        return get(Settings.MAX_DATA);
    }

    public int maxRecipients() {
        return get(Settings.MAX_RECIPIENTS);
    }

    public int maxAddressLength() {
        return get(Settings.MAX_ADDRESS_LENGTH);
    }

    public MaliciousAddressAction maliciousAddressAction() {
        return get(Settings.MALICIOUS_ADDRESS_ACTION);
    }

    /** Octets a command line may have, CRLF included. */
    public int maxCommandLineLength() {
        return get(Settings.MAX_COMMAND_LINE_LENGTH);
    }

    /** Unknown or denied commands (and empty lines) a session may send before it is closed. */
    public int maxUnknownCommands() {
        return get(Settings.MAX_UNKNOWN_COMMANDS);
    }

    public boolean rejectBareCrInData() {
        return get(Settings.REJECT_BARE_CR_IN_DATA);
    }

    /** Milliseconds the greeting is held back; a client that talks in that time is disconnected. */
    public int greetingDelay() {
        return get(Settings.GREETING_DELAY);
    }

    public AuditFormat auditFormat() {
        return get(Settings.AUDIT_FORMAT);
    }

    /** IOS {@code alert}: whether anomaly records (all but 108007, TLS started) are written. */
    public boolean alert() {
        return get(Settings.ALERT);
    }

    /** IOS {@code audit-trail}: a record when each session starts and ends. */
    public boolean auditTrail() {
        return get(Settings.AUDIT_TRAIL);
    }

    /** Postfix {@code warn_if_reject}: rules that would refuse only write 108005; James gets everything unchanged. */
    public boolean dryRun() {
        return get(Settings.DRY_RUN);
    }

    /** Whether the session's violations never count as strikes for the penalty box. */
    public boolean penaltyBoxExempt() {
        return get(Settings.PENALTY_BOX_EXEMPT);
    }

    /** RFC 4954 section 4: AUTH neither advertised nor run before TLS. */
    public boolean authRequiresTls() {
        return get(Settings.AUTH_REQUIRES_TLS);
    }

    /** Failed AUTH exchanges after which the session is closed. */
    public int maxAuthFailures() {
        return get(Settings.MAX_AUTH_FAILURES);
    }

    /** The most events of {@code rate} one client may cause per minute; 0 for no limit. */
    public int maxRate(RateLimit rate) {
        switch (rate) {
            case CONNECTION:
                return get(Settings.MAX_CONNECTION_RATE);
            case MESSAGE:
                return get(Settings.MAX_MESSAGE_RATE);
            default:
                return get(Settings.MAX_RECIPIENT_RATE);
        }
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
            if (setting == Settings.ALLOW) {
                settings.put("verbs", List.copyOf(new TreeSet<>(allowlist.verbs())));
            } else if (setting == Settings.EHLO_KEYWORDS) {
                settings.put(setting.element(), List.copyOf(ehloKeywords));
            } else if (setting != Settings.DENY) {
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
