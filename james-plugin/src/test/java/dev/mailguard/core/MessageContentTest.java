package dev.mailguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        MessageContent content = new MessageContent(new Enforcer(TestSettings.of(settings), InspectionCounters.NONE), false);
        content.start();

        StringBuilder passed = new StringBuilder();
        byte[] buffer = new byte[64];
        for (String text : lines) {
            assertThat(content.isOpen()).as("open before %s", text).isTrue();
            byte[] line = text.replace('|', '\r').replace('~', '\n').getBytes(StandardCharsets.ISO_8859_1);
            Arrays.fill(buffer, (byte) '\r');
            System.arraycopy(line, 0, buffer, 0, line.length);
            passed.append(content.passes(buffer, line.length, () -> ENDPOINTS) ? 'P' : '-');
        }

        assertThat(passed).hasToString(passes);
        assertThat(content.isOpen()).as("closed by the last line").isFalse();
        assertThat(content.hadBareCrOrNul()).isEqualTo(bareCrOrNul);
        assertThat(content.octets()).isEqualTo(octets);
    }

    @Test
    void bareLfEndsTheContentWhereTheServerClosesOnIt() throws Exception {
        MessageContent content = new MessageContent(new Enforcer(TestSettings.of(""), InspectionCounters.NONE), true);
        content.start();

        assertThat(content.passes(bytes("body~"), 5, () -> ENDPOINTS)).as("James answers it").isTrue();
        assertThat(content.isOpen()).isFalse();
    }

    @Test
    void nextMessageStartsClean() throws Exception {
        MessageContent content = new MessageContent(new Enforcer(TestSettings.of(""), InspectionCounters.NONE), false);
        content.start();
        content.passes(bytes("a|b|~"), 5, () -> ENDPOINTS);
        content.lineLost();

        content.start();

        assertThat(content.hadBareCrOrNul()).isFalse();
        assertThat(content.lostALine()).isFalse();
        assertThat(content.octets()).isZero();
        assertThat(content.passes(bytes("ok|~"), 4, () -> ENDPOINTS)).isTrue();
    }

    @Test
    void closedBeforeTheFirstDataAndEndpointsAskedOnlyForARecord() throws Exception {
        MessageContent content = new MessageContent(new Enforcer(TestSettings.of(""), InspectionCounters.NONE), false);
        assertThat(content.isOpen()).isFalse();
        content.start();
        List<String> asked = new ArrayList<>();

        content.passes(bytes("fine|~"), 6, () -> {
            asked.add("endpoints");
            return ENDPOINTS;
        });

        assertThat(asked).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.replace('|', '\r').replace('~', '\n').getBytes(StandardCharsets.ISO_8859_1);
    }
}
