package dev.mailguard.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
    private static final Set<String> ELEMENTS = Set.of(MODE, ALLOW_TLS, ALLOW, DENY);

    public static final InspectionMode DEFAULT_MODE = InspectionMode.ESMTP;
    public static final boolean DEFAULT_ALLOW_TLS = true;

    private final InspectionMode mode;
    private final boolean allowTls;
    private final VerbAllowlist allowlist;

    private MailGuardConfig(InspectionMode mode, boolean allowTls, List<String> allow, List<String> deny) {
        this.mode = mode;
        this.allowTls = allowTls;
        this.allowlist = VerbAllowlist.of(mode, allowTls, allow, deny);
    }

    public static MailGuardConfig defaults() {
        return new MailGuardConfig(DEFAULT_MODE, DEFAULT_ALLOW_TLS, List.of(), List.of());
    }

    public static MailGuardConfig from(Configuration config) throws ConfigurationException {
        rejectUnknownElements(config);
        return new MailGuardConfig(
            readMode(config),
            readBoolean(config, ALLOW_TLS, DEFAULT_ALLOW_TLS),
            readVerbs(config, ALLOW),
            readVerbs(config, DENY));
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

    private static InspectionMode readMode(Configuration config) throws ConfigurationException {
        Optional<String> value = single(config, MODE);
        if (value.isEmpty()) {
            return DEFAULT_MODE;
        }
        return InspectionMode.fromConfigName(value.get().trim().toLowerCase(Locale.ROOT))
            .orElseThrow(() -> invalid(MODE, value.get(), "smtp or esmtp"));
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

    @Override
    public String toString() {
        return "mode=" + mode.configName() + " allowTls=" + allowTls + " verbs=" + allowlist.verbs();
    }
}
