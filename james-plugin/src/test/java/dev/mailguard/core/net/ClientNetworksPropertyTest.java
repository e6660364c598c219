package dev.mailguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link ClientNetworks} hashes masked networks per prefix length; here it must agree with the plain definition
 * (policies in order, networks in order, the first whose leading bits equal the client's wins) on random tables
 * of overlapping IPv4 and IPv6 networks of every length, for clients mostly inside or at the edge of them, in
 * IPv4, IPv6 and IPv4-mapped IPv6 form.
 */
class ClientNetworksPropertyTest {
    @Property(tries = 10_000)
    void agreesWithTheNaiveDefinition(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int policyCount) throws UnknownHostException {
        Random random = new Random(seed);
        // a few base addresses per family, so that networks nest and overlap
        List<byte[]> bases = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bases.add(randomAddress(random, i % 2 == 0 ? 4 : 16));
        }
        List<List<Network>> policies = new ArrayList<>();
        Map<String, Integer> policyOf = new HashMap<>();
        for (int policy = 0; policy < policyCount; policy++) {
            List<Network> networks = new ArrayList<>();
            for (int n = random.nextInt(7); n > 0; n--) {
                byte[] base = random.nextInt(4) == 0 ? randomAddress(random, random.nextBoolean() ? 4 : 16) : bases.get(random.nextInt(bases.size()));
                Network network = Network.of(base, random.nextInt(base.length * 8 + 1));
                // the same network in two policies is refused (ClientNetworksTest); keep it in its first policy only
                if (policyOf.getOrDefault(network.key(), policy) == policy) {
                    policyOf.put(network.key(), policy);
                    networks.add(network);
                }
            }
            policies.add(networks);
        }
        List<List<Cidr>> cidrs = new ArrayList<>();
        for (List<Network> networks : policies) {
            List<Cidr> parsed = new ArrayList<>();
            for (Network network : networks) {
                parsed.add(Cidr.parse(network.text()));
            }
            cidrs.add(parsed);
        }
        ClientNetworks table = ClientNetworks.of(cidrs);

        for (int i = 0; i < 40; i++) {
            byte[] client = client(random, bases);
            int expected = reference(policies, client);
            InetAddress address = InetAddress.getByAddress(client);
            assertThat(table.policyFor(address)).as("%s in %s", address, policies).isEqualTo(expected);
            assertThat(table.policyFor(client)).isEqualTo(expected);
            if (client.length == 4) {
                assertThat(table.policyFor(mapped(client))).isEqualTo(expected);
            }
        }
    }

    private static int reference(List<List<Network>> policies, byte[] client) {
        byte[] unmapped = isMapped(client) ? Arrays.copyOfRange(client, 12, 16) : client;
        for (int policy = 0; policy < policies.size(); policy++) {
            for (Network network : policies.get(policy)) {
                if (network.contains(unmapped)) {
                    return policy;
                }
            }
        }
        return -1;
    }

    /** Near a base (its first bits, then random ones), sometimes just anywhere. */
    private static byte[] client(Random random, List<byte[]> bases) {
        if (random.nextInt(5) == 0) {
            return randomAddress(random, random.nextBoolean() ? 4 : 16);
        }
        byte[] client = bases.get(random.nextInt(bases.size())).clone();
        int keep = random.nextInt(client.length * 8 + 1);
        for (int bit = keep; bit < client.length * 8; bit++) {
            if (random.nextBoolean()) {
                client[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            }
        }
        return client;
    }

    /** Never IPv4-mapped IPv6 itself: that is an IPv4 address, generated as such. */
    private static byte[] randomAddress(Random random, int length) {
        byte[] address = new byte[length];
        do {
            random.nextBytes(address);
        } while (length == 16 && isMapped(address));
        return address;
    }

    private static boolean isMapped(byte[] address) {
        if (address.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, mapped, 12, 4);
        return mapped;
    }

    private static final class Network {
        final byte[] address;
        final int length;

        private Network(byte[] address, int length) {
            this.address = address;
            this.length = length;
        }

        /** The network of that length holding {@code address}: its host bits cleared. */
        static Network of(byte[] address, int length) {
            byte[] network = address.clone();
            for (int bit = length; bit < network.length * 8; bit++) {
                network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            return new Network(network, length);
        }

        boolean contains(byte[] client) {
            if (client.length != address.length) {
                return false;
            }
            int hostBits = address.length * 8 - length;
            return new BigInteger(1, client).shiftRight(hostBits).equals(new BigInteger(1, address).shiftRight(hostBits));
        }

        String key() {
            return Arrays.toString(address) + "/" + length;
        }

        String text() {
            try {
                return InetAddress.getByAddress(address).getHostAddress() + "/" + length;
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 or 16 octets", e);
            }
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
