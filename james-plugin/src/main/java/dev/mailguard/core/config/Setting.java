package dev.mailguard.core.config;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * One setting of a MailGuard element (the handler, a {@code <policy>}, the {@code <penaltyBox>}):
 * its element name, how it is written, its default, where it applies and what it does.
 * {@link Settings} declares them all, in groups; {@link SettingGroup} reads them, and
 * docs/reference.md and conf/ are tested against them.
 */
public final class Setting<T> {
    /** Where a setting applies, and so which element may hold it. */
    public enum Scope {
        /** Decides what happens in one session: a policy may set its own value. */
        SESSION,
        /** Fixed for the whole listener: a policy may not override it. */
        LISTENER,
        /** Says which sessions a {@code <policy>} applies to: only a policy holds it. */
        POLICY
    }

    /** Set once, by the one {@link SettingGroup} that lists the setting: its place in that list. */
    private int index = -1;
    private final String element;
    private final boolean attribute;
    private final Syntax<T> syntax;
    private final T defaultValue;
    private final boolean literalDefault;
    private final String documentedDefault;
    private final Scope scope;
    private final String description;

    private Setting(String element, boolean attribute, Syntax<T> syntax, T defaultValue, boolean literalDefault,
                    String documentedDefault, Scope scope, String description) {
        this.element = element;
        this.attribute = attribute;
        this.syntax = syntax;
        this.defaultValue = defaultValue;
        this.literalDefault = literalDefault;
        this.documentedDefault = documentedDefault;
        this.scope = scope;
        this.description = description;
    }

    /** A setting whose default is a value it could be configured to; the documentation shows it as written. */
    static <T> Setting<T> of(String element, Scope scope, Syntax<T> syntax, T defaultValue, String description) {
        return new Setting<>(element, false, syntax, defaultValue, true, "`" + syntax.text(defaultValue) + "`", scope,
            description);
    }

    /**
     * A setting that, left out, has no value of its own ({@code whenAbsent}: no verbs, James's host
     * name), so the documentation describes its default in words.
     */
    static <T> Setting<T> unset(String element, Scope scope, Syntax<T> syntax, T whenAbsent, String documentedDefault,
                                String description) {
        return new Setting<>(element, false, syntax, whenAbsent, false, documentedDefault, scope, description);
    }

    /** An attribute of the element rather than a child element, that must be given: absent, it reads as empty. */
    static <T> Setting<T> requiredAttribute(String name, Scope scope, Syntax<T> syntax, String description) {
        return new Setting<>(name, true, syntax, null, false, "none: required", scope, description);
    }

    /**
     * The value {@code config} gives this setting, or {@code inherited} when it gives none (the
     * default, or for a policy the handler's value); a mistake names {@code where} unless that is
     * the handler itself (null).
     */
    public T read(Configuration config, String where, T inherited) throws ConfigurationException {
        List<String> written = written(config);
        if (written.isEmpty()) {
            if (!attribute) {
                return inherited;
            }
            written = List.of("");
        }
        return syntax.read(element, where, written);
    }

    /** The element's values as written, an empty element being "" (getList would drop it). */
    private List<String> written(Configuration config) {
        Object property = config.getProperty(key());
        if (property == null) {
            return List.of();
        }
        if (property instanceof Collection) {
            return ((Collection<?>) property).stream().map(String::valueOf).collect(Collectors.toList());
        }
        return List.of(String.valueOf(property));
    }

    /** The configuration key: the element's name, or {@code [@name]} for an attribute. */
    String key() {
        return attribute ? "[@" + element + "]" : element;
    }

    void placeAt(int place) {
        if (index >= 0) {
            throw new IllegalStateException(element + " is listed in two groups");
        }
        index = place;
    }

    Object shown(T value) {
        return syntax.shown(value);
    }

    /** The setting's place in its group, so that values can be kept in an array read for every line. */
    int index() {
        return index;
    }

    public String element() {
        return element;
    }

    /** Whether it is written as an attribute of the element ({@code <policy name="...">}). */
    public boolean isAttribute() {
        return attribute;
    }

    /** The value when the element is absent. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as an element would hold it; empty when the default is no value (allow, deny, bannerName). */
    public Optional<String> defaultText() {
        return literalDefault ? Optional.of(syntax.text(defaultValue)) : Optional.empty();
    }

    /** The default cell of docs/reference.md's table for the setting's element, Markdown included. */
    public String documentedDefault() {
        return documentedDefault;
    }

    public Scope scope() {
        return scope;
    }

    /** Whether a per-client {@code <policy>} may set its own value. */
    public boolean policyMayOverride() {
        return scope == Scope.SESSION;
    }

    /** One line saying what the setting does. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return element;
    }
}
