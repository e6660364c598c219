package dev.mailguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

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
        "::1,                       0:0:0:0::/64",
    })
    void keysByAddressOrSlash64(String address, String key) throws Exception {
        assertThat(PenaltyKey.of(InetAddress.getByName(address))).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource({
        "192.0.2.1,            192.0.2.1",
        "2001:db8:1:2::77,     2001:db8:1:2::/64",
        "2001:db8:1:2::/64,    2001:db8:1:2::/64",
    })
    void anAdministratorMayNameAnyAddressOfTheBox(String written, String key) {
        assertThat(PenaltyKey.parse(written)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.org", "cafe.de", "bad.beef", "192.0.2.1/24", "", "1.2.3.4.5", "zz::1"})
    void anythingButAnAddressIsRefusedWithoutANameLookup(String written) {
        assertThatThrownBy(() -> PenaltyKey.parse(written)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not an IPv4 or IPv6 address");
    }
}
