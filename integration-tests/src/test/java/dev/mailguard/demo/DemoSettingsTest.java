package dev.mailguard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DemoSettingsTest {
    @Test
    void defaultsAreTheDocumentedPortsAndConf() {
        DemoSettings settings = DemoSettings.from(Map.of(), null);

        assertThat(settings.ports().smtp()).isEqualTo(2525);
        assertThat(settings.ports().submission()).isEqualTo(5587);
        assertThat(settings.ports().submissions()).isEqualTo(5465);
        assertThat(settings.ports().imap()).isEqualTo(1143);
        assertThat(settings.ports().webAdmin()).isEqualTo(8000);
        assertThat(settings.confDirectory()).isEqualTo(Path.of("conf").toAbsolutePath());
    }

    @Test
    void environmentOverridesEveryPortAndTheConfFolder() {
        DemoSettings settings = DemoSettings.from(Map.of("MAILGUARD_SMTP_PORT", "2600", "MAILGUARD_SUBMISSION_PORT", "5600",
            "MAILGUARD_SUBMISSIONS_PORT", "5400", "MAILGUARD_IMAP_PORT", "1600", "MAILGUARD_WEBADMIN_PORT", "8600",
            "MAILGUARD_CONF_DIR", "/etc/james"), "/opt/ext");

        assertThat(settings.ports().smtp()).isEqualTo(2600);
        assertThat(settings.ports().submission()).isEqualTo(5600);
        assertThat(settings.ports().submissions()).isEqualTo(5400);
        assertThat(settings.ports().imap()).isEqualTo(1600);
        assertThat(settings.ports().webAdmin()).isEqualTo(8600);
        assertThat(settings.confDirectory()).isEqualTo(Path.of("/etc/james"));
        assertThat(settings.extensionsDirectory()).isEqualTo(Path.of("/opt/ext"));
    }

    static Stream<Arguments> badPorts() {
        return Stream.of("MAILGUARD_SMTP_PORT", "MAILGUARD_SUBMISSION_PORT", "MAILGUARD_SUBMISSIONS_PORT", "MAILGUARD_IMAP_PORT",
                "MAILGUARD_WEBADMIN_PORT")
            .flatMap(variable -> Stream.of("smtp", "-1", "65536", "25 25").map(value -> Arguments.of(variable, value)));
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @MethodSource("badPorts")
    void aBadPortIsNamed(String variable, String value) {
        assertThatThrownBy(() -> DemoSettings.from(Map.of(variable, value), null))
            .hasMessage(variable + "='" + value + "' is not a port number (0-65535)");
    }
}
