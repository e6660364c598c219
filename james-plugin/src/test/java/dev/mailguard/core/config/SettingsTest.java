package dev.mailguard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;

class SettingsTest {
    /** Every declaration is in one group, and the groups list them in the order they are declared. */
    @Test
    void theGroupsHoldEveryDeclarationInDocumentOrder() throws IllegalAccessException {
        List<Setting<?>> declared = new ArrayList<>();
        for (Field field : Settings.class.getDeclaredFields()) {
            if (field.getType() == Setting.class && Modifier.isStatic(field.getModifiers())) {
                declared.add((Setting<?>) field.get(null));
            }
        }

        assertThat(Settings.GROUPS.stream().flatMap(group -> group.settings().stream())).containsExactlyElementsOf(declared);
        assertThat(Settings.ALL).isEqualTo(Settings.HANDLER.settings());
        for (SettingGroup group : Settings.GROUPS) {
            assertThat(group.settings().stream().map(Setting::element).distinct()).as("<%s>", group)
                .hasSameSizeAs(group.settings());
        }
    }

    /** A configuration keeps each value at its setting's index: every index must be the setting's place in its group. */
    @Test
    void eachSettingsIndexIsItsPlaceInItsGroup() {
        for (SettingGroup group : Settings.GROUPS) {
            for (int i = 0; i < group.settings().size(); i++) {
                assertThat(group.settings().get(i).index()).as(group.settings().get(i).element()).isEqualTo(i);
            }
        }
    }

    @Test
    void aSettingBelongsToOneGroup() {
        assertThatThrownBy(() -> new SettingGroup("again", List.of(Settings.MODE)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("mode");
    }

    @Test
    void aConfigurationGivesOnlyItsGroupsSettings() {
        assertThatThrownBy(() -> MailGuardConfig.defaults().get(Settings.THRESHOLD))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
    }

    @Test
    void onlyTheAuditFormatIsPerListener() {
        assertThat(Settings.ALL.stream().filter(setting -> !setting.policyMayOverride()))
            .containsExactly(Settings.AUDIT_FORMAT);
        assertThat(Settings.PENALTY_BOX.settings()).allMatch(setting -> setting.scope() == Setting.Scope.LISTENER);
        assertThat(Settings.POLICY_SETTINGS.settings()).allMatch(setting -> setting.scope() == Setting.Scope.POLICY);
        assertThat(Settings.AUDIT_FORMAT.scope()).isEqualTo(Setting.Scope.LISTENER);
    }

    @Test
    void literalDefaultsAreDocumentedAsWritten() {
        assertThat(Settings.EHLO_KEYWORDS.documentedDefault())
            .isEqualTo("`SIZE PIPELINING 8BITMIME BINARYMIME DSN ETRN AUTH ENHANCEDSTATUSCODES`");
        assertThat(Settings.MAX_DATA.documentedDefault()).isEqualTo("`20000000`");
        assertThat(Settings.MASK_BANNER.documentedDefault()).isEqualTo("`hostname`");
        assertThat(Settings.BANNER_NAME.documentedDefault()).isEqualTo("James's `helloName`");
        assertThat(Settings.ALLOW.documentedDefault()).isEqualTo("none");
        assertThat(Settings.ALL.stream().filter(setting -> setting.defaultText().isEmpty()))
            .containsExactly(Settings.ALLOW, Settings.DENY, Settings.BANNER_NAME, Settings.DENY_MIME_FILENAMES,
                Settings.DENY_MIME_TYPES, Settings.DENY_MIME_ENCODINGS, Settings.DENY_SENDERS);
        for (Setting<?> setting : Settings.ALL) {
            setting.defaultText().ifPresent(text -> assertThat(setting.documentedDefault()).isEqualTo("`" + text + "`"));
            assertThat(setting.description()).as(setting.element()).endsWith(".").doesNotContain("\n");
        }
    }

    /** Writing each default back into its element changes nothing: the text is what the setting reads. */
    @Test
    void eachDefaultReadsBackAsItself() throws ConfigurationException {
        StringBuilder children = new StringBuilder();
        for (Setting<?> setting : Settings.ALL) {
            setting.defaultText().ifPresent(text -> children.append('<').append(setting.element()).append('>')
                .append(text).append("</").append(setting.element()).append('>'));
        }

        MailGuardConfig written = MailGuardConfig.from(MailGuardConfigTest.handler(children.toString()));

        assertThat(written.settings()).isEqualTo(MailGuardConfig.defaults().settings());
    }

    @Test
    void defaultsAsTheLogShowsThem() {
        assertThat(MailGuardConfig.defaults().toString()).isEqualTo("mode=esmtp allowTls=true"
            + " verbs=[AUTH, DATA, EHLO, ETRN, HELO, HELP, MAIL, NOOP, QUIT, RCPT, RSET, SAML, SEND, SOML, STARTTLS, VRFY]"
            + " maskBanner=hostname bannerName=null maskSoftwareName=true"
            + " ehloKeywords=[SIZE, PIPELINING, 8BITMIME, BINARYMIME, DSN, ETRN, AUTH, ENHANCEDSTATUSCODES, STARTTLS]"
            + " maxData=20000000 maxRecipients=100 maxAddressLength=320 maliciousAddressAction=reject"
            + " maxCommandLineLength=512 maxUnknownCommands=20 rejectBareCrInData=true greetingDelay=0"
            + " auditFormat=cisco alert=true dryRun=false auditTrail=false penaltyBoxExempt=false authRequiresTls=true"
            + " maxAuthFailures=3 maxConnectionRate=0 maxMessageRate=0 maxRecipientRate=0 maxHeaderLineLength=998"
            + " headerLineAction=drop-connection maxHeaderLength=0 headerLengthAction=reject maxHeaderRecipients=0"
            + " headerRecipientsAction=reject maxBodyLineLength=998 bodyLineAction=log maxMimeFilenameLength=255"
            + " denyMimeFilenames=[] mimeFilenameAction=drop-connection denyMimeTypes=[] mimeTypeAction=reject"
            + " denyMimeEncodings=[] mimeEncodingAction=reject maxInvalidRecipients=0 denySenders=[]");
    }

    @Test
    void anUnknownElementIsToldEveryKnownOne() {
        String known = Stream.concat(Settings.ALL.stream().map(Setting::element), Stream.of("policy", "penaltyBox"))
            .map(element -> "<" + element + ">").sorted().collect(Collectors.joining(", "));

        assertThatThrownBy(() -> MailGuardConfig.from(MailGuardConfigTest.handler("<maxData>1</maxData><polcy/>")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessage("MailGuard: unknown element <polcy> in the handler configuration; known elements are " + known);
    }
}
