package dev.mailguard.demo;

import java.io.FileNotFoundException;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;
import org.apache.james.utils.PropertiesProvider;

/** Reads webadmin.properties as usual, then sets its host and port to the launcher's choice. */
final class WebAdminListenOverride extends PropertiesProvider {
    private static final String WEBADMIN = "webadmin";

    private final String host;
    private final int port;

    WebAdminListenOverride(FileSystem fileSystem, ConfigurationPath configurationPath, String host, int port) {
        super(fileSystem, configurationPath);
        this.host = host;
        this.port = port;
    }

    @Override
    public Configuration getConfiguration(String fileName) throws FileNotFoundException, ConfigurationException {
        Configuration configuration = super.getConfiguration(fileName);
        if (WEBADMIN.equals(fileName)) {
            configuration.setProperty("host", host);
            configuration.setProperty("port", port);
        }
        return configuration;
    }
}
