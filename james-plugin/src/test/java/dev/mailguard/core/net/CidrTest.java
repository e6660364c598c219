package dev.mailguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.0/24            | 192.0.2.0/24",
        "10.0.0.0/8              | 10.0.0.0/8",
        "0.0.0.0/0               | 0.0.0.0/0",
        "192.0.2.1               | 192.0.2.1/32",
        "192.0.2.1/32            | 192.0.2.1/32",
        "255.255.255.255/32      | 255.255.255.255/32",
        "0.0.0.0                 | 0.0.0.0/32",
        "2001:db8::/32           | 2001:db8::/32",
        "2001:DB8:0:0::/48       | 2001:db8::/48",
        "::/0                    | ::/0",
        "::1                     | ::1/128",
        "::                      | ::/128",
        "fe80::/10               | fe80::/10",
        "2001:db8:0:1:0:0:0:1    | 2001:db8:0:1::1/128",
        "2001:db8:0:0:1:0:0:1    | 2001:db8::1:0:0:1/128",
        "1:2:3:4:5:6:7:8/128     | 1:2:3:4:5:6:7:8/128",
        "1:0:3:4:5:6:7:8         | 1:0:3:4:5:6:7:8/128",
        "1::                     | 1::/128",
        "1:2:3:4:5:6::8          | 1:2:3:4:5:6:0:8/128",
        "0:0:0:0:0:0:0:1         | ::1/128",
        "2001:db8:0:0:1:0:0:0    | 2001:db8:0:0:1::/128",
        "2001:0:0:1:0:0:1:1      | 2001::1:0:0:1:1/128",
        "2001:0DB8:00:000::/32   | 2001:db8::/32",
        "64:ff9b::192.0.2.0/120  | 64:ff9b::c000:200/120",
        "1:2:3:4:5:6:1.2.3.4     | 1:2:3:4:5:6:102:304/128",
        "::ffff:192.0.2.0/120    | 192.0.2.0/24",
        "::ffff:192.0.2.1        | 192.0.2.1/32",
        "::ffff:c000:201         | 192.0.2.1/32",
        "::ffff:0.0.0.0/96       | 0.0.0.0/0",
        "::/95                   | ::/95",
        "10.0.0.0/08             | 10.0.0.0/8",
    })
    void parsesToItsCanonicalForm(String written, String canonical) {
        assertThat(Cidr.parse(written)).hasToString(canonical);
        assertThat(Cidr.parse(canonical)).isEqualTo(Cidr.parse(written));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.0/24    | true  | 24",
        "192.0.2.7       | true  | 32",
        "::ffff:1.2.3.0/120 | true | 24",
        "2001:db8::/32   | false | 32",
        "::1             | false | 128",
    })
    void familyAndPrefixLength(String written, boolean ipv4, int prefixLength) {
        Cidr cidr = Cidr.parse(written);
        assertThat(cidr.isIpv4()).isEqualTo(ipv4);
        assertThat(cidr.prefixLength()).isEqualTo(prefixLength);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.1.2.3/8          | '10.1.2.3/8' has host bits set: the network is 10.0.0.0/8",
        "192.0.2.1/24        | '192.0.2.1/24' has host bits set: the network is 192.0.2.0/24",
        "1.0.0.0/0           | '1.0.0.0/0' has host bits set: the network is 0.0.0.0/0",
        "2001:db8::1/64      | '2001:db8::1/64' has host bits set: the network is 2001:db8::/64",
        "::1/0               | '::1/0' has host bits set: the network is ::/0",
        "::ffff:192.0.2.1/120 | '::ffff:192.0.2.1/120' has host bits set: the network is 192.0.2.0/24",
    })
    void hostBitsSetAreAnErrorNamingTheNetwork(String written, String message) {
        assertThatThrownBy(() -> Cidr.parse(written)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mail.example.org    | expected an IPv4 address",
        "localhost           | expected an IPv4 address",
        "''                  | expected an IPv4 address",
        "192.0.2             | expected an IPv4 address",
        "192.0.2.0.1         | expected an IPv4 address",
        "192.0.2.256         | four numbers from 0 to 255",
        "192.0.2.-1          | expected an IPv4 address",
        "192.0.02.0          | without leading zeros",
        "192.0.2.0/33        | the prefix length must be a number from 0 to 32",
        "192.0.2.0/          | the prefix length must be a number from 0 to 32",
        "192.0.2.0/-1        | the prefix length must be a number from 0 to 32",
        "192.0.2.0/+8        | the prefix length must be a number from 0 to 32",
        "192.0.2.0/24/24     | the prefix length must be a number from 0 to 32",
        "' 192.0.2.0/24'     | expected an IPv4 address",
        "192.0.2.0 /24       | expected an IPv4 address",
        "١٩٢.0.2.0/24        | expected an IPv4 address",
        "2001:db8::/129      | the prefix length must be a number from 0 to 128",
        "2001:db8::/1280     | the prefix length must be a number from 0 to 128",
        "1:2:3:4:5:6:7       | or an IPv6 address",
        "1:2:3:4:5:6:7:8:9   | or an IPv6 address",
        "1:2:3:4:5:6:7::8    | or an IPv6 address",
        "1::2::3             | or an IPv6 address",
        "1:::2               | or an IPv6 address",
        ":1::                | or an IPv6 address",
        "1::2:               | or an IPv6 address",
        "12345::             | or an IPv6 address",
        "g::                 | or an IPv6 address",
        "fe80::1%eth0        | a zone index (%) has no place in a network",
        "fe80::1%1           | a zone index (%) has no place in a network",
        "١::                 | or an IPv6 address",
        "::ffff:01.2.3.4     | without leading zeros",
        "[2001:db8::]/32     | or an IPv6 address",
        "1.2.3.4::           | or an IPv6 address",
        "::1.2.3.4:5         | or an IPv6 address",
        "::1.2.3             | expected an IPv4 address",
        "1:2:3:4:5:6:7:1.2.3.4 | or an IPv6 address",
    })
    void invalidValuesAreNamedWithTheReason(String written, String reason) {
        assertThatThrownBy(() -> Cidr.parse(written)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("'" + written + "' is not an IPv4 or IPv6 network: ")
            .hasMessageContaining(reason);
    }

    /** A name is refused at once, never resolved (a resolver would answer for localhost). */
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost/32", "ip6-localhost", "example.org/24", "cafe.de", "cafe/16"})
    void hostNamesAreRefusedNotResolved(String written) {
        assertThatThrownBy(() -> Cidr.parse(written)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/8  | 10.0.0.0/16",
        "10.0.0.0/8  | 11.0.0.0/8",
        "::/0        | 0.0.0.0/0",
        "::/96       | 0.0.0.0/0",
    })
    void differentNetworksAreNotEqual(String one, String other) {
        assertThat(Cidr.parse(one)).isNotEqualTo(Cidr.parse(other));
    }
}
