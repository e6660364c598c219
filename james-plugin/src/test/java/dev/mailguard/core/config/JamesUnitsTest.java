package dev.mailguard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.policy.ClientPolicies;

/** Sizes and durations as James writes them, within MailGuard's ranges, and every bad value named. */
class JamesUnitsTest {
    private static final String SIZE_EXPECTED = "expected a whole number from 1 to 2147483647 (octets), or with a unit:"
        + " 512K, 20M, 1G";

    private static long maxData(String written) throws ConfigurationException {
        return MailGuardConfig.from(MailGuardConfigTest.handler("<maxData>" + written + "</maxData>")).maxData();
    }

    private static Duration window(String written) throws ConfigurationException {
        return PenaltyBoxSettings.from(MailGuardConfigTest.handler("<penaltyBox><window>" + written + "</window></penaltyBox>"))
            .orElseThrow().window();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1, 1", "20000000, 20000000", "2147483647, 2147483647", "20000000B, 20000000", "512K, 524288",
        "512k, 524288", "20M, 20971520", "2047M, 2146435072", "1G, 1073741824", "1g, 1073741824", "' 20M ', 20971520"})
    void maxDataTakesOctetsOrJamesUnits(String written, long octets) throws Exception {
        assertThat(maxData(written)).isEqualTo(octets);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "0K", "2147483648", "2G", "2097152K", "-1K", "20MB", "1.5M", "M", "20 M", "UNLIMITED",
        "unknown", "20T", "17179869185G", "99999999999999999999"})
    void maxDataOutOfRangeOrSyntaxNamesTheElementAndValue(String written) {
        assertThatThrownBy(() -> maxData(written)).isInstanceOf(ConfigurationException.class)
            .hasMessage("MailGuard: invalid value '" + written + "' for <maxData>: " + SIZE_EXPECTED);
    }

    /** James's XML reading trims an element's text, so a blank one is the empty value. */
    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", " "})
    void anEmptyMaxDataIsAMistake(String written) {
        assertThatThrownBy(() -> maxData(written)).isInstanceOf(ConfigurationException.class)
            .hasMessage("MailGuard: invalid value '' for <maxData>: " + SIZE_EXPECTED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1ms, PT0.001S", "1, PT0.001S", "500ms, PT0.5S", "30s, PT30S", "30 seconds, PT30S", "10m, PT10M",
        "10M, PT10M", "1h, PT1H", "2d, PT48H", "1w, PT168H", "52w, PT8736H", "365d, PT8760H", "' 5 minutes ', PT5M"})
    void durationsTakeJamesUnitsFromOneMillisecondToAYear(String written, Duration expected) throws Exception {
        assertThat(window(written)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "0ms", "0s", "-1s", "366d", "53w", "1y", "13 months", "ten minutes", "10 fortnights",
        "1.5h", "2147483648ms", "200000000000d"})
    void durationsOutOfRangeOrSyntaxNameTheElementAndValue(String written) {
        assertThatThrownBy(() -> window(written)).isInstanceOf(ConfigurationException.class)
            .hasMessage("MailGuard: invalid value '" + written + "' for <window>: expected a duration from 1ms to 365d"
                + " such as 500ms, 30s, 10m or 1h (in <penaltyBox>)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PT0.001S, 1ms", "PT1.5S, 1500ms", "PT30S, 30s", "PT10M, 10m", "PT90M, 90m", "PT2H, 2h", "PT48H, 2d"})
    void durationsAreWrittenBackInTheirLargestWholeUnit(Duration duration, String written) throws Exception {
        assertThat(JamesUnits.written(duration)).isEqualTo(written);
        assertThat(window(written)).isEqualTo(duration);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "<maxData>4G</maxData> | MailGuard: invalid value '4G' for <maxData>: " + SIZE_EXPECTED + " (in <policy name=\"a\">)",
        "<maxData>20M</maxData><maxData>20000000</maxData> | MailGuard: <maxData> is configured more than once with"
            + " different values ('20M' and '20000000'); it takes one value (in <policy name=\"a\">)",
    })
    void aBadSizeInAPolicyNamesThePolicy(String setting, String told) {
        assertThatThrownBy(() -> ClientPolicies.from(MailGuardConfigTest.handler(
            "<policy name=\"a\"><clients>10.0.0.0/8</clients>" + setting + "</policy>")))
            .isInstanceOf(ConfigurationException.class).hasMessage(told);
    }
}
