package dev.mailguard.demo;

import java.util.Map;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.util.LoggingLevel;

/**
 * Reads James's XML configuration as usual, then sets the {@code <bind>} of the first server of the
 * given components (for example {@code smtpserver}), so the launcher chooses addresses and ports
 * without rewriting the administrator's files.
 */
final class ListenAddressOverrides implements ConfigurationProvider {
    private final ConfigurationProvider delegate;
    private final Map<String, String> bindByComponent;

    ListenAddressOverrides(ConfigurationProvider delegate, Map<String, String> bindByComponent) {
        this.delegate = delegate;
        this.bindByComponent = Map.copyOf(bindByComponent);
    }

    @Override
    public HierarchicalConfiguration<ImmutableNode> getConfiguration(String component, LoggingLevel loggingLevelOnError)
            throws ConfigurationException {
        HierarchicalConfiguration<ImmutableNode> configuration = delegate.getConfiguration(component, loggingLevelOnError);
        String bind = bindByComponent.get(component);
        if (bind != null && !configuration.configurationsAt(component).isEmpty()) {
            configuration.setProperty(component + "(0).bind", bind);
        }
        return configuration;
    }
}
