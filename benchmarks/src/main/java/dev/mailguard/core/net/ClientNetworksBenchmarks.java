package dev.mailguard.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-connection policy choice (docs/internals.md, client networks) on a large table: 1,000 networks in
 * 10 policies, 800 IPv4 networks of 9 prefix lengths from /8 to /32 and 200 IPv6 networks of 6 lengths from
 * /32 to /128, so a lookup probes 9 or 6 hash tables.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClientNetworksBenchmarks {
    private static final int[] IPV4_LENGTHS = {8, 12, 16, 20, 22, 24, 28, 30, 32};
    private static final int[] IPV6_LENGTHS = {32, 48, 56, 64, 96, 128};

    private final ClientNetworks table = table();
    /** In a /24 of the last policy and in no earlier one: every length is probed. */
    private final InetAddress matchingIpv4 = literal("10.0.7.9");
    private final InetAddress unmatchedIpv4 = literal("203.0.113.77");
    private final InetAddress matchingIpv6 = literal("2001:db8:7::1");
    private final InetAddress unmatchedIpv6 = literal("2001:db9::1");
    private final byte[] matchingIpv6Octets = matchingIpv6.getAddress();

    @Benchmark
    public int ipv4Match() {
        return table.policyFor(matchingIpv4);
    }

    @Benchmark
    public int ipv4NoMatch() {
        return table.policyFor(unmatchedIpv4);
    }

    @Benchmark
    public int ipv6Match() {
        return table.policyFor(matchingIpv6);
    }

    /** The octets as a caller that already has them would pass them: without the copy getAddress() makes. */
    @Benchmark
    public int ipv6MatchOctets() {
        return table.policyFor(matchingIpv6Octets);
    }

    @Benchmark
    public int ipv6NoMatch() {
        return table.policyFor(unmatchedIpv6);
    }

    private static ClientNetworks table() {
        Random random = new Random(21);
        List<List<Cidr>> policies = new ArrayList<>();
        for (int policy = 0; policy < 10; policy++) {
            policies.add(new ArrayList<>());
        }
        Set<Cidr> seen = new HashSet<>();
        policies.get(9).add(Cidr.parse("10.0.7.0/24"));
        policies.get(9).add(Cidr.parse("2001:db8:7::/48"));
        seen.addAll(policies.get(9));
        int count = 2;
        while (count < 1_000) {
            Cidr network;
            if (count < 800) {
                int length = IPV4_LENGTHS[random.nextInt(IPV4_LENGTHS.length)];
                // away from 10/8, 203.0.113/24 and 0/8 so that the chosen clients keep their roles
                int first = 11 + random.nextInt(190);
                long address = ((long) first << 24 | random.nextInt(1 << 24)) & Cidr.ipv4Mask(length);
                network = Cidr.parse((address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "."
                    + (address & 0xff) + "/" + length);
            } else {
                int length = IPV6_LENGTHS[random.nextInt(IPV6_LENGTHS.length)];
                long high = (0x2001_0db8_1000_0000L | random.nextLong() & 0x0000_0000_0fff_ffffL) & Cidr.highMask(length);
                long low = random.nextLong() & Cidr.lowMask(length);
                network = Cidr.parse(hex(high) + ":" + hex(low) + "/" + length);
            }
            if (seen.add(network)) {
                policies.get(random.nextInt(10)).add(network);
                count++;
            }
        }
        return ClientNetworks.of(policies);
    }

    private static String hex(long bits) {
        return String.format("%x:%x:%x:%x", bits >>> 48, bits >>> 32 & 0xffff, bits >>> 16 & 0xffff, bits & 0xffff);
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("A literal", e);
        }
    }
}
