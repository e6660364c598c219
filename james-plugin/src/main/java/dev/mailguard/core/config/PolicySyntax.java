package dev.mailguard.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.ex.ConfigurationException;
import dev.mailguard.core.net.Cidr;

/**
 * How a {@code <policy>} element's own settings are written: its name and how it selects sessions.
 * Their mistakes are said as the administrator wrote the element, with the policy it is in.
 */
public final class PolicySyntax {
    /** Policy names go into metric names and record lines: no space, dot-separated parts like James's own metrics. */
    private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[\\s,]+");
    /** The name of the handler's own settings, as a policy that applies where no other does. */
    public static final String DEFAULT_POLICY_NAME = "default";

    private PolicySyntax() {
    }

    /** The policy's {@code name} attribute; absent, it reads as empty and is refused. */
    static Syntax<String> name() {
        return Syntax.single((element, where, written) -> {
            if (!POLICY_NAME.matcher(written).matches()) {
                throw new ConfigurationException(String.format("MailGuard: <policy name=\"%s\">: a policy needs a name of"
                    + " 1 to 64 letters, digits, '-' or '_'", written));
            }
            if (DEFAULT_POLICY_NAME.equals(written)) {
                throw new ConfigurationException(String.format("MailGuard: <policy name=\"%s\"> names the handler's own"
                    + " settings: choose another name", written));
            }
            return written;
        }, name -> name, name -> name);
    }

    /** IPv4 and IPv6 networks separated by spaces or commas, the element repeatable. */
    static Syntax<List<Cidr>> networks() {
        return new Syntax<>((element, where, written) -> {
            List<Cidr> networks = new ArrayList<>();
            for (String value : written) {
                String[] parts = LIST_SEPARATOR.split(value.trim());
                if (parts.length == 1 && parts[0].isEmpty()) {
                    throw new ConfigurationException("MailGuard: <" + element + "> in " + where + " is empty: give one or"
                        + " more networks such as 192.0.2.0/24 or 2001:db8::/32");
                }
                for (String network : parts) {
                    try {
                        networks.add(Cidr.parse(network));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigurationException("MailGuard: <" + element + ">" + network + "</" + element + "> in "
                            + where + ": " + e.getMessage());
                    }
                }
            }
            return List.copyOf(networks);
        }, networks -> networks.stream().map(Cidr::toString).collect(Collectors.joining(" ")),
            networks -> networks.stream().map(Cidr::toString).collect(Collectors.toList()));
    }

    /** {@code true} or {@code false} for a policy's own element, said as the element is written. */
    static Syntax<Boolean> flag() {
        return Syntax.single((element, where, written) -> {
            String value = written.trim();
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return Boolean.valueOf(value.toLowerCase(Locale.ROOT));
            }
            throw new ConfigurationException("MailGuard: <" + element + ">" + written + "</" + element + "> in " + where
                + ": expected true or false");
        }, String::valueOf, value -> value);
    }
}
