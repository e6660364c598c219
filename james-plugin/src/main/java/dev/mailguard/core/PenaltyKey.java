package dev.mailguard.core;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Who the penalty box counts strikes against: an IPv4 client by its address, an IPv6 client by its
 * /64, the smallest network a provider gives one customer, so that a client cannot escape by
 * changing the low bits of its address.
 */
public final class PenaltyKey {
    /**
     * A dotted IPv4 address, or something with a colon (no host name has one), so that
     * {@link InetAddress#getByName} never looks a name up.
     */
    private static final Pattern LITERAL = Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]{1,44})(/64)?");

    private PenaltyKey() {
    }

    public static String of(InetAddress client) {
        if (client instanceof Inet4Address) {
            return client.getHostAddress();
        }
        byte[] octets = client.getAddress();
        StringBuilder key = new StringBuilder(24);
        for (int group = 0; group < 4; group++) {
            key.append(Integer.toHexString((octets[2 * group] & 0xff) << 8 | octets[2 * group + 1] & 0xff)).append(':');
        }
        return key.append(":/64").toString();
    }

    /**
     * The key of an address an administrator wrote (WebAdmin): an IPv4 address, an IPv6 address or
     * its /64 as the penalty list shows it.
     *
     * @throws IllegalArgumentException when it is not an IP address
     */
    public static String parse(String written) {
        if (!LITERAL.matcher(written).matches()) {
            throw new IllegalArgumentException("'" + written + "' is not an IPv4 or IPv6 address");
        }
        String address = written.endsWith("/64") ? written.substring(0, written.length() - 3) : written;
        try {
            return of(InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + written + "' is not an IPv4 or IPv6 address", e);
        }
    }
}
