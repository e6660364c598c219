package dev.mailguard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoSettingsTest {
    @Test
    void defaultsAreTheDocumentedPortsAndConf() {
        DemoSettings settings = DemoSettings.from(Map.of(), null);

        assertThat(settings.ports().smtp()).isEqualTo(2525);
        assertThat(settings.ports().submission()).isEqualTo(5587);
        assertThat(settings.ports().imap()).isEqualTo(1143);
        assertThat(settings.ports().webAdmin()).isEqualTo(8000);
        assertThat(settings.confDirectory()).isEqualTo(Path.of("conf").toAbsolutePath());
    }

    @Test
    void environmentOverridesEveryPortAndTheConfFolder() {
        DemoSettings settings = DemoSettings.from(Map.of("MAILGUARD_SMTP_PORT", "2600", "MAILGUARD_SUBMISSION_PORT", "5600", "MAILGUARD_IMAP_PORT", "1600",
            "MAILGUARD_WEBADMIN_PORT", "8600", "MAILGUARD_CONF_DIR", "/etc/james"), "/opt/ext");

        assertThat(settings.ports().smtp()).isEqualTo(2600);
        assertThat(settings.ports().submission()).isEqualTo(5600);
        assertThat(settings.ports().imap()).isEqualTo(1600);
        assertThat(settings.ports().webAdmin()).isEqualTo(8600);
        assertThat(settings.confDirectory()).isEqualTo(Path.of("/etc/james"));
        assertThat(settings.extensionsDirectory()).isEqualTo(Path.of("/opt/ext"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp", "-1", "65536", "25 25"})
    void aBadPortIsNamed(String value) {
        assertThatThrownBy(() -> DemoSettings.from(Map.of("MAILGUARD_SMTP_PORT", value), null))
            .hasMessage("MAILGUARD_SMTP_PORT='" + value + "' is not a port number (0-65535)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"submission", "-1", "65536", "5 587"})
    void aBadSubmissionPortIsNamed(String value) {
        assertThatThrownBy(() -> DemoSettings.from(Map.of("MAILGUARD_SUBMISSION_PORT", value), null))
            .hasMessage("MAILGUARD_SUBMISSION_PORT='" + value + "' is not a port number (0-65535)");
    }
}
