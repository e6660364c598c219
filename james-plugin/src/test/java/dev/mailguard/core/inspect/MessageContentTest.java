package dev.mailguard.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.TestSettings;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * A message's lines through the content checks: which go on to James, when the content ends, and
 * what is left for the refusal at its end. Lines are given with {@code |} for CR and {@code ~} for
 * LF, and passed in one reused buffer with stale octets behind each line, as the watcher passes them.
 */
class MessageContentTest {
    private static final Endpoints ENDPOINTS = new Endpoints(new InetSocketAddress("192.0.2.1", 1), new InetSocketAddress("192.0.2.25", 25));

    static Stream<Arguments> messages() {
        return Stream.of(
            Arguments.of("plain message", "", List.of("Subject: x|~", "|~", "body|~", ".|~"), "PPPP", false, 20),
            Arguments.of("transparency dot not counted", "", List.of("..x|~", ".|~"), "PP", false, 4),
            Arguments.of("bare CR cuts the rest, end passes", "", List.of("a|~", "b|c|~", "d|~", ".|~"), "P--P", true, 3),
            Arguments.of("NUL cuts the rest", "", List.of("a\u0000|~", "d|~", ".|~"), "--P", true, 0),
            Arguments.of("bare CR kept when not rejected", "rejectBareCrInData=false", List.of("b|c|~", ".|~"), "PP", false, 5),
            Arguments.of("bare CR only recorded in a dry run", "dryRun=true", List.of("b|c|~", ".|~"), "PP", false, 5),
            Arguments.of("bare LF passes on to James, which lets it in", "", List.of("a~", ".|~"), "PP", false, 2),
            Arguments.of("past maxData nothing more is stored", "maxData=10", List.of("12345678|~", "x|~", "y|~", ".|~"), "P--P", false, 16),
            Arguments.of("maxData only counted in a dry run", "maxData=10 dryRun=true", List.of("12345678|~", "x|~", ".|~"), "PPP", false, 13),
            Arguments.of("James's end of data: three octets and a dot", "", List.of("a|~", ".x~"), "PP", false, 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void linesPassAndTheEndIsKnown(String name, String settings, List<String> lines, String passes, boolean bareCrOrNul,
            long octets) throws Exception {
        MailGuardConfig config = TestSettings.of(settings);
        MessageContent content = new MessageContent(false);
        content.start(config);

        StringBuilder passed = new StringBuilder();
        byte[] buffer = new byte[64];
        for (String text : lines) {
            assertThat(content.isOpen()).as("open before %s", text).isTrue();
            byte[] line = text.replace('|', '\r').replace('~', '\n').getBytes(StandardCharsets.ISO_8859_1);
            Arrays.fill(buffer, (byte) '\r');
            System.arraycopy(line, 0, buffer, 0, line.length);
            passed.append(content.passes(buffer, line.length, IGNORED) ? 'P' : '-');
        }

        assertThat(passed).hasToString(passes);
        assertThat(content.isOpen()).as("closed by the last line").isFalse();
        assertThat(content.hadBareCrOrNul()).isEqualTo(bareCrOrNul);
        assertThat(content.octets()).isEqualTo(octets);
    }

    @Test
    void bareLfEndsTheContentWhereTheServerClosesOnIt() throws Exception {
        MessageContent content = new MessageContent(true);
        content.start(MailGuardConfig.defaults());

        assertThat(content.passes(bytes("body~"), 5, IGNORED)).as("James answers it").isTrue();
        assertThat(content.isOpen()).isFalse();
    }

    @Test
    void nextMessageStartsClean() throws Exception {
        MessageContent content = new MessageContent(false);
        content.start(MailGuardConfig.defaults());
        content.passes(bytes("a|b|~"), 5, IGNORED);
        content.lineDropped();

        content.start(MailGuardConfig.defaults());

        assertThat(content.hadBareCrOrNul()).isFalse();
        assertThat(content.lostALine()).isFalse();
        assertThat(content.octets()).isZero();
        assertThat(content.passes(bytes("ok|~"), 4, IGNORED)).isTrue();
    }

    @Test
    void aPlainLineAsksForNoDecision() {
        MessageContent content = new MessageContent(false);
        assertThat(content.isOpen()).isFalse();
        content.start(MailGuardConfig.defaults());
        List<Decision> asked = new ArrayList<>();

        content.passes(bytes("fine|~"), 6, asked::add);

        assertThat(asked).isEmpty();
    }

    @Test
    void aBareCrIsHandedOverAsARefusalAndABareLfAsANote() throws Exception {
        MessageContent content = new MessageContent(false);
        content.start(TestSettings.of("dryRun=true")); // so that the message goes on past the bare CR
        List<Decision> asked = new ArrayList<>();

        content.passes(bytes("a|b|~"), 5, asked::add);
        content.passes(bytes("c~"), 2, asked::add);

        assertThat(asked).extracting(Decision::refuses).containsExactly(true, false);
        assertThat(asked.get(0).reply()).isEqualTo(SmtpReply.BARE_CR_OR_NUL_IN_DATA);
        assertThat(asked.get(0).record(ENDPOINTS).orElseThrow().toCiscoLine()).endsWith("matched data bare CR or NUL");
        assertThat(asked.get(1).record(ENDPOINTS).orElseThrow().toCiscoLine()).endsWith("matched data bare LF");
    }

    private static byte[] bytes(String text) {
        return text.replace('|', '\r').replace('~', '\n').getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Where decisions go when a test looks only at what passes: the cut follows the policy's dryRun. */
    private static final Consumer<Decision> IGNORED = decision -> { };

    @Test
    void aLineDroppedByTheFramingLayerIsDecidedOncePerMessage() {
        MessageContent content = new MessageContent(false);
        content.start(MailGuardConfig.defaults());

        assertThat(content.lineDropped()).isNotNull().extracting(Decision::reply).isEqualTo(SmtpReply.LINE_TOO_LONG);
        assertThat(content.lineDropped()).isNull();
        assertThat(content.lostALine()).isTrue();
    }

    @Test
    void aDryRunRecordsTheDroppedLineAndKeepsTheMessage() throws Exception {
        MessageContent content = new MessageContent(false);
        content.start(TestSettings.of("dryRun=true"));

        assertThat(content.lineDropped()).isNotNull();
        assertThat(content.lostALine()).isFalse();
    }
}
