package dev.mailguard.demo;

import java.util.List;
import java.util.Map;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.util.LoggingLevel;

/**
 * Reads James's XML configuration as usual, then sets the {@code <bind>} of the servers of the given
 * components (for example {@code smtpserver}), so the launcher chooses addresses and ports without
 * rewriting the administrator's files.
 *
 * <p>Servers are identified by position: the first bind given goes to the component's first server
 * element, the second to the second, and servers beyond the list keep their own {@code <bind>}.
 * Position, not {@code <jmxName>}, because it is the one identity James exposes both here and once
 * started: its server factory keeps the file's order, which is how {@link SmtpListenersProbe} reads
 * the bound ports back, so a renamed listener can never end up bound by one name and read by another.
 */
final class ListenAddressOverrides implements ConfigurationProvider {
    private final ConfigurationProvider delegate;
    private final Map<String, List<String>> bindsByComponent;

    ListenAddressOverrides(ConfigurationProvider delegate, Map<String, List<String>> bindsByComponent) {
        this.delegate = delegate;
        this.bindsByComponent = Map.copyOf(bindsByComponent);
    }

    @Override
    public HierarchicalConfiguration<ImmutableNode> getConfiguration(String component, LoggingLevel loggingLevelOnError)
            throws ConfigurationException {
        HierarchicalConfiguration<ImmutableNode> configuration = delegate.getConfiguration(component, loggingLevelOnError);
        List<String> binds = bindsByComponent.getOrDefault(component, List.of());
        int servers = Math.min(binds.size(), configuration.configurationsAt(component).size());
        for (int position = 0; position < servers; position++) {
            configuration.setProperty(component + "(" + position + ").bind", binds.get(position));
        }
        return configuration;
    }
}
