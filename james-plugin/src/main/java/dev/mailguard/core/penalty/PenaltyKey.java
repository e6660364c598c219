package dev.mailguard.core.penalty;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import dev.mailguard.core.net.IpLiterals;

/**
 * Who the penalty box counts strikes against: an IPv4 client by its address, an IPv6 client by its
 * /64, the smallest network a provider gives one customer, so that a client cannot escape by
 * changing the low bits of its address. The key is the address or the /64 as {@link IpLiterals}
 * writes it ({@code 192.0.2.1}, {@code 2001:db8::/64}): stores, records and the penalty list use it
 * as it is.
 */
public final class PenaltyKey {
    private static final String SLASH_64 = "/64";

    private PenaltyKey() {
    }

    public static String of(InetAddress client) {
        if (client instanceof Inet4Address) {
            return client.getHostAddress();
        }
        byte[] octets = client.getAddress();
        InetAddress plain = address(octets);
        if (plain instanceof Inet4Address) {
            // an IPv4-mapped Inet6Address, which the JDK does not make but a caller may: counted as its IPv4 client
            return plain.getHostAddress();
        }
        Arrays.fill(octets, 8, 16, (byte) 0);
        return IpLiterals.format(octets) + SLASH_64;
    }

    /**
     * The key of an address an administrator wrote (WebAdmin): an IPv4 address, an IPv6 address or
     * its /64 as the penalty list shows it.
     *
     * @throws IllegalArgumentException when it is not an IP address
     */
    public static String parse(String written) {
        boolean slash64 = written.endsWith(SLASH_64);
        InetAddress address = IpLiterals.parse(slash64 ? written.substring(0, written.length() - SLASH_64.length()) : written);
        if (address == null || slash64 && address instanceof Inet4Address) {
            throw new IllegalArgumentException("'" + written + "' is not an IPv4 or IPv6 address");
        }
        return of(address);
    }

    /** An IPv4-mapped address comes back as the {@link Inet4Address} it carries. */
    private static InetAddress address(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("An IP address has 4 or 16 octets, not " + octets.length, e);
        }
    }
}
