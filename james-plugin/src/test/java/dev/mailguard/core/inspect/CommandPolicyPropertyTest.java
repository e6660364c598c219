package dev.mailguard.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * Over a million generated command lines and addresses (random bytes, near-valid SMTP, every verb
 * with mutations, hostile addresses): no exception escapes the policy, every refusal is one of the
 * replies MailGuard defines and is well formed, every line given to James is one CRLF-ended line, and
 * every audit record stays one record in both formats.
 */
public class CommandPolicyPropertyTest {
    private static final CommandPolicy POLICY = CommandPolicyTest.policy("");
    private static final Set<String> ESMTP_KEYWORDS = Set.of("SIZE", "PIPELINING", "8BITMIME", "DSN", "AUTH", "ENHANCEDSTATUSCODES");
    private static final Endpoints ENDPOINTS = new Endpoints(new InetSocketAddress("192.0.2.1", 1), new InetSocketAddress("192.0.2.25", 25),
        "SMTP-1", "client.example");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every reply MailGuard defines; the variable parts are masks or validated, upper-cased keywords, never raw client bytes. */
    private static final Pattern DEFINED_REPLY = Pattern.compile(String.join("|",
        "500 5\\.5\\.1 Command unknown: 'X+'",
        "555 5\\.5\\.4 Unsupported parameter( [A-Z0-9][A-Z0-9-]{0,63})?",
        "555 5\\.5\\.4 Duplicate parameter [A-Z0-9]+",
        "501 5\\.5\\.4 Invalid value for parameter [A-Z0-9]+",
        Pattern.quote(SmtpReply.NOT_IMPLEMENTED.toString()), Pattern.quote(SmtpReply.EMPTY_COMMAND.toString()),
        Pattern.quote(SmtpReply.MESSAGE_TOO_BIG.toString()), Pattern.quote(SmtpReply.TOO_MANY_RECIPIENTS.toString()),
        Pattern.quote(SmtpReply.BAD_SENDER.toString()), Pattern.quote(SmtpReply.BAD_RECIPIENT.toString()),
        Pattern.quote(SmtpReply.CLOSING_MALICIOUS.toString()), Pattern.quote(SmtpReply.NOT_CRLF.toString()),
        Pattern.quote(SmtpReply.LINE_TOO_LONG.toString()), Pattern.quote(SmtpReply.TOO_MANY_UNRECOGNIZED.toString()),
        Pattern.quote(SmtpReply.IMPROPER_PIPELINING.toString()), Pattern.quote(SmtpReply.CONTENT_BEFORE_DATA_REPLY.toString()),
        Pattern.quote(SmtpReply.AUTH_NOT_ADVERTISED.toString())));
    private static final List<String> VERBS = List.of("HELO", "EHLO", "MAIL FROM:", "RCPT TO:", "DATA", "RSET", "NOOP", "QUIT",
        "VRFY", "EXPN", "HELP", "AUTH", "STARTTLS", "ETRN", "SAML", "SEND", "SOML", "TURN", "BDAT", "XEXCH50", "");

    @Property(tries = 300_000)
    void randomBytes(@ForAll("randomLines") byte[] line, @ForAll("sessions") SessionFacts session) {
        check(line, session);
    }

    @Property(tries = 300_000)
    void nearValidSmtp(@ForAll("nearValidLines") byte[] line, @ForAll("sessions") SessionFacts session) {
        check(line, session);
    }

    @Property(tries = 300_000)
    void everyVerbWithMutations(@ForAll("mutatedVerbs") byte[] line, @ForAll("sessions") SessionFacts session) {
        check(line, session);
    }

    @Property(tries = 200_000)
    void hostileAddresses(@ForAll("addresses") String address, @ForAll boolean mail, @ForAll("sessions") SessionFacts session) {
        check(((mail ? "MAIL FROM:" : "RCPT TO:") + address + "\r\n").getBytes(StandardCharsets.ISO_8859_1), session);
    }

    private static void check(byte[] line, SessionFacts session) {
        CommandOutcome outcome = POLICY.inspect(line, session);
        if (outcome.passes()) {
            String forJames = new String(outcome.line(), StandardCharsets.ISO_8859_1);
            assertThat(forJames).endsWith("\r\n");
            assertThat(forJames.substring(0, forJames.length() - 2)).doesNotContain("\r", "\n");
        } else {
            assertWellFormed(outcome.reply());
        }
        outcome.auditRecord(ENDPOINTS).ifPresent(CommandPolicyPropertyTest::assertOneRecord);
    }

    static void assertWellFormed(SmtpReply reply) {
        String text = reply.toString();
        assertThat(text).matches(DEFINED_REPLY);
        assertThat(text.length() + 2).as("octets with CRLF").isLessThanOrEqualTo(512);
        assertThat(text.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
        assertThat(reply.enhancedCode().charAt(0)).as("enhanced code class of %s", text).isEqualTo(reply.code().charAt(0));
    }

    public static void assertOneRecord(AuditRecord record) {
        String cisco = record.toCiscoLine();
        assertThat(cisco).startsWith("%MAILGUARD-");
        assertThat(cisco.indexOf("%MAILGUARD-", 1)).as("a second record prefix in %s", cisco).isNegative();
        assertThat(cisco.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
        String json = record.toJsonLine(Instant.EPOCH);
        assertThat(json.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
        try {
            JsonNode parsed = JSON.readTree(json);
            assertThat(parsed.isObject()).isTrue();
            assertThat(parsed.get("id").asInt()).isEqualTo(record.id());
            assertThat(parsed.get("message").asText()).isEqualTo(record.message());
        } catch (java.io.IOException e) {
            throw new AssertionError("not one JSON object: " + json, e);
        }
    }

    @Provide
    Arbitrary<SessionFacts> sessions() {
        return Combinators.combine(Arbitraries.of(Set.<String>of(), ESMTP_KEYWORDS), Arbitraries.of(0, 1, 99, 100),
                Arbitraries.of(0, 5, 19, 20), Arbitraries.of(false, false, false, true), Arbitraries.of(false, false, false, true))
            .as(CommandPolicyTest::facts);
    }

    @Provide
    Arbitrary<byte[]> randomLines() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(700);
    }

    @Provide
    Arbitrary<byte[]> nearValidLines() {
        Arbitrary<String> argument = Arbitraries.strings()
            .withChars("abcxyz09.@<>|\"\\:,=+- \t\u0000\r\n\u007f\u00e9\u00ff%")
            .ofMaxLength(80);
        Arbitrary<String> parameters = Arbitraries.of("", " SIZE=1000", " SIZE=99999999999", " SIZE=", " BODY=8BITMIME",
            " BODY=BINARYMIME", " SMTPUTF8", " RET=FULL", " NOTIFY=SUCCESS,DELAY", " ORCPT=rfc822;a+2Bb@c", " FOO=BAR",
            " SIZE=1 SIZE=2", " AUTH=<>", " size=10", " =x", " -X");
        Arbitrary<String> ending = Arbitraries.of("\r\n", "\r\n", "\r\n", "\n", "\r", "", "\r\r\n", "\n\r");
        return Combinators.combine(Arbitraries.of(VERBS), argument, parameters, ending)
            .as((verb, arg, params, end) -> (verb + (verb.endsWith(":") ? "" : " ") + arg + params + end)
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    @Provide
    Arbitrary<byte[]> mutatedVerbs() {
        Arbitrary<String> verb = Arbitraries.of(VERBS).map(v -> v.replace(":", ""));
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 12);
        Arbitrary<Character> inserted = Arbitraries.chars().range('\u0000', '\u00ff');
        Arbitrary<String> mutation = Arbitraries.of("insert", "delete", "lower", "mixed", "repeat", "prefix", "suffix");
        return Combinators.combine(verb, mutation, position, inserted)
            .as((v, how, at, c) -> (mutate(v, how, Math.min(at, v.length()), c) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String mutate(String verb, String how, int at, char c) {
        switch (how) {
            case "insert":
                return verb.substring(0, at) + c + verb.substring(at);
            case "delete":
                return at < verb.length() ? verb.substring(0, at) + verb.substring(at + 1) : verb;
            case "lower":
                return verb.toLowerCase(java.util.Locale.ROOT);
            case "mixed":
                return verb.isEmpty() ? verb : Character.toLowerCase(verb.charAt(0)) + verb.substring(1);
            case "repeat":
                return verb.repeat(1 + at * 10);
            case "prefix":
                return c + verb;
            default:
                return verb + c + "x";
        }
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> local = Arbitraries.of("a", "first.last", "\"first last\"", "\"a\\\"b\"", "first|last", "\"x|y\"", "",
            "postmaster", "a<b", "a>b", "\u00e9l\u00e8ve", "a\u0000b", "a\tb", "\u001b[31m", "%MAILGUARD-2-108002:", "\"}{\"",
            "x".repeat(330));
        Arbitrary<String> domain = Arbitraries.of("example.org", "[192.0.2.1]", "[IPv6:2001:db8::1]", "", "exa mple.org",
            "a|b.org", "d.".repeat(120) + "org");
        Arbitrary<String> shape = Arbitraries.of("<%s@%s>", "%s@%s", "<%s@%s", "<<%s@%s>>", "<@relay.example:%s@%s>",
            "<@a,@b:%s@%s>", " <%s@%s> SIZE=10", "<%s@%s> FOO", "<>", "<%s@%s>\r", "<%s@%s>\n");
        return Combinators.combine(shape, local, domain).as((s, l, d) -> s.contains("%s") ? String.format(s, l, d) : s);
    }
}
