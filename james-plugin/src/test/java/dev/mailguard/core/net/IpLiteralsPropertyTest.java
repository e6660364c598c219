package dev.mailguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import dev.mailguard.core.penalty.PenaltyKey;

/**
 * One parser and one formatter serve networks, penalty keys and WebAdmin paths, so every address must survive
 * the trip through text unchanged, in RFC 5952's form, and a network parsed from text must hold exactly the
 * addresses whose leading bits equal its own. Addresses have many zero groups, where compression can go wrong.
 */
class IpLiteralsPropertyTest {
    @Property(tries = 5_000)
    void anyAddressFormatsAndParsesBackToItself(@ForAll long seed) throws UnknownHostException {
        Random random = new Random(seed);
        byte[] octets = address(random, random.nextBoolean() ? 4 : 16);
        String text = IpLiterals.format(octets);

        assertThat(text).isEqualTo(rfc5952(octets));
        assertThat(IpLiterals.parse(text)).isEqualTo(InetAddress.getByAddress(octets));
        assertThat(IpLiterals.parse(full(octets))).isEqualTo(InetAddress.getByAddress(octets));
    }

    @Property(tries = 5_000)
    void aNetworkHoldsWhatItsLeadingBitsSay(@ForAll long seed) throws UnknownHostException {
        Random random = new Random(seed);
        int length = random.nextBoolean() ? 4 : 16;
        int prefix = random.nextInt(length * 8 + 1);
        BigInteger network = masked(new BigInteger(1, address(random, length)), length, prefix);
        Cidr cidr = Cidr.parse(IpLiterals.format(octets(network, length)) + "/" + prefix);
        assertThat(Cidr.parse(cidr.toString())).isEqualTo(cidr);
        assertThat(cidr.toString()).isEqualTo(IpLiterals.format(octets(network, length)) + "/" + prefix);

        ClientNetworks table = ClientNetworks.of(List.of(List.of(cidr)));
        for (int i = 0; i < 20; i++) {
            // inside or just outside: the network's bits, then a random tail from a random bit on
            BigInteger client = network;
            for (int bit = random.nextInt(length * 8 + 1); bit < length * 8; bit++) {
                client = random.nextBoolean() ? client.flipBit(length * 8 - 1 - bit) : client;
            }
            boolean inside = masked(client, length, prefix).equals(network);
            assertThat(table.policyFor(InetAddress.getByAddress(octets(client, length))))
                .as("%s in %s", client.toString(16), cidr).isEqualTo(inside ? 0 : -1);
        }
    }

    @Property(tries = 2_000)
    void aPenaltyKeyNamesItselfAndEveryAddressOfItsSlash64(@ForAll long seed) throws UnknownHostException {
        Random random = new Random(seed);
        byte[] octets = address(random, random.nextBoolean() ? 4 : 16);
        InetAddress client = InetAddress.getByAddress(octets);
        String key = PenaltyKey.of(client);

        assertThat(PenaltyKey.parse(key)).isEqualTo(key);
        assertThat(PenaltyKey.parse(IpLiterals.format(octets))).isEqualTo(key);
        if (!(client instanceof Inet4Address)) {
            octets[8 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
            assertThat(PenaltyKey.of(InetAddress.getByAddress(octets))).isEqualTo(key);
        }
    }

    /** Each 16-bit group zero half the time, else small or anything; never IPv4-mapped, which is IPv4. */
    private static byte[] address(Random random, int length) {
        byte[] octets = new byte[length];
        do {
            for (int i = 0; i < length; i += 2) {
                int group = random.nextBoolean() ? 0 : random.nextBoolean() ? random.nextInt(16) : random.nextInt(0x10000);
                octets[i] = (byte) (group >>> 8);
                octets[i + 1] = (byte) group;
            }
        } while (length == 16 && new BigInteger(1, octets).shiftRight(32).equals(BigInteger.valueOf(0xffff)));
        return octets;
    }

    private static BigInteger masked(BigInteger address, int length, int prefix) {
        int hostBits = length * 8 - prefix;
        return address.shiftRight(hostBits).shiftLeft(hostBits);
    }

    private static byte[] octets(BigInteger value, int length) {
        byte[] octets = new byte[length];
        byte[] bytes = value.toByteArray();
        int copied = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copied, octets, length - copied, copied);
        return octets;
    }

    /** Every group written out, upper case and zero-padded: a form an administrator may use. */
    private static String full(byte[] octets) throws UnknownHostException {
        if (octets.length == 4) {
            return InetAddress.getByAddress(octets).getHostAddress();
        }
        StringJoiner text = new StringJoiner(":");
        for (int group : groups(octets)) {
            text.add(String.format(Locale.ROOT, "%04X", group));
        }
        return text.toString();
    }

    /** RFC 5952, section 4: lower case, no leading zeros, the first longest run of two or more zero groups as "::". */
    private static String rfc5952(byte[] octets) throws UnknownHostException {
        if (octets.length == 4) {
            return InetAddress.getByAddress(octets).getHostAddress();
        }
        int[] groups = groups(octets);
        int bestStart = -1;
        int bestLength = 1;
        for (int start = 0; start < 8; start++) {
            int end = start;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - start > bestLength) {
                bestStart = start;
                bestLength = end - start;
            }
        }
        StringJoiner head = new StringJoiner(":");
        StringJoiner tail = new StringJoiner(":");
        for (int i = 0; i < 8; i++) {
            if (bestStart < 0 || i < bestStart) {
                head.add(Integer.toHexString(groups[i]));
            } else if (i >= bestStart + bestLength) {
                tail.add(Integer.toHexString(groups[i]));
            }
        }
        return bestStart < 0 ? head.toString() : head + "::" + tail;
    }

    private static int[] groups(byte[] octets) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (octets[2 * i] & 0xff) << 8 | octets[2 * i + 1] & 0xff;
        }
        return groups;
    }
}
