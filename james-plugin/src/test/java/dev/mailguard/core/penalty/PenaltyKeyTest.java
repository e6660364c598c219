package dev.mailguard.core.penalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IPv4 clients are counted by address, IPv6 clients by their /64. */
class PenaltyKeyTest {
    @ParameterizedTest
    @CsvSource({
        "192.0.2.1,                 192.0.2.1",
        "::ffff:192.0.2.1,          192.0.2.1",
        "2001:db8:1:2::1,           2001:db8:1:2::/64",
        "2001:db8:1:2:ffff:ffff:ffff:ffff, 2001:db8:1:2::/64",
        "2001:db8:1:3::1,           2001:db8:1:3::/64",
        "::1,                       ::/64",
        "2001:db8::1,               2001:db8::/64",
        "2001:DB8:0:0:1::1,         2001:db8::/64",
        "2001:db8:0:1::1,           2001:db8:0:1::/64",
        "0:0:0:1::1,                0:0:0:1::/64",
    })
    void keysByAddressOrSlash64(String address, String key) throws Exception {
        assertThat(PenaltyKey.of(InetAddress.getByName(address))).isEqualTo(key);
    }

    /** The JDK makes IPv4-mapped addresses Inet4Address, but an Inet6Address may carry one: the same client. */
    @Test
    void anIpv4MappedInet6AddressIsItsIpv4Client() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName("192.0.2.1").getAddress(), 0, mapped, 12, 4);
        assertThat(PenaltyKey.of(Inet6Address.getByAddress(null, mapped, -1))).isEqualTo("192.0.2.1");
    }

    @ParameterizedTest
    @CsvSource({
        "192.0.2.1,            192.0.2.1",
        "2001:db8:1:2::77,     2001:db8:1:2::/64",
        "2001:db8:1:2::/64,    2001:db8:1:2::/64",
        "2001:db8:0:0::/64,    2001:db8::/64",
        "2001:db8::/64,        2001:db8::/64",
        "::ffff:192.0.2.1,     192.0.2.1",
    })
    void anAdministratorMayNameAnyAddressOfTheBox(String written, String key) {
        assertThat(PenaltyKey.parse(written)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.org", "cafe.de", "bad.beef", "192.0.2.1/24", "", "1.2.3.4.5", "zz::1",
        "192.0.2.1/64", "::ffff:192.0.2.1/64", "2001:db8::/48", "fe80::1%1", "[::1]", "١٩٢.0.2.1", "192.0.02.1"})
    void anythingButAnAddressIsRefusedWithoutANameLookup(String written) {
        assertThatThrownBy(() -> PenaltyKey.parse(written)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not an IPv4 or IPv6 address");
    }
}
