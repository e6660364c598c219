package dev.mailguard.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import com.google.common.net.InetAddresses;

/**
 * IP address literals, read and written one way for client networks, penalty keys and the WebAdmin paths
 * naming them, with the Guava James ships. Reading never resolves a name, so a host name is refused rather
 * than looked up; writing follows RFC 5952 ({@code 2001:db8::1}), so one address has one text.
 */
public final class IpLiterals {
    /** Guava 31.1 also reads non-ASCII digits ({@code ١٩٢.0.2.1}) and zone indexes ({@code %eth0}). */
    private static final Pattern ASCII_LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

    private IpLiterals() {
    }

    /**
     * An IPv4 address ({@code inet_pton}'s four decimal parts, no leading zeros, which some parsers read as
     * octal) or an IPv6 address (RFC 4291 text, a dotted IPv4 tail allowed). IPv4-mapped IPv6
     * ({@code ::ffff:192.0.2.1}) comes back as the {@link java.net.Inet4Address} it carries, as the JDK gives it.
     *
     * @return null when {@code text} is not such a literal
     */
    public static InetAddress parse(String text) {
        if (!ASCII_LITERAL.matcher(text).matches() || !InetAddresses.isInetAddress(text)) {
            return null;
        }
        return InetAddresses.forString(text);
    }

    /** Dotted IPv4 for 4 octets; RFC 5952 IPv6 for 16, IPv4-mapped ones included (never turned into IPv4). */
    public static String format(byte[] octets) {
        try {
            InetAddress address = octets.length == 16 ? Inet6Address.getByAddress(null, octets, -1) : InetAddress.getByAddress(octets);
            return InetAddresses.toAddrString(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("An IP address has 4 or 16 octets, not " + octets.length, e);
        }
    }
}
