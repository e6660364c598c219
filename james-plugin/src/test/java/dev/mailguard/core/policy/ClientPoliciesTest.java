package dev.mailguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.stream.Stream;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.MailGuardConfigTest;

/** Reading {@code <policy>} elements: inheritance, selection, and every mistake that must stop James. */
class ClientPoliciesTest {
    private static final String RELAYS = "<policy name=\"relays\"><clients>127.0.0.0/8, ::1/128</clients>"
        + "<allow>EXPN</allow><maxRecipients>1000</maxRecipients></policy>";
    private static final String SUBMITTERS = "<policy name=\"submitters\"><authenticated>true</authenticated>"
        + "<maxData>50000000</maxData></policy>";

    private static ClientPolicies read(String children) throws ConfigurationException {
        return ClientPolicies.from(MailGuardConfigTest.handler(children));
    }

    @Test
    void aHandlerWithoutPoliciesHasOnlyItsOwnSettingsAndRecordsNameNone() throws Exception {
        ClientPolicies policies = read("<maxRecipients>50</maxRecipients>");

        assertThat(policies.hasPolicies()).isFalse();
        assertThat(policies.atConnect(InetAddress.getByName("127.0.0.1")).config().maxRecipients()).isEqualTo(50);
        assertThat(policies.defaultPolicy().recordedName()).isEmpty();
        assertThat(policies.authenticated()).isEmpty();
    }

    @Test
    void aPolicyOverridesWhatItSetsAndInheritsTheRestFromTheHandler() throws Exception {
        ClientPolicies policies = read("<maxRecipients>50</maxRecipients><maxData>1000</maxData>" + RELAYS);
        MailGuardConfig relays = policies.all().get(1).config();

        assertThat(relays.maxRecipients()).isEqualTo(1000);
        assertThat(relays.allowlist().allows("EXPN")).isTrue();
        assertThat(relays.maxData()).isEqualTo(1000);
        assertThat(policies.defaultPolicy().config().allowlist().allows("EXPN")).isFalse();
        assertThat(policies.defaultPolicy().config().maxRecipients()).isEqualTo(50);
    }

    @Test
    void clientsSelectAtConnectAndOthersGetTheDefault() throws Exception {
        ClientPolicies policies = read(RELAYS + SUBMITTERS);

        assertThat(policies.atConnect(InetAddress.getByName("127.0.0.2")).name()).isEqualTo("relays");
        assertThat(policies.atConnect(InetAddress.getByName("::1")).name()).isEqualTo("relays");
        assertThat(policies.atConnect(InetAddress.getByName("192.0.2.1")).name()).isEqualTo("default");
        assertThat(policies.authenticated()).map(ClientPolicy::name).contains("submitters");
        assertThat(policies.all()).extracting(ClientPolicy::recordedName)
            .map(name -> name.orElse("none")).containsExactly("default", "relays", "submitters");
    }

    @Test
    void theFirstPolicyInDocumentOrderWinsForAClientInTwoNetworks() throws Exception {
        ClientPolicies policies = read("<policy name=\"wide\"><clients>10.0.0.0/8</clients></policy>"
            + "<policy name=\"narrow\"><clients>10.1.0.0/16</clients></policy>");

        assertThat(policies.atConnect(InetAddress.getByName("10.1.2.3")).name()).isEqualTo("wide");
    }

    @Test
    void clientsMayBeRepeatedAndSeparatedBySpacesOrCommas() throws Exception {
        ClientPolicies policies = read("<policy name=\"lan\"><clients>10.0.0.0/8 192.168.0.0/16</clients>"
            + "<clients>2001:db8::/32</clients></policy>");

        assertThat(policies.all().get(1).clients()).extracting(Object::toString)
            .containsExactly("10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
            Arguments.of("a bad CIDR", "<policy name=\"a\"><clients>10.0.0.300/8</clients></policy>",
                "<clients>10.0.0.300/8</clients> in <policy name=\"a\">"),
            Arguments.of("host bits set", "<policy name=\"a\"><clients>10.0.0.1/8</clients></policy>",
                "<clients>10.0.0.1/8</clients> in <policy name=\"a\">: '10.0.0.1/8' has host bits set"),
            Arguments.of("a network in two policies", "<policy name=\"a\"><clients>10.0.0.0/8</clients></policy>"
                + "<policy name=\"b\"><clients>10.0.0.0/8</clients></policy>",
                "10.0.0.0/8 is in <policy name=\"a\"> and in <policy name=\"b\">"),
            Arguments.of("a duplicate name", "<policy name=\"a\"><clients>10.0.0.0/8</clients></policy>"
                + "<policy name=\"a\"><clients>10.1.0.0/16</clients></policy>", "<policy name=\"a\"> is defined twice"),
            Arguments.of("the default's name", "<policy name=\"default\"><clients>10.0.0.0/8</clients></policy>",
                "<policy name=\"default\"> names the handler's own settings"),
            Arguments.of("no name", "<policy><clients>10.0.0.0/8</clients></policy>", "<policy name=\"\">: a policy needs a name"),
            Arguments.of("a name with a space", "<policy name=\"my relays\"><clients>10.0.0.0/8</clients></policy>",
                "<policy name=\"my relays\">: a policy needs a name"),
            Arguments.of("an unknown element", "<policy name=\"a\"><clients>10.0.0.0/8</clients><maxRcpt>5</maxRcpt></policy>",
                "unknown element <maxRcpt> in <policy name=\"a\">"),
            Arguments.of("a listener setting", "<policy name=\"a\"><clients>10.0.0.0/8</clients><auditFormat>json</auditFormat></policy>",
                "<auditFormat> in <policy name=\"a\">: it applies to the whole listener"),
            Arguments.of("a bad value", "<policy name=\"a\"><clients>10.0.0.0/8</clients><maxRecipients>many</maxRecipients></policy>",
                "invalid value 'many' for <maxRecipients>: expected a whole number from 1 to 2147483647 (in <policy name=\"a\">)"),
            Arguments.of("two authenticated policies", "<policy name=\"a\"><authenticated>true</authenticated></policy>"
                + "<policy name=\"b\"><authenticated>true</authenticated></policy>",
                "<authenticated>true</authenticated> in <policy name=\"a\"> and in <policy name=\"b\">"),
            Arguments.of("authenticated not a boolean", "<policy name=\"a\"><authenticated>yes</authenticated></policy>",
                "<authenticated>yes</authenticated> in <policy name=\"a\">"),
            Arguments.of("a policy selecting nothing", "<policy name=\"a\"><maxRecipients>5</maxRecipients></policy>",
                "<policy name=\"a\"> selects no session"),
            Arguments.of("empty clients", "<policy name=\"a\"><clients></clients></policy>",
                "<clients> in <policy name=\"a\"> is empty"),
            Arguments.of("a policy inside a policy", "<policy name=\"a\"><clients>10.0.0.0/8</clients>"
                + "<policy name=\"b\"><clients>10.1.0.0/16</clients></policy></policy>", "unknown element <policy> in <policy name=\"a\">"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void aMistakeStopsJamesNamingTheElementAndValue(String name, String children, String told) {
        assertThatThrownBy(() -> read(children))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith("MailGuard")
            .hasMessageContaining(told);
    }
}
