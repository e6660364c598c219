package dev.mailguard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.convert.DisabledListDelimiterHandler;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.mailguard.core.audit.AuditFormat;
import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.audit.SessionCounts;
import dev.mailguard.core.smtp.SmtpReply;

public class MailGuardConfigTest {
    /** Parses a handler element the way James's FileConfigurationProvider reads smtpserver.xml. */
    public static XMLConfiguration handler(String children) throws ConfigurationException {
        XMLConfiguration configuration = new XMLConfiguration();
        configuration.setListDelimiterHandler(new DisabledListDelimiterHandler());
        new FileHandler(configuration).load(new StringReader(
            "<handler class=\"dev.mailguard.james.MailGuardCommandDispatcher\">" + children + "</handler>"));
        return configuration;
    }

    @Test
    void defaultsAreEsmtpWithTls() throws Exception {
        MailGuardConfig config = MailGuardConfig.from(handler(""));

        assertThat(config.mode()).isEqualTo(InspectionMode.ESMTP);
        assertThat(config.allowTls()).isTrue();
        assertThat(config.allowlist().verbs()).isEqualTo(MailGuardConfig.defaults().allowlist().verbs());
    }

    @Test
    void readsEverySetting() throws Exception {
        MailGuardConfig config = MailGuardConfig.from(handler(
            "<mode> SMTP </mode><allowTls>FALSE</allowTls><allow>expn</allow><allow>VRFY</allow><deny>noop</deny>"));

        assertThat(config.mode()).isEqualTo(InspectionMode.SMTP);
        assertThat(config.allowTls()).isFalse();
        assertThat(config.allowlist().verbs()).containsExactly("DATA", "EXPN", "HELO", "MAIL", "QUIT", "RCPT", "RSET", "VRFY");
    }

    @Test
    void issueThreeDefaults() {
        MailGuardConfig config = MailGuardConfig.defaults();

        assertThat(config.maskBanner()).isEqualTo(BannerMode.HOSTNAME);
        assertThat(config.bannerName()).as("James's helloName").isEmpty();
        assertThat(config.maskSoftwareName()).isTrue();
        assertThat(config.ehloKeywords()).containsExactly("SIZE", "PIPELINING", "8BITMIME", "BINARYMIME", "DSN", "ETRN", "AUTH",
            "ENHANCEDSTATUSCODES", "STARTTLS");
        assertThat(config.maxData()).isEqualTo(20_000_000L);
        assertThat(config.maxRecipients()).isEqualTo(100);
        assertThat(config.maxAddressLength()).isEqualTo(320);
        assertThat(config.maliciousAddressAction()).isEqualTo(MaliciousAddressAction.REJECT);
    }

    @Test
    void readsInspectionSettings() throws Exception {
        MailGuardConfig config = MailGuardConfig.from(handler("<allowTls>false</allowTls><maskBanner>false</maskBanner>"
            + "<maskSoftwareName>false</maskSoftwareName><ehloKeywords> pipelining, size STARTTLS </ehloKeywords>"
            + "<maxData>1000</maxData><maxRecipients>5</maxRecipients><maxAddressLength>64</maxAddressLength>"
            + "<maliciousAddressAction>drop-connection</maliciousAddressAction>"));

        assertThat(config.maskBanner()).isEqualTo(BannerMode.OFF);
        assertThat(config.maskSoftwareName()).isFalse();
        assertThat(config.ehloKeywords()).as("STARTTLS follows allowTls").containsExactly("PIPELINING", "SIZE");
        assertThat(config.maxData()).isEqualTo(1000);
        assertThat(config.maxRecipients()).isEqualTo(5);
        assertThat(config.maxAddressLength()).isEqualTo(64);
        assertThat(config.maliciousAddressAction()).isEqualTo(MaliciousAddressAction.DROP_CONNECTION);
    }

    @Test
    void lineDisciplineDefaults() {
        MailGuardConfig config = MailGuardConfig.defaults();

        assertThat(config.maxCommandLineLength()).isEqualTo(512);
        assertThat(config.maxUnknownCommands()).isEqualTo(20);
        assertThat(config.rejectBareCrInData()).isTrue();
        assertThat(config.greetingDelay()).isZero();
        assertThat(config.auditFormat()).isEqualTo(AuditFormat.CISCO);
        assertThat(config.alert()).isTrue();
        assertThat(config.dryRun()).isFalse();
        assertThat(config.auditTrail()).isFalse();
    }

    @Test
    void alertSwitchesAnomalyRecordsOnly() throws Exception {
        Endpoints endpoints = new Endpoints(new java.net.InetSocketAddress("192.0.2.1", 1), new java.net.InetSocketAddress("192.0.2.25", 25));
        MailGuardConfig quiet = MailGuardConfig.from(handler("<alert>false</alert>"));
        MailGuardConfig defaults = MailGuardConfig.defaults();

        assertThat(defaults.alert()).isTrue();
        assertThat(quiet.alert()).isFalse();
        for (AuditRecord anomaly : java.util.List.of(AuditRecord.droppedCommand(endpoints, "EXPN"),
                AuditRecord.replacedString(endpoints, "a|b"), AuditRecord.maliciousAddress(endpoints, "<<a>>", false),
                AuditRecord.sizeViolation(endpoints, 1, 2), AuditRecord.preGreetingTraffic(endpoints))) {
            assertThat(defaults.writes(anomaly)).isTrue();
            assertThat(quiet.writes(anomaly)).as(anomaly.toCiscoLine()).isFalse();
        }
        assertThat(quiet.writes(AuditRecord.tlsStarted(endpoints))).isTrue();
        assertThat(quiet.writes(AuditRecord.sessionStarted(endpoints))).as("audit trail is not an alert").isTrue();
        assertThat(quiet.writes(AuditRecord.sessionEnded(endpoints, java.time.Duration.ZERO, new SessionCounts()))).isTrue();
    }

    @Test
    void dryRunRecordIsTheRuleRecordWithTheReplyItWouldHaveSent() {
        Endpoints endpoints = new Endpoints(new java.net.InetSocketAddress("192.0.2.1", 1), new java.net.InetSocketAddress("192.0.2.25", 25));
        AuditRecord found = AuditRecord.droppedCommand(endpoints, "EXPN");

        assertThat(MailGuardConfig.defaults().dryRun()).isFalse();
        assertThat(AuditRecord.dryRun(found, SmtpReply.commandUnknown("EXPN")).toCiscoLine()).isEqualTo(
            "%MAILGUARD-6-108005: Dry run, not enforced: ESMTP Classification: Dropped ESMTP Request from 192.0.2.1/1 "
                + "to 192.0.2.25/25; matched cmd verb EXPN; would reply 500 5.5.1 Command unknown: 'XXXX'");
    }

    @Test
    void settingsNameEveryElementWithItsEffectiveValue() throws Exception {
        MailGuardConfig config = MailGuardConfig.from(handler("<mode>smtp</mode><deny>VRFY</deny><maxData>1000</maxData>"));

        assertThat(config.settings().keySet()).containsExactly("mode", "allowTls", "verbs", "maskBanner", "bannerName",
            "maskSoftwareName", "ehloKeywords", "maxData", "maxRecipients", "maxAddressLength", "maliciousAddressAction",
            "maxCommandLineLength", "maxUnknownCommands", "rejectBareCrInData", "greetingDelay", "auditFormat", "alert",
            "dryRun", "auditTrail", "penaltyBoxExempt", "authRequiresTls", "maxAuthFailures", "maxConnectionRate",
            "maxMessageRate", "maxRecipientRate", "maxHeaderLineLength", "headerLineAction", "maxHeaderLength",
            "headerLengthAction", "maxHeaderRecipients", "headerRecipientsAction", "maxBodyLineLength", "bodyLineAction",
            "maxMimeFilenameLength", "denyMimeFilenames", "mimeFilenameAction", "denyMimeTypes", "mimeTypeAction",
            "denyMimeEncodings", "mimeEncodingAction", "maxInvalidRecipients", "denySenders");
        assertThat(config.settings()).containsEntry("mode", "smtp").containsEntry("maxData", 1000L)
            .containsEntry("maxRecipients", 100).containsEntry("bannerName", null).containsEntry("maskBanner", "hostname")
            .containsEntry("dryRun", false).containsEntry("ehloKeywords", Settings.EHLO_KEYWORDS.defaultValue());
        assertThat(config.settings().get("verbs")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("HELO", "MAIL").doesNotContain("VRFY", "EHLO");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "hostname     | HOSTNAME",
        "true         | HOSTNAME",
        " Asterisks   | ASTERISKS",
        "off          | OFF",
        "false        | OFF",
    })
    void readsMaskBanner(String value, BannerMode expected) throws Exception {
        assertThat(MailGuardConfig.from(handler("<maskBanner>" + value + "</maskBanner>")).maskBanner()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mx.example.org", "mail", "MX1.Example.ORG.", "[192.0.2.25]", "[IPv6:2001:db8::25]", "2mx.example"})
    void readsBannerName(String name) throws Exception {
        MailGuardConfig config = MailGuardConfig.from(handler("<bannerName> " + name + " </bannerName>"));

        assertThat(config.bannerName()).contains(name);
        assertThat(config.settings()).containsEntry("bannerName", name).containsEntry("maskBanner", "hostname");
    }

    @Test
    void readsAuditFormat() throws Exception {
        assertThat(MailGuardConfig.from(handler("<auditFormat> JSON </auditFormat>")).auditFormat()).isEqualTo(AuditFormat.JSON);
    }

    @Test
    void readsLineDisciplineSettings() throws Exception {
        MailGuardConfig config = MailGuardConfig.from(handler("<maxCommandLineLength>8192</maxCommandLineLength>"
            + "<maxUnknownCommands>3</maxUnknownCommands><rejectBareCrInData>false</rejectBareCrInData>"
            + "<greetingDelay>250</greetingDelay>"));

        assertThat(config.maxCommandLineLength()).isEqualTo(8192);
        assertThat(config.maxUnknownCommands()).isEqualTo(3);
        assertThat(config.rejectBareCrInData()).isFalse();
        assertThat(config.greetingDelay()).isEqualTo(250);
    }

    @Test
    void sameModeTwiceIsOneMode() throws Exception {
        assertThat(MailGuardConfig.from(handler("<mode>smtp</mode><mode>smtp</mode>")).mode()).isEqualTo(InspectionMode.SMTP);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "<mode>bogus</mode>                      | invalid value 'bogus' for <mode>: expected smtp or esmtp",
        "<mode></mode>                           | invalid value '' for <mode>",
        "<mode>smtp</mode><mode>esmtp</mode>     | <mode> is configured more than once with different values ('smtp' and 'esmtp')",
        "<allowTls>yes</allowTls>                | invalid value 'yes' for <allowTls>: expected true or false",
        "<allow>EX PN</allow>                    | invalid value 'EX PN' for <allow>",
        "<allow>EXPN,VRFY</allow>                | invalid value 'EXPN,VRFY' for <allow>",
        "<allow></allow>                         | invalid value '' for <allow>",
        "<allowTls/>                             | invalid value '' for <allowTls>",
        "<allowTls>true</allowTls><allowTls>false</allowTls> | <allowTls> is configured more than once with different values ('true' and 'false')",
        "<deny>1VRFY</deny>                      | invalid value '1VRFY' for <deny>",
        "<deny>VRFY\u00e9</deny>                 | invalid value 'VRFY\u00e9' for <deny>",
        "<allowtls>false</allowtls>              | unknown element <allowtls>",
        "<maskbanner>true</maskbanner>           | unknown element <maskbanner>",
        "<maskBanner>maybe</maskBanner>          | invalid value 'maybe' for <maskBanner>: expected hostname, asterisks or off",
        "<maskBanner></maskBanner>               | invalid value '' for <maskBanner>",
        "<bannerName>mx example</bannerName>     | invalid value 'mx example' for <bannerName>: expected a host name",
        "<bannerName>2020</bannerName>           | invalid value '2020' for <bannerName>",
        "<bannerName>***</bannerName>            | invalid value '***' for <bannerName>",
        "<bannerName>-mx.example</bannerName>    | invalid value '-mx.example' for <bannerName>",
        "<bannerName>mx..example</bannerName>    | invalid value 'mx..example' for <bannerName>",
        "<bannerName></bannerName>               | invalid value '' for <bannerName>",
        "<bannerName>a</bannerName><bannerName>b</bannerName> | <bannerName> is configured more than once",
        "<maskSoftwareName>1</maskSoftwareName>  | invalid value '1' for <maskSoftwareName>",
        "<ehloKeywords>SIZE PIPE_LINING</ehloKeywords> | invalid value 'SIZE PIPE_LINING' for <ehloKeywords>",
        "<ehloKeywords></ehloKeywords>           | invalid value '' for <ehloKeywords>",
        "<maxData>0</maxData>                    | invalid value '0' for <maxData>: expected a whole number from 1 to 2147483647",
        "<maxData>-5</maxData>                   | invalid value '-5' for <maxData>",
        "<maxData>20MB</maxData>                 | invalid value '20MB' for <maxData>",
        "<maxData>99999999999</maxData>          | invalid value '99999999999' for <maxData>",
        "<maxRecipients>ten</maxRecipients>      | invalid value 'ten' for <maxRecipients>",
        "<maxAddressLength>0</maxAddressLength>  | invalid value '0' for <maxAddressLength>",
        "<maliciousAddressAction>drop</maliciousAddressAction> | invalid value 'drop' for <maliciousAddressAction>: expected reject or drop-connection",
        "<mode><nested>x</nested></mode>         | unknown element <mode.nested>",
        "<maxCommandLineLength>8193</maxCommandLineLength> | invalid value '8193' for <maxCommandLineLength>: expected a whole number from 6 to 8192",
        "<maxCommandLineLength>5</maxCommandLineLength>    | invalid value '5' for <maxCommandLineLength>",
        "<maxCommandLineLength>1k</maxCommandLineLength>   | invalid value '1k' for <maxCommandLineLength>",
        "<maxUnknownCommands>0</maxUnknownCommands>        | invalid value '0' for <maxUnknownCommands>: expected a whole number from 1",
        "<maxUnknownCommands>-1</maxUnknownCommands>       | invalid value '-1' for <maxUnknownCommands>",
        "<rejectBareCrInData>no</rejectBareCrInData>       | invalid value 'no' for <rejectBareCrInData>: expected true or false",
        "<greetingDelay>-1</greetingDelay>                 | invalid value '-1' for <greetingDelay>: expected a whole number from 0 to 30000",
        "<greetingDelay>1s</greetingDelay>                 | invalid value '1s' for <greetingDelay>",
        "<maxUnknownCommand>5</maxUnknownCommand>          | unknown element <maxUnknownCommand>",
        "<auditFormat>syslog</auditFormat>                 | invalid value 'syslog' for <auditFormat>: expected cisco or json",
        "<alert>off</alert>                                | invalid value 'off' for <alert>: expected true or false",
        "<dryRun>yes</dryRun>                              | invalid value 'yes' for <dryRun>: expected true or false",
        "<auditTrail>1</auditTrail>                        | invalid value '1' for <auditTrail>: expected true or false",
    })
    void badConfigurationNamesElementAndValue(String children, String message) {
        assertThatThrownBy(() -> MailGuardConfig.from(handler(children)))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining(message);
    }
}
