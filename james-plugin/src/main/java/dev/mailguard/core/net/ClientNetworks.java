package dev.mailguard.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which policy a client address selects: the first policy, in the order given, with a network that contains
 * the address; {@code -1} when none has. Overlapping networks are fine (the first policy wins); the same
 * network in two policies is refused when the table is built, as only one of them could ever apply to it.
 *
 * <p>Runs on every new connection, so a lookup allocates nothing (but see {@link #policyFor(InetAddress)} for
 * IPv6): per address family, one open-addressing hash table of masked networks per prefix length present; a
 * lookup masks the address once per length and keeps the lowest policy index found. IPv4-mapped IPv6
 * addresses ({@code ::ffff:192.0.2.1}) are looked up as the IPv4 address they carry, as James may give a
 * client in either form; IPv6 networks, {@code ::/0} included, hold IPv6 clients only.
 */
public final class ClientNetworks {
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;
    private static final long SECOND = 0xC2B2_AE3D_27D4_EB4FL;

    private final Level[] ipv4;
    private final Level[] ipv6;

    private ClientNetworks(Level[] ipv4, Level[] ipv6) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /**
     * @param networksByPolicy each policy's networks, by policy index (a policy without networks has an empty
     *        collection); a network listed twice in one policy is harmless
     * @throws IllegalArgumentException when a network is in two policies, naming it and both indexes
     */
    public static ClientNetworks of(List<? extends Collection<Cidr>> networksByPolicy) {
        Map<Cidr, Integer> policyOf = new HashMap<>();
        TreeMap<Integer, Map<Cidr, Integer>> ipv4 = new TreeMap<>();
        TreeMap<Integer, Map<Cidr, Integer>> ipv6 = new TreeMap<>();
        for (int policy = 0; policy < networksByPolicy.size(); policy++) {
            for (Cidr network : networksByPolicy.get(policy)) {
                Integer earlier = policyOf.putIfAbsent(network, policy);
                if (earlier != null && earlier != policy) {
                    throw new IllegalArgumentException(
                        "the network " + network + " is in policy " + earlier + " and in policy " + policy);
                }
                (network.isIpv4() ? ipv4 : ipv6).computeIfAbsent(network.prefixLength(), length -> new HashMap<>())
                    .putIfAbsent(network, policy);
            }
        }
        return new ClientNetworks(levels(ipv4), levels(ipv6));
    }

    /**
     * The lowest index of a policy with a network containing {@code address}, or {@code -1}. Allocates nothing
     * for an {@link Inet4Address}; for an IPv6 address, the one copy of its 16 octets that
     * {@link InetAddress#getAddress()} makes (32 bytes; the JDK has no other public way to read them), small
     * beside what James and Netty allocate for the connection.
     */
    public int policyFor(InetAddress address) {
        if (address instanceof Inet4Address) {
            // Inet4Address.hashCode() is the address (ClientNetworksTest holds the JDK to it); getAddress() copies
            return ipv4Policy(address.hashCode() & 0xffff_ffffL);
        }
        return policyFor(address.getAddress());
    }

    /** As {@link #policyFor(InetAddress)}, from the 4 or 16 octets of an address in network order. */
    public int policyFor(byte[] address) {
        if (address.length == 4) {
            return ipv4Policy(octets(address, 0, 4));
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("An IP address has 4 or 16 octets, not " + address.length);
        }
        long high = octets(address, 0, 8);
        long low = octets(address, 8, 8);
        if (high == 0 && low >>> 32 == 0xffffL) {
            return ipv4Policy(low & 0xffff_ffffL);
        }
        return ipv6Policy(high, low);
    }

    private int ipv4Policy(long address) {
        int best = -1;
        for (Level level : ipv4) {
            if (best < 0 || level.lowestPolicy < best) {
                int policy = level.find(0, address & level.lowMask);
                if (policy >= 0 && (best < 0 || policy < best)) {
                    best = policy;
                }
            }
        }
        return best;
    }

    private int ipv6Policy(long high, long low) {
        int best = -1;
        for (Level level : ipv6) {
            if (best < 0 || level.lowestPolicy < best) {
                int policy = level.find(high & level.highMask, low & level.lowMask);
                if (policy >= 0 && (best < 0 || policy < best)) {
                    best = policy;
                }
            }
        }
        return best;
    }

    private static long octets(byte[] address, int from, int count) {
        long value = 0;
        for (int i = from; i < from + count; i++) {
            value = value << 8 | (address[i] & 0xff);
        }
        return value;
    }

    private static Level[] levels(TreeMap<Integer, Map<Cidr, Integer>> byLength) {
        return byLength.values().stream().map(Level::new).toArray(Level[]::new);
    }

    /**
     * The networks of one prefix length in one family: linear probing in parallel arrays, at most half full.
     * A slot holding policy {@code -1} is empty.
     */
    private static final class Level {
        final long highMask;
        final long lowMask;
        final int lowestPolicy;
        private final long[] highs;
        private final long[] lows;
        private final int[] policies;
        private final int shift;

        Level(Map<Cidr, Integer> networks) {
            Cidr any = networks.keySet().iterator().next();
            int length = any.prefixLength();
            highMask = any.isIpv4() ? 0 : Cidr.highMask(length);
            lowMask = any.isIpv4() ? Cidr.ipv4Mask(length) : Cidr.lowMask(length);
            int slots = Math.max(2, Integer.highestOneBit(networks.size() * 2 - 1) << 1);
            shift = 64 - Integer.numberOfTrailingZeros(slots);
            highs = new long[slots];
            lows = new long[slots];
            policies = new int[slots];
            Arrays.fill(policies, -1);
            int lowest = Integer.MAX_VALUE;
            for (Map.Entry<Cidr, Integer> network : networks.entrySet()) {
                int slot = slot(network.getKey().high(), network.getKey().low());
                while (policies[slot] >= 0) {
                    slot = (slot + 1) & (slots - 1);
                }
                highs[slot] = network.getKey().high();
                lows[slot] = network.getKey().low();
                policies[slot] = network.getValue();
                lowest = Math.min(lowest, network.getValue());
            }
            lowestPolicy = lowest;
        }

        /** The policy of the network (high, low), already masked, or -1. */
        int find(long high, long low) {
            int mask = policies.length - 1;
            for (int slot = slot(high, low); ; slot = (slot + 1) & mask) {
                int policy = policies[slot];
                if (policy < 0 || highs[slot] == high && lows[slot] == low) {
                    return policy;
                }
            }
        }

        /** Multiply-shift on the top bits: masked networks end in zeros, so the low bits of a product would not spread. */
        private int slot(long high, long low) {
            return (int) (((high * SECOND + low) * GOLDEN) >>> shift);
        }
    }
}
