package dev.mailguard.core;

/**
 * An IPv4 or IPv6 network as an administrator writes it: {@code 192.0.2.0/24}, {@code 2001:db8::/32}, or a
 * bare address for one host ({@code /32}, {@code /128}).
 *
 * <p>Parsed by hand: a value that is not a literal address is refused, never looked up, so a host name in the
 * configuration cannot make James's start wait on DNS. The address must be the network itself: host bits set
 * ({@code 10.1.2.3/8}) are an error naming the network meant, as Postfix warns about them, because such a
 * value is usually a typo for a narrower network. IPv4 is strict in the way of {@code inet_pton}: four decimal
 * parts, no leading zeros ({@code 010} is octal to some parsers). An IPv4-mapped IPv6 network
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
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean ipv6 = address.indexOf(':') >= 0;
        long[] bits = ipv6 ? ipv6(text, address) : new long[] {0, ipv4(text, address)};
        int max = ipv6 ? 128 : 32;
        int prefix = slash < 0 ? max : prefixLength(text, text.substring(slash + 1), max);
        if (ipv6 && prefix >= 96 && bits[0] == 0 && bits[1] >>> 32 == 0xffffL) {
            ipv6 = false;
            bits[1] &= 0xffff_ffffL;
            prefix -= 96;
        }
        Cidr written = new Cidr(!ipv6, bits[0], bits[1], prefix);
        Cidr network = written.network();
        if (!network.equals(written)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set: the network is " + network);
        }
        return written;
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

    /** Canonical: dotted IPv4, IPv6 compressed as RFC 5952 recommends, always with the prefix length. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(ipv4 ? 18 : 43);
        if (ipv4) {
            appendIpv4(text, low);
        } else {
            appendIpv6(text, high, low);
        }
        return text.append('/').append(prefixLength).toString();
    }

    private static void appendIpv4(StringBuilder text, long address) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            text.append((address >>> shift) & 0xff).append(shift > 0 ? "." : "");
        }
    }

    private static void appendIpv6(StringBuilder text, long high, long low) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (int) (((i < 4 ? high : low) >>> (48 - 16 * (i % 4))) & 0xffff);
        }
        // the longest run of two or more zero groups, the first of equal runs, becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = Math.max(i, end);
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
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

    /** The address in the low 32 bits. */
    private static long ipv4(String text, String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw invalid(text, "expected an IPv4 address (four decimal numbers separated by dots) or an IPv6 address");
        }
        long value = 0;
        for (String part : parts) {
            value = value << 8 | ipv4Part(text, part);
        }
        return value;
    }

    private static int ipv4Part(String text, String part) {
        if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(text, "expected an IPv4 address (four decimal numbers separated by dots) or an IPv6 address");
        }
        if (part.length() > 1 && part.charAt(0) == '0') {
            throw invalid(text, "'" + part + "' has a leading zero, which some parsers read as octal");
        }
        int value = Integer.parseInt(part);
        if (value > 255) {
            throw invalid(text, "'" + part + "' is over 255");
        }
        return value;
    }

    /** The address as {high, low}. */
    private static long[] ipv6(String text, String address) {
        if (address.indexOf('%') >= 0) {
            throw invalid(text, "a zone index (%) has no place in a network");
        }
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            throw invalid(text, "'::' may appear once only");
        }
        int[] head = gap < 0 ? groups(text, address, true) : groups(text, address.substring(0, gap), false);
        int[] tail = gap < 0 ? new int[0] : groups(text, address.substring(gap + 2), true);
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            throw invalid(text, "an IPv6 address has eight groups of up to four hex digits, or fewer with '::'");
        }
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = high << 16 | all[i];
            low = low << 16 | all[i + 4];
        }
        return new long[] {high, low};
    }

    /** Colon-separated hex groups; where {@code last}, the final group may be a dotted IPv4 address (two groups). */
    private static int[] groups(String text, String part, boolean last) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] written = part.split(":", -1);
        boolean dotted = last && written[written.length - 1].indexOf('.') >= 0;
        int[] groups = new int[written.length + (dotted ? 1 : 0)];
        for (int i = 0; i < written.length; i++) {
            String group = written[i];
            if (dotted && i == written.length - 1) {
                long ipv4 = ipv4(text, group);
                groups[i] = (int) (ipv4 >>> 16);
                groups[i + 1] = (int) (ipv4 & 0xffff);
            } else if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(Cidr::isHexDigit)) {
                throw invalid(text, "an IPv6 address has eight groups of up to four hex digits, or fewer with '::'");
            } else {
                groups[i] = Integer.parseInt(group, 16);
            }
        }
        return groups;
    }

    private static boolean isHexDigit(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 network: " + reason);
    }
}
