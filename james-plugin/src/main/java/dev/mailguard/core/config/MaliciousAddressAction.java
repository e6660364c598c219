package dev.mailguard.core.config;

import java.util.Arrays;
import java.util.Optional;

/** What happens to a session that sends a malicious MAIL or RCPT address (docs/reference.md, "Addresses"). */
public enum MaliciousAddressAction {
    /** Refuse the command (501) and keep the session. */
    REJECT("reject"),
    /** Refuse with 421 and close the connection (the ASA default). */
    DROP_CONNECTION("drop-connection");

    private final String configName;

    MaliciousAddressAction(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<MaliciousAddressAction> fromConfigName(String value) {
        return Arrays.stream(values()).filter(action -> action.configName.equals(value)).findFirst();
    }
}
