package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of invalid MailGuard setting stops James at start (docs/reference.md, "Settings"): the run command
 * exits with status 2 and its last line names the element and the value. Each row is one edit of
 * conf/smtpserver.xml; the launchers start side by side so the table costs a few boots, not one per row.
 */
class InvalidConfigurationTest {
    private static final String HANDLER_OPEN = "<handler class=\"dev.mailguard.james.MailGuardCommandDispatcher\">";
    /** A setting of conf/'s handlers that the policy rows keep, putting their policies after it. */
    private static final String MAX_RECIPIENTS = "<maxRecipients>100</maxRecipients>";
    private static final String RELAYS = "<clients>10.0.0.0/8</clients>";
    private static final String AUTHENTICATED = "<authenticated>true</authenticated>";
    /** The MX listener's commented-out penalty box, the one place only that listener has. */
    private static final String MX_PENALTY_BOX_EXAMPLE = "<!--\n                <penaltyBox>";

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
            row("unknown mode", "<mode>esmtp</mode>", "<mode>strict</mode>", "invalid value 'strict' for <mode>: expected smtp or esmtp"),
            row("both modes", "<mode>esmtp</mode>", "<mode>esmtp</mode><mode>smtp</mode>",
                "<mode> is configured more than once with different values ('esmtp' and 'smtp')"),
            row("verb with bad syntax", "<allowTls>true</allowTls>", "<allowTls>true</allowTls><allow>X_VERB</allow>",
                "invalid value 'X_VERB' for <allow>"),
            row("negative limit", "<maxRecipients>100</maxRecipients>", "<maxRecipients>-5</maxRecipients>",
                "invalid value '-5' for <maxRecipients>: expected a whole number from 1 to 2147483647"),
            row("non-numeric limit", "<maxData>20000000</maxData>", "<maxData>20MB</maxData>", "invalid value '20MB' for <maxData>"),
            row("size out of range", "<maxData>20000000</maxData>", "<maxData>2G</maxData>",
                "invalid value '2G' for <maxData>: expected a whole number from 1 to 2147483647 (octets), or with a unit"),
            row("limit out of range", "<greetingDelay>0</greetingDelay>", "<greetingDelay>60000</greetingDelay>",
                "invalid value '60000' for <greetingDelay>: expected a whole number from 0 to 30000"),
            row("EHLO keyword with bad syntax", "<ehloKeywords>SIZE PIPELINING", "<ehloKeywords>SIZE PIPE_LINING",
                "for <ehloKeywords>: expected EHLO keywords separated by spaces"),
            row("unknown action", "<maliciousAddressAction>reject</maliciousAddressAction>",
                "<maliciousAddressAction>quarantine</maliciousAddressAction>",
                "invalid value 'quarantine' for <maliciousAddressAction>: expected reject or drop-connection"),
            row("unknown audit format", "<auditFormat>cisco</auditFormat>", "<auditFormat>syslog</auditFormat>",
                "invalid value 'syslog' for <auditFormat>: expected cisco or json"),
            row("not a boolean", "<dryRun>false</dryRun>", "<dryRun>sometimes</dryRun>", "invalid value 'sometimes' for <dryRun>"),
            row("unknown message rule action", "<headerLineAction>drop-connection</headerLineAction>",
                "<headerLineAction>quarantine</headerLineAction>",
                "invalid value 'quarantine' for <headerLineAction>: expected drop-connection, reject or log"),
            row("broken regular expression", "<maxInvalidRecipients>0</maxInvalidRecipients>",
                "<maxInvalidRecipients>0</maxInvalidRecipients><denyMimeFilenames>\\.(exe$</denyMimeFilenames>",
                "invalid value '\\.(exe$' for <denyMimeFilenames>: expected a Java regular expression (Unclosed group)"),
            row("not a media type", "<maxInvalidRecipients>0</maxInvalidRecipients>",
                "<maxInvalidRecipients>0</maxInvalidRecipients><denyMimeTypes>exe</denyMimeTypes>",
                "invalid value 'exe' for <denyMimeTypes>: expected media types such as application/x-msdownload or application/*"),
            row("misspelt element", "<maxRecipients>100</maxRecipients>", "<maxRecipient>100</maxRecipient>",
                "unknown element <maxRecipient> in the handler configuration"),
            row("two MailGuard handlers in one chain", HANDLER_OPEN,
                HANDLER_OPEN + "<mode>smtp</mode></handler>" + HANDLER_OPEN,
                "MailGuard: dev.mailguard.james.MailGuardCommandDispatcher is listed 2 times in one <handlerchain>"),
            row("James's own core handlers", "<handlerchain coreHandlersPackage=\"dev.mailguard.james.MailGuardCoreHandlers\">",
                "<handlerchain>", "MailGuard needs <handlerchain coreHandlersPackage=\"dev.mailguard.james.MailGuardCoreHandlers\">"),
            policyRow("policy with a bad network", policy("a", "<clients>10.0.0.300/8</clients>"),
                "<clients>10.0.0.300/8</clients> in <policy name=\"a\">: '10.0.0.300/8' is not an IPv4 or IPv6 network"),
            policyRow("network in two policies", policy("a", RELAYS) + policy("b", RELAYS),
                "the network 10.0.0.0/8 is in <policy name=\"a\"> and in <policy name=\"b\">"),
            policyRow("duplicate policy name", policy("a", RELAYS) + policy("a", "<clients>10.1.0.0/16</clients>"),
                "<policy name=\"a\"> is defined twice"),
            policyRow("unknown element in a policy", policy("a", RELAYS + "<maxRcpt>5</maxRcpt>"),
                "unknown element <maxRcpt> in <policy name=\"a\">"),
            policyRow("two authenticated policies", policy("a", AUTHENTICATED) + policy("b", AUTHENTICATED),
                "<authenticated>true</authenticated> in <policy name=\"a\"> and in <policy name=\"b\">"),
            policyRow("penalty box threshold out of range", "<penaltyBox><threshold>0</threshold></penaltyBox>",
                "invalid value '0' for <threshold>: expected a whole number from 1 to 1000 (in <penaltyBox>)"),
            row("no failed login allowed", "<maxAuthFailures>3</maxAuthFailures>", "<maxAuthFailures>0</maxAuthFailures>",
                "invalid value '0' for <maxAuthFailures>: expected a whole number from 1 to 1000"),
            row("a rate without a penalty box", "<maxConnectionRate>0</maxConnectionRate>",
                "<maxConnectionRate>60</maxConnectionRate>", "<maxConnectionRate>60</maxConnectionRate> needs <penaltyBox> in the handler"),
            policyRow("penalty box auth threshold out of range", "<penaltyBox><authThreshold>0</authThreshold></penaltyBox>",
                "invalid value '0' for <authThreshold>: expected a whole number from 1 to 1000 (in <penaltyBox>)"),
            row("listeners sharing the memory store disagree on its size", MX_PENALTY_BOX_EXAMPLE,
                "<penaltyBox><maxEntries>5000</maxEntries></penaltyBox>" + MX_PENALTY_BOX_EXAMPLE,
                "two listeners give <penaltyBox> with store memory different <maxEntries> (5000 and 100000)"),
            policyRow("penalty box window out of range", "<penaltyBox><window>366d</window></penaltyBox>",
                "invalid value '366d' for <window>: expected a duration from 1ms to 365d such as 500ms, 30s, 10m or 1h"
                    + " (in <penaltyBox>)"),
            policyRow("penalty box store Lettuce cannot read", "<penaltyBox><store>redis-sentinel://:Pw-1@localhost:26379</store></penaltyBox>",
                "invalid value 'redis-sentinel://:****@localhost:26379' for <store>: the Redis client (Lettuce) cannot read it:"
                    + " URI must contain the sentinelMasterId (in <penaltyBox>)"));
    }

    private static final Map<String, DemoProcess> LAUNCHED = new ConcurrentHashMap<>();

    @BeforeAll
    static void launchAll(@TempDir Path confs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Arguments row : (Iterable<Arguments>) invalidSettings()::iterator) {
                Object[] values = row.get();
                started.add(pool.submit(() -> {
                    Path conf = Files.createDirectories(confs.resolve(((String) values[0]).replace(' ', '-')));
                    DemoProcess.copyConf(conf);
                    Path smtpserver = conf.resolve("smtpserver.xml");
                    String xml = Files.readString(smtpserver);
                    assertThat(xml).as("conf/smtpserver.xml still holds %s", values[1]).contains((String) values[1]);
                    Files.writeString(smtpserver, xml.replace((String) values[1], (String) values[2]));
                    DemoProcess launched = DemoProcess.launch(DemoProcess.freePortsWith(conf));
                    LAUNCHED.put((String) values[0], launched);
                    launched.process.waitFor(3, TimeUnit.MINUTES);
                    return null;
                }));
            }
            for (Future<?> launch : started) {
                launch.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    static void stopAny() {
        LAUNCHED.values().forEach(launched -> launched.process.destroyForcibly());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void jamesRefusesToStart(String name, String original, String replacement, String message) throws Exception {
        DemoProcess launched = LAUNCHED.get(name);
        assertThat(launched.process.waitFor(0, TimeUnit.SECONDS)).as("%s: James must stop, not run", name).isTrue();
        launched.drained.join(10_000);
        assertThat(launched.process.exitValue()).as("exit status; output:%n%s", String.join("\n", launched.output)).isEqualTo(2);
        assertThat(launched.output.get(launched.output.size() - 1))
            .contains("James did not start: configuration error: ")
            .contains(message);
    }

    private static Arguments row(String name, String original, String replacement, String message) {
        return Arguments.of(name, original, replacement, message);
    }

    /** A row adding {@code policies} to MailGuard's handlers after conf/'s own settings. */
    private static Arguments policyRow(String name, String policies, String message) {
        return row(name, MAX_RECIPIENTS, MAX_RECIPIENTS + policies, message);
    }

    private static String policy(String name, String children) {
        return "<policy name=\"" + name + "\">" + children + "</policy>";
    }
}
