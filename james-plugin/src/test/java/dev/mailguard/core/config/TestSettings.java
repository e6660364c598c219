package dev.mailguard.core.config;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/** A configuration for the rules' tests from {@code "name=value name=value"}; empty for the defaults. */
public final class TestSettings {
    private TestSettings() {
    }

    public static MailGuardConfig of(String settings) throws ConfigurationException {
        BaseConfiguration configuration = new BaseConfiguration();
        for (String setting : settings.split(" ")) {
            if (!setting.isEmpty()) {
                configuration.addProperty(setting.split("=")[0], setting.split("=")[1]);
            }
        }
        return MailGuardConfig.from(configuration);
    }
}
