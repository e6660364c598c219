package dev.mailguard.core.config;

import java.util.Arrays;
import java.util.Optional;

import org.apache.commons.lang3.StringUtils;

/**
 * What the 220 greeting says ({@code maskBanner}). It must hide the software, its version and
 * internal host names without making a conforming client change what it does: Postfix's SMTP
 * client takes a greeting made only of {@code 2}, {@code 0}, spaces and {@code *} for a Cisco PIX
 * and then never says EHLO nor starts TLS, which is why the Cisco mask is not the default.
 */
public enum BannerMode {
    /** {@code 220 NAME ESMTP} ({@code 220 NAME} in smtp mode): a greeting like any other server's. */
    HOSTNAME("hostname"),
    /** {@code 220 ****}: the Cisco mask, which Postfix clients answer by giving up ESMTP and TLS. */
    ASTERISKS("asterisks"),
    /** James's greeting as it is. */
    OFF("off");

    private final String configName;

    BannerMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The setting's values; {@code true} and {@code false} are the names it had when it was a switch. */
    public static Optional<BannerMode> fromConfigName(String value) {
        if ("true".equals(value)) {
            return Optional.of(HOSTNAME);
        }
        if ("false".equals(value)) {
            return Optional.of(OFF);
        }
        return Arrays.stream(values()).filter(mode -> mode.configName.equals(value)).findFirst();
    }

    /**
     * The text after {@code 220 } that replaces one line of James's greeting (James greets in one
     * line; the Cisco mask works line by line all the same).
     *
     * @param name the host name to announce ({@code bannerName}, or James's {@code helloName})
     */
    public String greetingText(CharSequence jamesText, String name, InspectionMode mode) {
        switch (this) {
            case HOSTNAME:
                return mode == InspectionMode.ESMTP ? name + " ESMTP" : name;
            case ASTERISKS:
                return StringUtils.repeat('*', jamesText.length());
            default:
                return jamesText.toString();
        }
    }
}
