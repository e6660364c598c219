package dev.mailguard.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * An IPv4 or IPv6 network as an administrator writes it: {@code 192.0.2.0/24}, {@code 2001:db8::/32}, or a
 * bare address for one host ({@code /32}, {@code /128}).
 *
 * <p>The address is read by {@link IpLiterals}: a value that is not a literal address is refused, never looked
 * up, so a host name in the configuration cannot make James's start wait on DNS. The address must be the
 * network itself: host bits set ({@code 10.1.2.3/8}) are an error naming the network meant, as Postfix warns
 * about them, because such a value is usually a typo for a narrower network. An IPv4-mapped IPv6 network
 * ({@code ::ffff:192.0.2.0/120}) is the IPv4 network ({@code 192.0.2.0/24}), as IPv4-mapped clients are
 * matched as IPv4 clients.
 */
public final class Cidr {
    private final boolean ipv4;
    /** The address's first 64 bits; 0 for IPv4. */
    private final long high;
    /** The address's last 64 bits; for IPv4, the address in the low 32. */
    private final long low;
    private final int prefixLength;

    private Cidr(boolean ipv4, long high, long low, int prefixLength) {
        this.ipv4 = ipv4;
        this.high = high;
        this.low = low;
        this.prefixLength = prefixLength;
    }

    /**
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String written = slash < 0 ? text : text.substring(0, slash);
        if (written.indexOf('%') >= 0) {
            throw invalid(text, "a zone index (%) has no place in a network");
        }
        InetAddress address = IpLiterals.parse(written);
        if (address == null) {
            throw invalid(text, "expected an IPv4 address (four numbers from 0 to 255, without leading zeros, which"
                + " some parsers read as octal) or an IPv6 address");
        }
        boolean ipv6 = written.indexOf(':') >= 0;
        int prefix = slash < 0 ? (ipv6 ? 128 : 32) : prefixLength(text, text.substring(slash + 1), ipv6 ? 128 : 32);
        ByteBuffer octets = ByteBuffer.wrap(address.getAddress());
        long high = 0;
        long low;
        if (address instanceof Inet4Address) {
            // written as IPv6, it was IPv4-mapped (::ffff:0:0/96), which the JDK hands back as IPv4
            low = octets.getInt() & 0xffff_ffffL | (ipv6 ? 0xffff_0000_0000L : 0);
        } else {
            high = octets.getLong();
            low = octets.getLong();
        }
        if (ipv6 && prefix >= 96 && high == 0 && low >>> 32 == 0xffffL) {
            ipv6 = false;
            low &= 0xffff_ffffL;
            prefix -= 96;
        }
        Cidr cidr = new Cidr(!ipv6, high, low, prefix);
        Cidr network = cidr.network();
        if (!network.equals(cidr)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set: the network is " + network);
        }
        return cidr;
    }

    public boolean isIpv4() {
        return ipv4;
    }

    public int prefixLength() {
        return prefixLength;
    }

    long high() {
        return high;
    }

    long low() {
        return low;
    }

    /** The mask of the first {@code length} of 64 bits. */
    static long mask(int length) {
        return length <= 0 ? 0 : -1L << (64 - Math.min(length, 64));
    }

    /** The mask of the high half of an IPv6 address for a prefix length. */
    static long highMask(int prefixLength) {
        return mask(prefixLength);
    }

    /** The mask of the low half of an IPv6 address for a prefix length. */
    static long lowMask(int prefixLength) {
        return mask(prefixLength - 64);
    }

    /** The mask of an IPv4 address (in the low 32 bits) for a prefix length. */
    static long ipv4Mask(int prefixLength) {
        return mask(prefixLength) >>> 32;
    }

    private Cidr network() {
        return ipv4 ? new Cidr(true, 0, low & ipv4Mask(prefixLength), prefixLength)
            : new Cidr(false, high & highMask(prefixLength), low & lowMask(prefixLength), prefixLength);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Cidr)) {
            return false;
        }
        Cidr that = (Cidr) other;
        return ipv4 == that.ipv4 && high == that.high && low == that.low && prefixLength == that.prefixLength;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high * 31 + low) * 31 + prefixLength * 2 + (ipv4 ? 1 : 0);
    }

    /** Canonical: {@link IpLiterals#format}, always with the prefix length. */
    @Override
    public String toString() {
        ByteBuffer octets = ipv4 ? ByteBuffer.allocate(4).putInt((int) low) : ByteBuffer.allocate(16).putLong(high).putLong(low);
        return IpLiterals.format(octets.array()) + "/" + prefixLength;
    }

    private static int prefixLength(String text, String prefix, int max) {
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(text, "the prefix length must be a number from 0 to " + max);
        }
        int length = Integer.parseInt(prefix);
        if (length > max) {
            throw invalid(text, "the prefix length must be a number from 0 to " + max);
        }
        return length;
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 network: " + reason);
    }
}
