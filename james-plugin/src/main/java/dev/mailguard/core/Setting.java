package dev.mailguard.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * One setting of the handler element: its element name, how it is written, its default, where it
 * applies and what it does. {@link Settings} declares them all; {@link MailGuardConfig} reads them,
 * and docs/reference.md and conf/smtpserver.xml are tested against them.
 */
public final class Setting<T> {
    /** Where a setting applies, and so whether a per-client {@code <policy>} may override it. */
    public enum Scope {
        /** Decides what happens in one session: a policy may set its own value. */
        SESSION,
        /** Fixed for the whole listener: a policy may not override it. */
        LISTENER
    }

    /** How many settings were declared before this one: its place in {@link Settings#ALL}. */
    private static int declared;

    private final int index;
    private final String element;
    private final Syntax<T> syntax;
    private final T defaultValue;
    private final boolean literalDefault;
    private final String documentedDefault;
    private final Scope scope;
    private final String description;

    private Setting(String element, Syntax<T> syntax, T defaultValue, boolean literalDefault, String documentedDefault,
                    Scope scope, String description) {
        this.index = declared++;
        this.element = element;
        this.syntax = syntax;
        this.defaultValue = defaultValue;
        this.literalDefault = literalDefault;
        this.documentedDefault = documentedDefault;
        this.scope = scope;
        this.description = description;
    }

    /** A setting whose default is a value it could be configured to; the documentation shows it as written. */
    static <T> Setting<T> of(String element, Scope scope, Syntax<T> syntax, T defaultValue, String description) {
        return new Setting<>(element, syntax, defaultValue, true, "`" + syntax.text(defaultValue) + "`", scope,
            description);
    }

    /**
     * A setting that, left out, has no value of its own ({@code whenAbsent}: no verbs, James's host
     * name), so the documentation describes its default in words.
     */
    static <T> Setting<T> unset(String element, Scope scope, Syntax<T> syntax, T whenAbsent, String documentedDefault,
                                String description) {
        return new Setting<>(element, syntax, whenAbsent, false, documentedDefault, scope, description);
    }

    /** The value configured for this setting, or its default when the element is absent. */
    T read(Configuration config) throws ConfigurationException {
        return read(config, defaultValue);
    }

    /** The value configured for this setting, or {@code inherited} when the element is absent (a policy's). */
    T read(Configuration config, T inherited) throws ConfigurationException {
        List<String> written = written(config);
        return written.isEmpty() ? inherited : syntax.read(element, written);
    }

    /** The element's values as written, an empty element being "" (getList would drop it). */
    private List<String> written(Configuration config) {
        Object property = config.getProperty(element);
        if (property == null) {
            return List.of();
        }
        if (property instanceof Collection) {
            return ((Collection<?>) property).stream().map(String::valueOf).collect(Collectors.toList());
        }
        return List.of(String.valueOf(property));
    }

    Object shown(T value) {
        return syntax.shown(value);
    }

    /** The setting's place among all declared, so that a configuration can keep its values in an array. */
    int index() {
        return index;
    }

    public String element() {
        return element;
    }

    /** The value when the element is absent. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as an element would hold it; empty when the default is no value (allow, deny, bannerName). */
    public Optional<String> defaultText() {
        return literalDefault ? Optional.of(syntax.text(defaultValue)) : Optional.empty();
    }

    /** The default cell of docs/reference.md's settings table, Markdown included. */
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
