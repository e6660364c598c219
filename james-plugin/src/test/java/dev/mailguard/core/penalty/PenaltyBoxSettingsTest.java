package dev.mailguard.core.penalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.MailGuardConfigTest;
import dev.mailguard.core.policy.ClientPolicies;

/** The {@code <penaltyBox>} element: off when absent, its defaults, James's durations, and every mistake named. */
class PenaltyBoxSettingsTest {
    private static PenaltyBoxSettings read(String children) throws ConfigurationException {
        return PenaltyBoxSettings.from(MailGuardConfigTest.handler(children)).orElseThrow();
    }

    @Test
    void absentMeansNoPenaltyBox() throws Exception {
        assertThat(PenaltyBoxSettings.from(MailGuardConfigTest.handler("<maxData>1000</maxData>"))).isEmpty();
    }

    @Test
    void anEmptyElementHasTheDefaults() throws Exception {
        PenaltyBoxSettings settings = read("<penaltyBox/>");

        assertThat(settings.threshold()).isEqualTo(3);
        assertThat(settings.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.store()).isEqualTo("memory");
        assertThat(settings.maxEntries()).isEqualTo(100_000);
        assertThat(settings.authThreshold()).isEqualTo(5);
        assertThat(settings.rateWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.violations()).isEqualTo(new StrikeRule(StrikeRule.VIOLATIONS, 3, Duration.ofMinutes(10), Duration.ofMinutes(30)));
        assertThat(settings.authFailures()).isEqualTo(new StrikeRule(StrikeRule.AUTH_FAILURES, 5, Duration.ofMinutes(10), Duration.ofMinutes(30)));
        assertThat(MailGuardConfig.from(MailGuardConfigTest.handler("<penaltyBox/>")).penaltyBoxExempt()).isFalse();
    }

    @Test
    void authFailuresHaveTheirOwnThresholdAndRatesTheirOwnWindow() throws Exception {
        PenaltyBoxSettings settings = read("<penaltyBox><threshold>2</threshold><authThreshold>7</authThreshold>"
            + "<rateWindow>10s</rateWindow></penaltyBox>");

        assertThat(settings.violations().threshold()).isEqualTo(2);
        assertThat(settings.authFailures().threshold()).isEqualTo(7);
        assertThat(settings.rateWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.toString()).contains("authThreshold=7").contains("rateWindow=PT10S");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<maxConnectionRate>10</maxConnectionRate> | MailGuard: <maxConnectionRate>10</maxConnectionRate> needs <penaltyBox> in the handler",
        "<policy name=\"busy\"><clients>192.0.2.0/24</clients><maxRecipientRate>5</maxRecipientRate></policy> | MailGuard: <maxRecipientRate>5</maxRecipientRate> in <policy name=\"busy\"> needs <penaltyBox> in the handler",
    })
    void ratesNeedThePenaltyBoxStore(String settings, String told) throws Exception {
        org.apache.commons.configuration2.Configuration handler = MailGuardConfigTest.handler(settings);

        assertThatThrownBy(() -> PenaltyBoxSettings.requireForRates(ClientPolicies.from(handler), PenaltyBoxSettings.from(handler)))
            .isInstanceOf(ConfigurationException.class).hasMessageStartingWith(told);
        org.apache.commons.configuration2.Configuration boxed = MailGuardConfigTest.handler(settings + "<penaltyBox/>");
        PenaltyBoxSettings.requireForRates(ClientPolicies.from(boxed), PenaltyBoxSettings.from(boxed));
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "10m, PT10M", "1h, PT1H", "2d, PT48H", "1500, PT1.5S", "5 minutes, PT5M"})
    void durationsAreWrittenAsInJames(String written, Duration expected) throws Exception {
        assertThat(read("<penaltyBox><window>" + written + "</window></penaltyBox>").window()).isEqualTo(expected);
    }

    @Test
    void aRedisStoreIsAUri() throws Exception {
        assertThat(read("<penaltyBox><store>redis://127.0.0.1:6379/2</store></penaltyBox>").store())
            .isEqualTo("redis://127.0.0.1:6379/2");
    }

    /** The whole URI goes to the adapter (Lettuce parses it at start); settings, logs and the status route mask the password. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "redis://mailguard:s3cret@10.0.0.5:6379/2          | redis://mailguard:****@10.0.0.5:6379/2",
        "rediss://s3cret@redis.example:6380                 | rediss://****@redis.example:6380",
        "redis-sentinel://:s3@cret@10.0.0.5:26379,10.0.0.6:26379/0#mymaster | redis-sentinel://:****@10.0.0.5:26379,10.0.0.6:26379/0#mymaster",
        "redis://10.0.0.5                                   | redis://10.0.0.5",
        "REDIS                                              | redis",
    })
    void aRedisStoreTakesTheClientsUriSyntaxAndIsShownWithoutItsPassword(String written, String shown) throws Exception {
        PenaltyBoxSettings settings = read("<penaltyBox><store>" + written + "</store></penaltyBox>");
        assertThat(settings.settings()).containsEntry("store", shown);
        assertThat(settings.toString()).contains("store=" + shown).doesNotContain("s3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<threshold>0</threshold>           | invalid value '0' for <threshold>: expected",
        "<authThreshold>0</authThreshold>   | invalid value '0' for <authThreshold>: expected a whole number from 1 to 1000 (in <penaltyBox>)",
        "<rateWindow>0s</rateWindow>        | invalid value '0s' for <rateWindow>: expected",
        "<window>ten minutes</window>       | invalid value 'ten minutes' for <window>: expected",
        "<duration>0s</duration>            | invalid value '0s' for <duration>: expected",
        "<store>redis:localhost</store>     | invalid value 'redis:localhost' for <store>: expected",
        "<store>http://u:secret@db</store>  | invalid value 'http://u:****@db' for <store>: expected",
        "<redisTrustStore>/nonexistent/ca.pem</redisTrustStore> | invalid value '/nonexistent/ca.pem' for <redisTrustStore>: expected jvm or the path of a readable PEM file",
        "<store>mysql://db:3306</store>     | invalid value 'mysql://db:3306' for <store>: expected",
        "<maxEntries>-1</maxEntries>        | invalid value '-1' for <maxEntries>: expected",
        "<strikes>3</strikes>               | unknown element <strikes> in <penaltyBox>",
        "<window>200000000000d</window>     | invalid value '200000000000d' for <window>: expected",
        "<threshold>5</threshold><threshold>7</threshold> | <threshold> is configured more than once with different values ('5' and '7'); it takes one value (in <penaltyBox>)",
    })
    void aMistakeNamesTheElementAndValue(String children, String told) {
        assertThatThrownBy(() -> read("<penaltyBox>" + children + "</penaltyBox>"))
            .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("MailGuard: ").hasMessageContaining(told)
            .hasMessageContaining("<penaltyBox>");
    }

    @Test
    void twoElementsAreAMistake() {
        assertThatThrownBy(() -> read("<penaltyBox/><penaltyBox/>")).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<penaltyBox> is given 2 times");
    }
}
