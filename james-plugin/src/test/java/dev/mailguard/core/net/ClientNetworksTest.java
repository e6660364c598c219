package dev.mailguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientNetworksTest {
    /** Overlapping networks in document order: the first policy with a network holding the client wins. */
    private static final ClientNetworks POLICIES = networks(
        "192.0.2.7, 2001:db8::7",                  // 0: two hosts
        "192.0.2.0/24, 2001:db8::/32",             // 1: their networks
        "10.0.0.0/8, 198.51.100.0/24",             // 2
        "10.1.0.0/16, 2001:db8:1::/48, ::1",       // 3: inside 10/8 and 2001:db8::/32, so only ::1 can select it
        "",                                        // 4: no networks (say, the authenticated policy)
        "0.0.0.0/0",                               // 5: every other IPv4 client
        "::/0");                                   // 6: every other IPv6 client

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.7          | 0",
        "192.0.2.8          | 1",
        "192.0.2.0          | 1",
        "192.0.2.255        | 1",
        "10.1.2.3           | 2",
        "10.255.255.255     | 2",
        "198.51.100.1       | 2",
        "11.0.0.0           | 5",
        "0.0.0.0            | 5",
        "255.255.255.255    | 5",
        "2001:db8::7        | 0",
        "2001:db8::8        | 1",
        "2001:db8:1::1      | 1",
        "2001:db9::         | 6",
        "::1                | 3",
        "::2                | 6",
        "::                 | 6",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | 6",
        "::ffff:192.0.2.7   | 0",
        "::ffff:10.1.2.3    | 2",
        "::ffff:11.0.0.0    | 5",
    })
    void firstPolicyInDocumentOrderWins(String client, int policy) throws UnknownHostException {
        assertThat(POLICIES.policyFor(literal(client))).isEqualTo(policy);
        assertThat(POLICIES.policyFor(literal(client).getAddress())).isEqualTo(policy);
    }

    /** James may hand over an IPv4 client as an IPv4-mapped Inet6Address (the JDK itself makes it an Inet4Address). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.7   | 0",
        "192.0.2.9   | 1",
        "10.9.9.9    | 2",
        "203.0.113.1 | 5",
    })
    void ipv4MappedClientsMatchIpv4Networks(String client, int policy) throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(literal(client).getAddress(), 0, mapped, 12, 4);
        InetAddress asIpv6 = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(asIpv6).isInstanceOf(Inet6Address.class);

        assertThat(POLICIES.policyFor(asIpv6)).isEqualTo(policy);
        assertThat(POLICIES.policyFor(mapped)).isEqualTo(policy);
        assertThat(networks("::/0").policyFor(asIpv6)).isEqualTo(-1);
        assertThat(networks("::ffff:0:0/96").policyFor(asIpv6)).isEqualTo(0);
    }

    @Test
    void noMatchIsMinusOne() throws UnknownHostException {
        assertThat(networks().policyFor(literal("192.0.2.1"))).isEqualTo(-1);
        assertThat(networks("").policyFor(literal("::1"))).isEqualTo(-1);
        assertThat(networks("10.0.0.0/8").policyFor(literal("11.0.0.0"))).isEqualTo(-1);
        assertThat(networks("10.0.0.0/8").policyFor(literal("::a00:1"))).isEqualTo(-1);
        assertThat(networks("0.0.0.0/0").policyFor(literal("2001:db8::1"))).isEqualTo(-1);
        assertThat(networks("2001:db8::/32").policyFor(literal("10.0.0.1"))).isEqualTo(-1);
    }

    @Test
    void slashZeroThirtyTwoAndOneHundredTwentyEight() throws UnknownHostException {
        ClientNetworks table = networks("192.0.2.1/32, 2001:db8::1/128", "0.0.0.0/0, ::/0");
        assertThat(table.policyFor(literal("192.0.2.1"))).isEqualTo(0);
        assertThat(table.policyFor(literal("192.0.2.0"))).isEqualTo(1);
        assertThat(table.policyFor(literal("192.0.2.2"))).isEqualTo(1);
        assertThat(table.policyFor(literal("2001:db8::1"))).isEqualTo(0);
        assertThat(table.policyFor(literal("2001:db8::"))).isEqualTo(1);
        assertThat(table.policyFor(literal("2001:db8::1:1"))).isEqualTo(1);
        assertThat(table.policyFor(literal("::"))).isEqualTo(1);
    }

    /** Every prefix length, with the boundary addresses just inside and just outside. */
    @Test
    void everyPrefixLength() throws UnknownHostException {
        for (int length = 0; length <= 32; length++) {
            ClientNetworks table = networks(length == 0 ? "0.0.0.0/0" : "128.0.0.0/" + length);
            assertThat(table.policyFor(literal("128.0.0.0"))).isEqualTo(0);
            long last = 0x8000_0000L | (0xffff_ffffL >>> length);
            assertThat(table.policyFor(ipv4(last))).as("/%d last", length).isEqualTo(0);
            assertThat(table.policyFor(ipv4(last + 1))).as("/%d after", length).isEqualTo(length == 0 ? 0 : -1);
            assertThat(table.policyFor(ipv4(0x7fff_ffffL))).as("/%d before", length).isEqualTo(length == 0 ? 0 : -1);
        }
        for (int length = 0; length <= 128; length++) {
            ClientNetworks table = networks(length == 0 ? "::/0" : "8000::/" + length);
            assertThat(table.policyFor(literal("8000::"))).isEqualTo(0);
            assertThat(table.policyFor(literal("7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))).isEqualTo(length == 0 ? 0 : -1);
            byte[] last = literal("8000::").getAddress();
            for (int bit = length; bit < 128; bit++) {
                last[bit / 8] |= (byte) (0x80 >>> (bit % 8));
            }
            assertThat(table.policyFor(last)).as("/%d last", length).isEqualTo(0);
            if (length > 0) {
                byte[] outside = last.clone();
                outside[(length - 1) / 8] ^= (byte) (0x80 >>> ((length - 1) % 8));
                assertThat(table.policyFor(outside)).as("/%d outside", length).isEqualTo(-1);
            }
        }
    }

    @Test
    void aNetworkInTwoPoliciesIsRefused() {
        assertThatThrownBy(() -> networks("192.0.2.0/24", "10.0.0.0/8", "172.16.0.0/12, 10.0.0.0/8"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("the network 10.0.0.0/8 is in policy 1 and in policy 2");
        assertThatThrownBy(() -> networks("2001:DB8::/32", "", "2001:db8:0::/32"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("the network 2001:db8::/32 is in policy 0 and in policy 2");
        assertThatThrownBy(() -> networks("192.0.2.0/24", "::ffff:192.0.2.0/120"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("the network 192.0.2.0/24 is in policy 0 and in policy 1");
    }

    @Test
    void overlapsAndRepeatsWithinAPolicyAreFine() throws UnknownHostException {
        ClientNetworks table = networks("10.0.0.0/8, 10.0.0.0/8", "10.0.0.0/9, 10.0.0.0/16, 0.0.0.0/0");
        assertThat(table.policyFor(literal("10.0.0.1"))).isEqualTo(0);
        assertThat(table.policyFor(literal("11.0.0.1"))).isEqualTo(1);
    }

    /** Many networks of one length: the hash table grows and probes past collisions. */
    @Test
    void manyNetworksOfOneLength() {
        List<Cidr> networks = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            networks.add(Cidr.parse("10." + (i >> 8) + "." + (i & 0xff) + ".0/24"));
        }
        ClientNetworks table = ClientNetworks.of(List.of(networks.subList(0, 2500), networks.subList(2500, 5000)));
        for (int i = 0; i < 5000; i++) {
            assertThat(table.policyFor(new byte[] {10, (byte) (i >> 8), (byte) i, 99})).isEqualTo(i < 2500 ? 0 : 1);
        }
        assertThat(table.policyFor(new byte[] {10, 20, 0, 1})).isEqualTo(-1);
    }

    @Test
    void addressesOfAnotherSizeAreRefused() {
        assertThatThrownBy(() -> POLICIES.policyFor(new byte[5])).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("An IP address has 4 or 16 octets, not 5");
    }

    /** The IPv4 lookup reads the address from Inet4Address.hashCode(): a JDK that changed it would fail here. */
    @Test
    void inet4AddressHashCodeIsTheAddress() throws UnknownHostException {
        Random random = new Random(21);
        for (int i = 0; i < 10_000; i++) {
            byte[] octets = new byte[4];
            random.nextBytes(octets);
            InetAddress address = InetAddress.getByAddress(octets);
            assertThat(address).isInstanceOf(Inet4Address.class);
            assertThat(address.hashCode()).isEqualTo(octets[0] << 24 | (octets[1] & 0xff) << 16 | (octets[2] & 0xff) << 8 | octets[3] & 0xff);
        }
    }

    /** One string per policy, its networks separated by commas. */
    static ClientNetworks networks(String... policies) {
        return ClientNetworks.of(Arrays.stream(policies)
            .map(policy -> Arrays.stream(policy.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse)
                .collect(Collectors.toList()))
            .collect(Collectors.toList()));
    }

    /** Literals only, so no lookup happens. */
    private static InetAddress literal(String address) throws UnknownHostException {
        return InetAddress.getByName(address);
    }

    private static InetAddress ipv4(long address) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }
}
