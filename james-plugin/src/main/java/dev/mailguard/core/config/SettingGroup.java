package dev.mailguard.core.config;

import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * The settings of one kind of MailGuard element (the handler, a {@code <policy>}, the
 * {@code <penaltyBox>}) in document order, and the one reader of such an element: every element and
 * value it does not understand is a {@link ConfigurationException} naming the element and the value,
 * so that James stops at start rather than run with a setting nobody meant.
 */
public final class SettingGroup {
    private final String name;
    private final List<Setting<?>> settings;

    /** The list is the one place the settings' order, and so each one's index, comes from. */
    SettingGroup(String name, List<Setting<?>> settings) {
        this.name = name;
        this.settings = List.copyOf(settings);
        for (int place = 0; place < this.settings.size(); place++) {
            this.settings.get(place).placeAt(place);
        }
    }

    /** The element these settings go in: {@code handler}, {@code policy} or {@code penaltyBox}. */
    public String name() {
        return name;
    }

    /** In document order, the order docs/reference.md and conf/ list them and the order they are read in. */
    public List<Setting<?>> settings() {
        return settings;
    }

    /**
     * The values {@code element} gives, in place of {@code inherited}'s (the defaults when null), read
     * in document order so that the first bad one is reported; mistakes name {@code where} (null: the
     * handler itself). Unknown elements are {@link #rejectUnknown}'s to find.
     */
    public Values read(Configuration element, String where, Values inherited) throws ConfigurationException {
        Object[] values = new Object[settings.size()];
        for (Setting<?> setting : settings) {
            values[setting.index()] = readOne(setting, element, where, inherited);
        }
        return new Values(this, values);
    }

    /** Values given in code rather than read from an element; a setting not in {@code given} has its default. */
    public Values given(Map<? extends Setting<?>, ?> given) {
        Object[] values = new Object[settings.size()];
        for (Setting<?> setting : settings) {
            values[setting.index()] = given.containsKey(setting) ? given.get(setting) : setting.defaultValue();
        }
        return new Values(this, values);
    }

    private static <T> T readOne(Setting<T> setting, Configuration element, String where, Values inherited)
            throws ConfigurationException {
        return setting.read(element, where, inherited == null ? setting.defaultValue() : inherited.get(setting));
    }

    /** The names of the settings written as child elements. */
    public Set<String> elements() {
        return settings.stream().filter(setting -> !setting.isAttribute()).map(Setting::element)
            .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Refuses any child of {@code element} that is neither one of {@code known} nor one of
     * {@code groups}, the elements read as groups of their own, whose content is theirs to check.
     */
    public static void rejectUnknown(Configuration element, Collection<String> known, Collection<String> groups, String where)
            throws ConfigurationException {
        Set<String> listed = new TreeSet<>(known);
        listed.addAll(groups);
        for (Iterator<String> keys = element.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            if (key.isEmpty() || key.startsWith("[@")) {
                continue; // an empty element's own text, or the element's attributes (class, name)
            }
            String child = key.split("[.\\[]", 2)[0];
            if (groups.contains(child)) {
                continue;
            }
            // a setting is plain text: anything under one of them is named in full (<mode.nested>)
            String unknown = known.contains(child) ? key : child;
            if (!known.contains(unknown)) {
                throw new ConfigurationException(String.format("MailGuard: unknown element <%s> in %s; known elements are %s",
                    unknown, where == null ? "the handler configuration" : where,
                    listed.stream().map(e -> "<" + e + ">").collect(Collectors.joining(", "))));
            }
        }
    }

    /** The {@code <child>} elements of {@code element}, in document order. */
    public static List<? extends HierarchicalConfiguration<?>> children(Configuration element, String child) {
        return element instanceof HierarchicalConfiguration
            ? ((HierarchicalConfiguration<?>) element).configurationsAt(child) : List.of();
    }

    @Override
    public String toString() {
        return name;
    }

    /** One element's values, each at its setting's index: an array, since some are read for every line. */
    public static final class Values {
        private final SettingGroup group;
        private final Object[] values;

        private Values(SettingGroup group, Object[] values) {
            this.group = group;
            this.values = values;
        }

        @SuppressWarnings("unchecked") // read() puts each value at its own setting's index
        public <T> T get(Setting<T> setting) {
            int index = setting.index();
            if (index < 0 || index >= values.length || group.settings.get(index) != setting) {
                throw new IllegalArgumentException(setting + " is not a setting of <" + group + ">");
            }
            return (T) values[index];
        }

        /** Every setting by its element name with its value as the status route shows it, in document order. */
        public Map<String, Object> shown() {
            Map<String, Object> shown = new LinkedHashMap<>();
            for (Setting<?> setting : group.settings) {
                shown.put(setting.element(), shownValue(setting));
            }
            return Collections.unmodifiableMap(shown);
        }

        private <T> Object shownValue(Setting<T> setting) {
            return setting.shown(get(setting));
        }
    }
}
