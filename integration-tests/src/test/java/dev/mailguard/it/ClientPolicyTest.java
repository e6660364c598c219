package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.DEMO_PASSWORD;
import static dev.mailguard.it.MailGuardServerFixture.DEMO_USER;
import static dev.mailguard.it.MailGuardServerFixture.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailguard.demo.MailGuardServer.ConfigurationEdit;

/**
 * Per-client policies end to end: a {@code <policy>} inside MailGuard's handler applies to the
 * clients of its networks from connect (the TCP peer's address, IPv4 or IPv6, or the source a PROXY
 * protocol header announces) or to a session from a successful AUTH on, overriding the settings it
 * sets; every other session keeps the handler's own settings, the {@code default} policy. Records
 * end with the session's policy, and the status route lists each policy with its settings and its
 * counters. The relaxed client binds its socket to 127.0.0.2 (Linux routes all of 127.0.0.0/8 to
 * loopback); the other clients come from 127.0.0.1.
 */
class ClientPolicyTest {
    private static final int MX = 0;
    private static final int SUBMISSION = 1;
    /** EXPN answered by James itself: MailGuard let the line through. */
    private static final String JAMES_EXPN = "502 5.3.3 EXPN is not supported";
    private static final String MASKED = "500 5.5.1 Command unknown: 'XXXX'";

    /** One server for a nested class's tests; one at a time, as James registers fixed MBean names. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Booted {
        /** Built when the subclass is made: {@link #policies()} must not read the subclass's fields. */
        @RegisterExtension
        final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().edit(policies()).auditCapture().build();

        abstract ConfigurationEdit policies();

        /** The 108004 records written so far in this test: the only records these sessions provoke. */
        List<String> dropped() {
            return server.audit().records("108004");
        }
    }

    @Nested
    class ByNetworkAndByAuthentication extends Booted {
        private final InetAddress relaxedClient = address("127.0.0.2");
        private final InetAddress outsideClient = address(LOOPBACK);

        @Override
        ConfigurationEdit policies() {
            return ConfVariant.all(
                ConfVariant.addToMailGuard(MX, "<policy name=\"relays\"><clients>127.0.0.2/32, ::1/128</clients>"
                    + "<allow>EXPN</allow><maxRecipients>1000</maxRecipients></policy>"),
                ConfVariant.addToMailGuard(SUBMISSION, "<policy name=\"submitters\"><authenticated>true</authenticated>"
                    + "<allow>EXPN</allow></policy>"));
        }

        @Test
        void aClientInTheRelaxedNetworkMayExpnAndGive150Recipients() throws Exception {
            try (SmtpLines smtp = SmtpLines.from(relaxedClient, mx())) {
                assertThat(smtp.send("EHLO relay.example")).startsWith("250");
                assertThat(smtp.send("EXPN staff")).isEqualTo(JAMES_EXPN);
                assertThat(smtp.send("MAIL FROM:<sender@example.org>")).startsWith("250 ");
                for (int n = 1; n <= 150; n++) {
                    assertThat(smtp.send(rcpt(n))).as("RCPT %d", n).startsWith("250 ");
                }
                assertThat(smtp.send("XYZZ")).isEqualTo(MASKED);
                assertThat(dropped()).singleElement().asString()
                    .contains(" from 127.0.0.2/" + smtp.localPort() + " to ")
                    .endsWith("; matched cmd verb XYZZ policy relays");
            }
        }

        @Test
        void aClientOutsideItKeepsTheHandlersOwnSettings() throws Exception {
            try (SmtpLines smtp = SmtpLines.from(outsideClient, mx())) {
                assertThat(smtp.send("EHLO client.example")).startsWith("250");
                assertThat(smtp.send("EXPN staff")).isEqualTo(MASKED);
                assertThat(smtp.send("MAIL FROM:<sender@example.org>")).startsWith("250 ");
                for (int n = 1; n <= 100; n++) {
                    assertThat(smtp.send(rcpt(n))).as("RCPT %d", n).startsWith("250 ");
                }
                assertThat(smtp.send(rcpt(101))).isEqualTo("452 4.5.3 Too many recipients");
                String from = " from 127.0.0.1/" + smtp.localPort() + " to ";
                assertThat(dropped()).satisfiesExactly(
                    expn -> assertThat(expn).contains(from).endsWith("; matched cmd verb EXPN policy default"),
                    recipient -> assertThat(recipient).contains(from).endsWith("; matched cmd RCPT count gt 100 policy default"));
            }
        }

        /** James 3.8.1 reads no IPv6 address from {@code <bind>}: the MX listener is given ::1 once started. */
        @Test
        void anIpv6ClientIsMatchedByAnIpv6Network() throws Exception {
            InetAddress ipv6Loopback = ipv6Loopback();
            InetSocketAddress listening = server.alsoListen(MX, ipv6Loopback);
            try (SmtpLines smtp = SmtpLines.from(ipv6Loopback, listening)) {
                assertThat(smtp.send("EHLO relay.example")).startsWith("250");
                assertThat(smtp.send("EXPN staff")).isEqualTo(JAMES_EXPN);
                assertThat(smtp.send("XYZZ")).isEqualTo(MASKED);
                assertThat(dropped()).singleElement().asString()
                    .contains(" from 0:0:0:0:0:0:0:1/" + smtp.localPort() + " to ")
                    .endsWith("; matched cmd verb XYZZ policy relays");
            }
        }

        @Test
        void aSuccessfulAuthSwitchesToTheAuthenticatedPolicyAndAFailedOneDoesNot() throws Exception {
            try (SmtpLines smtp = new SmtpLines(server.submissionPort().orElseThrow())) {
                assertThat(smtp.send("EHLO client.example")).startsWith("250");
                smtp.startTls();
                assertThat(smtp.send("EHLO client.example")).contains("AUTH LOGIN PLAIN");
                assertThat(smtp.send("EXPN staff")).as("before AUTH").isEqualTo(MASKED);
                assertThat(smtp.send("AUTH PLAIN " + Sasl.plain(DEMO_USER, "wrong"))).startsWith("535 ");
                assertThat(smtp.send("EXPN staff")).as("after a failed AUTH").isEqualTo(MASKED);
                assertThat(smtp.send("AUTH PLAIN " + Sasl.plain(DEMO_USER, DEMO_PASSWORD))).startsWith("235 ");
                assertThat(smtp.send("EXPN staff")).as("after AUTH").isEqualTo(JAMES_EXPN);
                assertThat(smtp.send("XYZZ")).isEqualTo(MASKED);
            }
            assertThat(dropped()).satisfiesExactly(
                beforeAuth -> assertThat(beforeAuth).endsWith("; matched cmd verb EXPN policy default"),
                afterFailedAuth -> assertThat(afterFailedAuth).endsWith("; matched cmd verb EXPN policy default"),
                afterAuth -> assertThat(afterAuth).endsWith("; matched cmd verb XYZZ policy submitters"));
        }

        @Test
        void theStatusRouteListsEachPolicyWithItsSettingsAndCounters() throws Exception {
            JsonNode before = StatusRoute.of(server);
            assertThat(namesByChain(before)).containsExactly("0 default", "0 relays", "1 default", "1 submitters");
            JsonNode relays = policy(before, MX, "relays");
            JsonNode mxDefault = policy(before, MX, "default");
            assertThat(texts(relays.at("/clients"))).containsExactly("127.0.0.2/32", "::1/128");
            assertThat(relays.at("/authenticated").asBoolean()).isFalse();
            assertThat(relays.at("/settings/maxRecipients").asLong()).isEqualTo(1000);
            assertThat(texts(relays.at("/settings/verbs"))).contains("EXPN", "EHLO");
            assertThat(texts(mxDefault.at("/clients"))).isEmpty();
            assertThat(mxDefault.at("/settings/maxRecipients").asLong()).isEqualTo(100);
            assertThat(texts(mxDefault.at("/settings/verbs"))).contains("EHLO").doesNotContain("EXPN");
            assertThat(policy(before, SUBMISSION, "submitters").at("/authenticated").asBoolean()).isTrue();

            try (SmtpLines smtp = SmtpLines.from(relaxedClient, mx())) {
                assertThat(smtp.send("EHLO relay.example")).startsWith("250");
                assertThat(smtp.send("NOOP")).startsWith("250");
                assertThat(smtp.send("QUIT")).startsWith("221");
            }

            long sessionsBefore = relays.at("/counters/sessions").asLong();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                JsonNode counters = policy(StatusRoute.of(server), MX, "relays").at("/counters");
                return counters.at("/sessions").asLong() == sessionsBefore + 1 && counters.at("/activeSessions").asLong() == 0;
            });
            JsonNode after = StatusRoute.of(server);
            assertThat(policy(after, MX, "relays").at("/counters/commandsInspected").asLong())
                .isEqualTo(relays.at("/counters/commandsInspected").asLong() + 3);
            assertThat(policy(after, MX, "default").at("/counters/sessions").asLong())
                .as("the default policy saw no session").isEqualTo(mxDefault.at("/counters/sessions").asLong());
        }

        private InetSocketAddress mx() {
            return new InetSocketAddress(outsideClient, server.smtpPort());
        }
    }

    @Nested
    class BehindALoadBalancer extends Booted {
        @Override
        ConfigurationEdit policies() {
            return ConfVariant.all(ConfVariant.proxyRequired(MX),
                ConfVariant.addToMailGuard(MX, "<policy name=\"balanced\"><clients>192.0.2.0/24</clients><allow>EXPN</allow></policy>"));
        }

        @Test
        void theAnnouncedSourceSelectsItsPolicy() throws Exception {
            try (SmtpLines smtp = SmtpLines.behindProxy(server.smtpPort(), "PROXY TCP4 192.0.2.7 127.0.0.1 40000 25\r\n")) {
                assertThat(smtp.send("EHLO relay.example")).startsWith("250");
                assertThat(smtp.send("EXPN staff")).isEqualTo(JAMES_EXPN);
                assertThat(smtp.send("XYZZ")).isEqualTo(MASKED);
            }
            assertThat(dropped()).singleElement().asString()
                .contains(" from 192.0.2.7/40000 to ")
                .endsWith("; matched cmd verb XYZZ policy balanced");
        }

        @Test
        void anAnnouncedSourceOutsideItsNetworksGetsTheDefault() throws Exception {
            try (SmtpLines smtp = SmtpLines.behindProxy(server.smtpPort(), "PROXY TCP4 198.51.100.9 127.0.0.1 40001 25\r\n")) {
                assertThat(smtp.send("EHLO client.example")).startsWith("250");
                assertThat(smtp.send("EXPN staff")).isEqualTo(MASKED);
            }
            assertThat(dropped()).singleElement().asString()
                .contains(" from 198.51.100.9/40001 to ")
                .endsWith("; matched cmd verb EXPN policy default");
        }
    }

    private static String rcpt(int n) {
        return "RCPT TO:<rcpt" + n + "@example.net>";
    }

    /** ::1, where the machine has IPv6 loopback; without it skipped on a developer machine, failed under CI. */
    static InetAddress ipv6Loopback() {
        InetAddress loopback = address("::1");
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            return loopback;
        } catch (IOException e) {
            String message = "IPv6 loopback (::1) is unavailable on this machine (" + e.getMessage() + ")";
            if (ExternalProgram.underCi()) {
                throw new AssertionError(message + ": CI must provide it");
            }
            Assumptions.abort(message + ": the IPv6 policy case is skipped");
            return null;
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Each policy of the status route as "CHAIN NAME", in the route's order. */
    private static List<String> namesByChain(JsonNode status) {
        List<String> names = new ArrayList<>();
        status.at("/policies").forEach(policy -> names.add(policy.at("/chain").asInt() + " " + policy.at("/name").asText()));
        return names;
    }

    private static JsonNode policy(JsonNode status, int chain, String name) {
        for (JsonNode policy : status.at("/policies")) {
            if (policy.at("/chain").asInt() == chain && policy.at("/name").asText().equals(name)) {
                return policy;
            }
        }
        throw new AssertionError("no policy " + name + " of chain " + chain + " in " + status.at("/policies"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
