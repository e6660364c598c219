package dev.mailguard.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * MailGuard's settings, read once from the handler element in smtpserver.xml and immutable after
 * that. Every setting has one element name and one default; anything else in the element, and any
 * value out of range, is a {@link ConfigurationException} naming the element and the value, so that
 * James refuses to start instead of running with a setting the administrator did not mean.
 */
public final class MailGuardConfig {
    static final String MODE = "mode";
    static final String ALLOW_TLS = "allowTls";
    static final String ALLOW = "allow";
    static final String DENY = "deny";
    static final String MASK_BANNER = "maskBanner";
    static final String BANNER_NAME = "bannerName";
    static final String MASK_SOFTWARE_NAME = "maskSoftwareName";
    static final String EHLO_KEYWORDS = "ehloKeywords";
    static final String MAX_DATA = "maxData";
    static final String MAX_RECIPIENTS = "maxRecipients";
    static final String MAX_ADDRESS_LENGTH = "maxAddressLength";
    static final String MALICIOUS_ADDRESS_ACTION = "maliciousAddressAction";
    static final String MAX_COMMAND_LINE_LENGTH = "maxCommandLineLength";
    static final String MAX_UNKNOWN_COMMANDS = "maxUnknownCommands";
    static final String REJECT_BARE_CR_IN_DATA = "rejectBareCrInData";
    static final String GREETING_DELAY = "greetingDelay";
    static final String AUDIT_FORMAT = "auditFormat";
    static final String ALERT = "alert";
    static final String DRY_RUN = "dryRun";
    static final String AUDIT_TRAIL = "auditTrail";
    static final Set<String> ELEMENTS = Set.of(MODE, ALLOW_TLS, ALLOW, DENY, MASK_BANNER, BANNER_NAME, MASK_SOFTWARE_NAME,
        EHLO_KEYWORDS, MAX_DATA, MAX_RECIPIENTS, MAX_ADDRESS_LENGTH, MALICIOUS_ADDRESS_ACTION,
        MAX_COMMAND_LINE_LENGTH, MAX_UNKNOWN_COMMANDS, REJECT_BARE_CR_IN_DATA, GREETING_DELAY,
        AUDIT_FORMAT, ALERT, DRY_RUN, AUDIT_TRAIL);

    public static final InspectionMode DEFAULT_MODE = InspectionMode.ESMTP;
    public static final boolean DEFAULT_ALLOW_TLS = true;
    public static final BannerMode DEFAULT_MASK_BANNER = BannerMode.HOSTNAME;
    /**
     * A domain name with at least one letter (so that no greeting can look like a reply code or the
     * Cisco mask), or an address literal.
     */
    private static final Pattern BANNER_NAME_SYNTAX = Pattern.compile(
        "(?=.*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?"
            + "|\\[[A-Za-z0-9.:-]{1,253}\\]");
    private static final int MAX_BANNER_NAME = 255;
    public static final boolean DEFAULT_MASK_SOFTWARE_NAME = true;
    /** The extensions IOS ESMTP inspection examines; STARTTLS is added when TLS is allowed. */
    public static final List<String> DEFAULT_EHLO_KEYWORDS = List.of(
        "SIZE", "PIPELINING", "8BITMIME", "BINARYMIME", "DSN", "ETRN", "AUTH", "ENHANCEDSTATUSCODES");
    /** IOS {@code max-data}. */
    public static final long DEFAULT_MAX_DATA = 20_000_000L;
    /** ASA {@code cmd RCPT count gt 100}. */
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    /** ASA {@code sender-address length gt 320}. */
    public static final int DEFAULT_MAX_ADDRESS_LENGTH = 320;
    public static final MaliciousAddressAction DEFAULT_MALICIOUS_ADDRESS_ACTION = MaliciousAddressAction.REJECT;
    /** RFC 5321 4.5.3.1.4 and ASA {@code cmd line length gt 512}: octets including CRLF. */
    public static final int DEFAULT_MAX_COMMAND_LINE_LENGTH = 512;
    /** James's framing layer cuts lines at 8192 octets before their terminator; MailGuard cannot allow more. */
    public static final int FRAMING_LINE_LIMIT = 8192;
    /** The shortest line that can carry a command: {@code QUIT<CRLF>}. */
    static final int MIN_COMMAND_LINE_LENGTH = 6;
    public static final int DEFAULT_MAX_UNKNOWN_COMMANDS = 20;
    public static final boolean DEFAULT_REJECT_BARE_CR_IN_DATA = true;
    /**
     * Milliseconds the 220 greeting waits for a client that talks first (postscreen's greet wait). At 0
     * it waits only until the input already received has been read, which catches clients that talk
     * at once without slowing those that wait.
     */
    public static final int DEFAULT_GREETING_DELAY = 0;
    public static final AuditFormat DEFAULT_AUDIT_FORMAT = AuditFormat.CISCO;
    /** IOS {@code alert}: anomaly records on. */
    public static final boolean DEFAULT_ALERT = true;
    public static final boolean DEFAULT_DRY_RUN = false;
    /** IOS {@code audit-trail}: off. */
    public static final boolean DEFAULT_AUDIT_TRAIL = false;
    /** Longer than this, clients time out before the greeting (RFC 5321 4.5.3.2.1 allows them 5 minutes, but few wait). */
    static final int MAX_GREETING_DELAY = 30_000;

    private final InspectionMode mode;
    private final boolean allowTls;
    private final VerbAllowlist allowlist;
    private final BannerMode maskBanner;
    /** Empty: James's {@code helloName}, which only James knows. */
    private final Optional<String> bannerName;
    private final boolean maskSoftwareName;
    private final Set<String> ehloKeywords;
    private final long maxData;
    private final int maxRecipients;
    private final int maxAddressLength;
    private final MaliciousAddressAction maliciousAddressAction;
    private final int maxCommandLineLength;
    private final int maxUnknownCommands;
    private final boolean rejectBareCrInData;
    private final int greetingDelay;
    private final AuditFormat auditFormat;
    private final boolean alert;
    private final boolean dryRun;
    private final boolean auditTrail;

    private MailGuardConfig(Configuration config) throws ConfigurationException {
        this.mode = readChoice(config, MODE, DEFAULT_MODE, InspectionMode::fromConfigName, "smtp or esmtp");
        this.allowTls = readBoolean(config, ALLOW_TLS, DEFAULT_ALLOW_TLS);
        this.allowlist = VerbAllowlist.of(mode, allowTls, readVerbs(config, ALLOW), readVerbs(config, DENY));
        this.maskBanner = readChoice(config, MASK_BANNER, DEFAULT_MASK_BANNER, BannerMode::fromConfigName,
            "hostname, asterisks or off (true means hostname, false means off)");
        this.bannerName = readBannerName(config);
        this.maskSoftwareName = readBoolean(config, MASK_SOFTWARE_NAME, DEFAULT_MASK_SOFTWARE_NAME);
        Set<String> keywords = new LinkedHashSet<>(readKeywords(config));
        if (allowlist.allows(VerbAllowlist.STARTTLS)) {
            keywords.add(VerbAllowlist.STARTTLS);
        } else {
            keywords.remove(VerbAllowlist.STARTTLS);
        }
        this.ehloKeywords = Collections.unmodifiableSet(keywords);
        this.maxData = readPositive(config, MAX_DATA, DEFAULT_MAX_DATA);
        this.maxRecipients = Math.toIntExact(readPositive(config, MAX_RECIPIENTS, DEFAULT_MAX_RECIPIENTS));
        this.maxAddressLength = Math.toIntExact(readPositive(config, MAX_ADDRESS_LENGTH, DEFAULT_MAX_ADDRESS_LENGTH));
        this.maliciousAddressAction = readChoice(config, MALICIOUS_ADDRESS_ACTION, DEFAULT_MALICIOUS_ADDRESS_ACTION,
            MaliciousAddressAction::fromConfigName, "reject or drop-connection");
        this.maxCommandLineLength = Math.toIntExact(readNumber(config, MAX_COMMAND_LINE_LENGTH,
            DEFAULT_MAX_COMMAND_LINE_LENGTH, MIN_COMMAND_LINE_LENGTH, FRAMING_LINE_LIMIT));
        this.maxUnknownCommands = Math.toIntExact(readPositive(config, MAX_UNKNOWN_COMMANDS, DEFAULT_MAX_UNKNOWN_COMMANDS));
        this.rejectBareCrInData = readBoolean(config, REJECT_BARE_CR_IN_DATA, DEFAULT_REJECT_BARE_CR_IN_DATA);
        this.greetingDelay = Math.toIntExact(readNumber(config, GREETING_DELAY, DEFAULT_GREETING_DELAY, 0, MAX_GREETING_DELAY));
        this.auditFormat = readChoice(config, AUDIT_FORMAT, DEFAULT_AUDIT_FORMAT, AuditFormat::fromConfigName, "cisco or json");
        this.alert = readBoolean(config, ALERT, DEFAULT_ALERT);
        this.dryRun = readBoolean(config, DRY_RUN, DEFAULT_DRY_RUN);
        this.auditTrail = readBoolean(config, AUDIT_TRAIL, DEFAULT_AUDIT_TRAIL);
    }

    public static MailGuardConfig defaults() {
        try {
            return new MailGuardConfig(new BaseConfiguration());
        } catch (ConfigurationException e) {
            throw new IllegalStateException("The defaults are valid", e);
        }
    }

    public static MailGuardConfig from(Configuration config) throws ConfigurationException {
        rejectUnknownElements(config);
        return new MailGuardConfig(config);
    }

    private static void rejectUnknownElements(Configuration config) throws ConfigurationException {
        for (Iterator<String> keys = config.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            if (key.startsWith("[@")) {
                continue; // attributes of the handler element itself, such as class
            }
            if (!ELEMENTS.contains(key)) {
                throw new ConfigurationException(String.format(
                    "MailGuard: unknown element <%s> in the handler configuration; known elements are %s",
                    key, ELEMENTS.stream().sorted().map(e -> "<" + e + ">").collect(Collectors.joining(", "))));
            }
        }
    }

    /** A one-value setting from a fixed set of lower-case names, matched case-insensitively. */
    private static <T> T readChoice(Configuration config, String element, T defaultValue,
                                    Function<String, Optional<T>> byName, String expected) throws ConfigurationException {
        Optional<String> value = single(config, element);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return byName.apply(value.get().trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> invalid(element, value.get(), expected));
    }

    private static boolean readBoolean(Configuration config, String element, boolean defaultValue) throws ConfigurationException {
        Optional<String> value = single(config, element);
        if (value.isEmpty()) {
            return defaultValue;
        }
        switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw invalid(element, value.get(), "true or false");
        }
    }

    /** A setting that takes one value: the same value twice is harmless, two values are an error. */
    private static Optional<String> single(Configuration config, String element) throws ConfigurationException {
        Set<String> values = new LinkedHashSet<>(values(config, element));
        if (values.size() > 1) {
            throw new ConfigurationException(String.format(
                "MailGuard: <%s> is configured more than once with different values (%s); it takes one value",
                element, values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(" and "))));
        }
        return values.stream().findFirst();
    }

    private static List<String> readVerbs(Configuration config, String element) throws ConfigurationException {
        List<String> verbs = new ArrayList<>();
        for (String value : values(config, element)) {
            String verb = value.trim();
            if (!Verbs.isValid(verb)) {
                throw invalid(element, value, "one SMTP verb per element: a letter, then letters, digits or '-'");
            }
            verbs.add(Verbs.toUpperAscii(verb));
        }
        return verbs;
    }

    private static Optional<String> readBannerName(Configuration config) throws ConfigurationException {
        Optional<String> value = single(config, BANNER_NAME);
        if (value.isEmpty()) {
            return value;
        }
        String name = value.get().trim();
        if (name.length() > MAX_BANNER_NAME || !BANNER_NAME_SYNTAX.matcher(name).matches()) {
            throw invalid(BANNER_NAME, value.get(), "a host name with at least one letter (such as mx.example.org) or an"
                + " address literal (such as [192.0.2.1]), at most " + MAX_BANNER_NAME + " characters");
        }
        return Optional.of(name);
    }

    private static List<String> readKeywords(Configuration config) throws ConfigurationException {
        Optional<String> value = single(config, EHLO_KEYWORDS);
        if (value.isEmpty()) {
            return DEFAULT_EHLO_KEYWORDS;
        }
        List<String> keywords = new ArrayList<>();
        for (String keyword : value.get().trim().split("[\\s,]+")) {
            if (!Verbs.isKeyword(keyword)) {
                throw invalid(EHLO_KEYWORDS, value.get(), "EHLO keywords separated by spaces, each letters, digits or '-'");
            }
            keywords.add(Verbs.toUpperAscii(keyword));
        }
        return keywords;
    }

    private static long readPositive(Configuration config, String element, long defaultValue) throws ConfigurationException {
        return readNumber(config, element, defaultValue, 1, Integer.MAX_VALUE);
    }

    private static long readNumber(Configuration config, String element, long defaultValue, long min, long max)
            throws ConfigurationException {
        Optional<String> value = single(config, element);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long number = Long.parseLong(value.get().trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(element, value.get(), "a whole number from " + min + " to " + max);
    }

    /** The element's values as written, an empty element being "" (getList would drop it). */
    private static List<String> values(Configuration config, String element) {
        Object property = config.getProperty(element);
        if (property == null) {
            return List.of();
        }
        if (property instanceof Collection) {
            return ((Collection<?>) property).stream().map(String::valueOf).collect(Collectors.toList());
        }
        return List.of(String.valueOf(property));
    }

    private static ConfigurationException invalid(String element, String value, String expected) {
        return new ConfigurationException(String.format(
            "MailGuard: invalid value '%s' for <%s>: expected %s", value, element, expected));
    }

    public InspectionMode mode() {
        return mode;
    }

    public boolean allowTls() {
        return allowTls;
    }

    public VerbAllowlist allowlist() {
        return allowlist;
    }

    public BannerMode maskBanner() {
        return maskBanner;
    }

    /** The host name the greeting announces; empty when it is James's {@code helloName}. */
    public Optional<String> bannerName() {
        return bannerName;
    }

    public boolean maskSoftwareName() {
        return maskSoftwareName;
    }

    /** Upper-case EHLO keywords that may be advertised; STARTTLS only when the allowlist has it. */
    public Set<String> ehloKeywords() {
        return ehloKeywords;
    }

    public long maxData() {
        return maxData;
    }

    public int maxRecipients() {
        return maxRecipients;
    }

    public int maxAddressLength() {
        return maxAddressLength;
    }

    public MaliciousAddressAction maliciousAddressAction() {
        return maliciousAddressAction;
    }

    /** Octets a command line may have, CRLF included. */
    public int maxCommandLineLength() {
        return maxCommandLineLength;
    }

    /** Unknown or denied commands (and empty lines) a session may send before it is closed. */
    public int maxUnknownCommands() {
        return maxUnknownCommands;
    }

    public boolean rejectBareCrInData() {
        return rejectBareCrInData;
    }

    /** Milliseconds the greeting is held back; a client that talks in that time is disconnected. */
    public int greetingDelay() {
        return greetingDelay;
    }

    public AuditFormat auditFormat() {
        return auditFormat;
    }

    /** IOS {@code alert}: whether anomaly records (all but 108007, TLS started) are written. */
    public boolean alert() {
        return alert;
    }

    /** IOS {@code audit-trail}: a record when each session starts and ends. */
    public boolean auditTrail() {
        return auditTrail;
    }

    /** Postfix {@code warn_if_reject}: rules that would refuse only write 108005; James gets everything unchanged. */
    public boolean dryRun() {
        return dryRun;
    }

    /** Whether this configuration writes the record: anomalies only with {@code alert}. */
    public boolean writes(AuditRecord record) {
        return alert || !record.isAnomaly();
    }

    /**
     * Every setting by its element name with the value in effect (defaults included; the verbs and
     * EHLO keywords as resolved from mode, allow, deny and allowTls), for the log and the status route.
     */
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(MODE, mode.configName());
        settings.put(ALLOW_TLS, allowTls);
        settings.put("verbs", List.copyOf(new TreeSet<>(allowlist.verbs())));
        settings.put(MASK_BANNER, maskBanner.configName());
        settings.put(BANNER_NAME, bannerName.orElse(null)); // null: James's helloName
        settings.put(MASK_SOFTWARE_NAME, maskSoftwareName);
        settings.put(EHLO_KEYWORDS, List.copyOf(ehloKeywords));
        settings.put(MAX_DATA, maxData);
        settings.put(MAX_RECIPIENTS, maxRecipients);
        settings.put(MAX_ADDRESS_LENGTH, maxAddressLength);
        settings.put(MALICIOUS_ADDRESS_ACTION, maliciousAddressAction.configName());
        settings.put(MAX_COMMAND_LINE_LENGTH, maxCommandLineLength);
        settings.put(MAX_UNKNOWN_COMMANDS, maxUnknownCommands);
        settings.put(REJECT_BARE_CR_IN_DATA, rejectBareCrInData);
        settings.put(GREETING_DELAY, greetingDelay);
        settings.put(AUDIT_FORMAT, auditFormat.configName());
        settings.put(ALERT, alert);
        settings.put(DRY_RUN, dryRun);
        settings.put(AUDIT_TRAIL, auditTrail);
        return Collections.unmodifiableMap(settings);
    }

    @Override
    public String toString() {
        return settings().entrySet().stream().map(setting -> setting.getKey() + "=" + setting.getValue())
            .collect(Collectors.joining(" "));
    }
}
