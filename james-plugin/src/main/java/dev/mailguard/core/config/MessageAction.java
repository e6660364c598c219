package dev.mailguard.core.config;

import java.util.Arrays;
import java.util.Optional;

/** What a message that matches one of the message rules gets (docs/reference.md, "Message rules"). */
public enum MessageAction {
    /** Refused at its end with 554 and the connection closed after the reply; a strike. */
    DROP_CONNECTION("drop-connection"),
    /** Refused at its end with 554; the session goes on. */
    REJECT("reject"),
    /** Delivered, and recorded as 108005. */
    LOG("log");

    private final String configName;

    MessageAction(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<MessageAction> fromConfigName(String value) {
        return Arrays.stream(values()).filter(action -> action.configName.equals(value)).findFirst();
    }
}
