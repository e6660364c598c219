package dev.mailguard.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deployment.md, "Handing bans to the firewall: fail2ban": clients misbehave against a real
 * James, each from its own address, MailGuard's records reach a file through the AUDIT_FAIL2BAN
 * appender of conf/logback.xml, and fail2ban-regex with conf/fail2ban's filter must match each record
 * that names a client to ban, once, and ban that client: never the address a client wrote into its
 * own text, never a client that only slipped (a single unknown verb, a rejected address).
 */
class Fail2banFilterTest {
    private static final String GUESSER = "127.0.0.9";
    private static final String UNKNOWN_COMMANDS = "127.0.0.3";
    private static final String MALICIOUS = "127.0.0.4";
    private static final String TALKER = "127.0.0.5";
    private static final String TOO_OFTEN = "127.0.0.6";
    private static final String BARE_LF = "127.0.0.7";
    private static final String PIPELINER = "127.0.0.8";
    /** Behaves, and is the address the others write into their user name and sender address. */
    private static final String FRIEND = "127.0.0.20";
    private static final int CONNECTIONS_PER_MINUTE = 3;
    /**
     * The MX listener's settings. A rate needs the penalty box (it counts there); its memory store is
     * shared with the submission listeners, whose maxEntries it keeps by default. The talker's policy
     * waits for it to talk first; the friend's rejects a malformed address without closing.
     */
    private static final String MX_SETTINGS = "<maxUnknownCommands>1</maxUnknownCommands>"
        + "<maliciousAddressAction>drop-connection</maliciousAddressAction>"
        + "<maxConnectionRate>" + CONNECTIONS_PER_MINUTE + "</maxConnectionRate>"
        + "<penaltyBox/>"
        + "<policy name=\"talkers\"><clients>" + TALKER + "</clients><greetingDelay>2000</greetingDelay></policy>"
        + "<policy name=\"friends\"><clients>" + FRIEND + "</clients><maliciousAddressAction>reject</maliciousAddressAction></policy>";

    /**
     * What tells apart, in the log, each kind of record that names a client to ban, with how many of
     * it the clients below cause: five guesses, the box they earn and one refused return; one of each
     * other kind.
     */
    private static final Map<String, Integer> CAUSED = caused();

    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().mailGuardSettings(MX_SETTINGS).build();

    @TempDir
    static Path logDirectory;
    private static Fail2banAuditFile auditFile;

    @BeforeAll
    static void attachAuditFile() throws Exception {
        auditFile = Fail2banAuditFile.attach(logDirectory);
    }

    @AfterAll
    static void detachAuditFile() {
        if (auditFile != null) {
            auditFile.close();
        }
    }

    private static Map<String, Integer> caused() {
        Map<String, Integer> caused = new LinkedHashMap<>();
        caused.put("-6-113015: ", 5);
        caused.put("-4-733102: ", 1);
        caused.put("-4-401004: ", 1);
        caused.put("-4-733100: ", 1);
        caused.put("-2-108003: Terminating ", 1);
        caused.put("; matched unknown cmd count gt ", 1);
        caused.put("; matched pre-greeting traffic", 1);
        caused.put("; matched cmd pipelining", 1);
        caused.put("; matched data bare LF", 1);
        return caused;
    }

    @Test
    void theFilterBansEachMisbehavingClientForEachRecordAndNeverTheOneThatBehaved() throws Exception {
        Fail2banRegex fail2banRegex = Fail2banRegex.require();
        MisbehavingClients clients = new MisbehavingClients(server);
        clients.slipsAndSendsMail(FRIEND);
        clients.tooManyUnknownCommands(UNKNOWN_COMMANDS);
        clients.maliciousAddress(MALICIOUS, FRIEND);
        clients.talksBeforeTheGreeting(TALKER);
        clients.sendsContentBeforeThe354(PIPELINER);
        clients.sendsBareLfInData(BARE_LF);
        clients.connectsTooOften(TOO_OFTEN, CONNECTIONS_PER_MINUTE);
        clients.guessesPasswords(GUESSER, FRIEND);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(auditFile.lines(), "-4-733102: ") == 1);
        clients.comesBackWhileBoxed(GUESSER);
        await().atMost(Duration.ofSeconds(10)).until(() -> banning(auditFile.lines()).size() == total());

        List<String> log = auditFile.lines();
        CAUSED.forEach((kind, times) -> assertThat(count(log, kind)).as("records %s in %s", kind, log).isEqualTo(times.longValue()));
        // the friend's own records, not those whose client text names it
        List<String> friendLines = log.stream().filter(line -> line.contains("Request from " + FRIEND + "/")
            || line.contains("mail address from " + FRIEND + "/")).collect(Collectors.toList());
        assertThat(friendLines).as("the friend's slips were recorded").hasSize(2)
            .anyMatch(line -> line.endsWith("; matched cmd verb XYZZY policy friends"))
            .anyMatch(line -> line.contains("-2-108003: Rejecting ESMTP/SMTP command;"));

        Fail2banRegex.Report report = fail2banRegex.run(auditFile.file(), filter());
        assertThat(report.lines()).as(report.printed()).isEqualTo(log.size());
        assertThat(report.dateTemplateHits()).as("every line's timestamp read: %s", report.printed()).containsExactly(log.size());
        assertThat(report.matchedLines()).as(report.printed()).containsExactlyElementsOf(banning(log))
            .doesNotContainAnyElementsOf(friendLines);
        assertThat(report.matched()).isEqualTo(total());
        assertThat(report.bans()).as("the client each match bans").containsExactlyInAnyOrder(
            GUESSER, GUESSER, GUESSER, GUESSER, GUESSER, GUESSER, GUESSER,
            UNKNOWN_COMMANDS, MALICIOUS, TALKER, PIPELINER, BARE_LF, TOO_OFTEN);
    }

    /**
     * The loopback clients above are IPv4. An IPv6 client is written as Java writes it, in full, and its
     * box names its /64 (records as docs/reference.md shows them): the /64 is banned as a network.
     */
    @Test
    void anIpv6ClientIsBannedByItsAddressAndItsBoxByItsNetwork() throws Exception {
        Path log = logDirectory.resolve("ipv6.log");
        Files.write(log, List.of(
            "2026-01-02 10:00:00.001 %MAILGUARD-6-113015: AAA user authentication Rejected : reason = Invalid password"
                + " : local database : user = demo@localhost : user IP = 2001:db8:1:2:0:0:0:10",
            "2026-01-02 10:00:00.002 %MAILGUARD-4-733102: Threat-detection adds host 2001:db8:1:2::/64 to shun list",
            "2026-01-02 10:00:00.003 %MAILGUARD-4-401004: Shunned connection from 2001:db8:1:2:0:0:0:10/51240"
                + " to 2001:db8:0:0:0:0:0:25/25 policy default",
            "2026-01-02 10:00:00.004 %MAILGUARD-4-108004: ESMTP Classification: Dropped ESMTP Request from"
                + " 2001:db8:0:0:0:0:0:6/51234 to 2001:db8:0:0:0:0:0:25/25; matched unknown cmd count gt 20"), UTF_8);

        assertThat(Fail2banRegex.require().run(log, filter()).bans())
            .containsExactly("2001:db8:1:2::10", "2001:db8:1:2::/64", "2001:db8:1:2::10", "2001:db8::6");
    }

    @Test
    void theJailReadsTheFileTheAppenderWrites() throws Exception {
        Matcher logpath = Pattern.compile("(?m)^logpath\\s*=\\s*(\\S+)$")
            .matcher(Files.readString(fail2banConf().resolve("jail.d/mailguard.local"), UTF_8));

        assertThat(logpath.find()).as("the jail has a logpath").isTrue();
        assertThat(Path.of(logpath.group(1))).isEqualTo(Fail2banAuditFile.shippedFile());
    }

    private static List<String> banning(List<String> log) {
        return log.stream().filter(line -> CAUSED.keySet().stream().anyMatch(line::contains)).collect(Collectors.toList());
    }

    private static long count(List<String> log, String kind) {
        return log.stream().filter(line -> line.contains(kind)).count();
    }

    private static int total() {
        return CAUSED.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Path filter() {
        return fail2banConf().resolve("filter.d/mailguard.conf");
    }

    private static Path fail2banConf() {
        return MailGuardServerFixture.confDirectory().resolve("fail2ban");
    }
}
