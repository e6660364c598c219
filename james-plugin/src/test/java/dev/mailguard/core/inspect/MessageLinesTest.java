package dev.mailguard.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.TestSettings;

/** The line rules at their boundaries, on lines as {@link MessageContent} gets them (terminator included). */
class MessageLinesTest {
    private static List<String> matches(String settings, String... lines) throws Exception {
        MailGuardConfig config = TestSettings.of(settings);
        MessageContent content = new MessageContent(false);
        content.start(config);
        for (String line : lines) {
            byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            content.passes(bytes, bytes.length, decision -> { });
        }
        byte[] end = ".\r\n".getBytes(StandardCharsets.US_ASCII);
        content.passes(end, end.length, decision -> { });
        return content.lineRuleMatches().stream().map(RuleMatch::toString).collect(Collectors.toList());
    }

    @Test
    void headerLineOf998OctetsPassesAnd999Matches() throws Exception {
        assertThat(matches("", "Subject: " + "x".repeat(989), "", "body")).isEmpty();
        assertThat(matches("", "Subject: " + "x".repeat(990), "", "body"))
            .containsExactly("header-line-length: header line length gt 998");
    }

    @Test
    void bodyLineOf998OctetsPassesAnd999MatchesWithoutTheTransparencyDot() throws Exception {
        assertThat(matches("", "Subject: s", "", "y".repeat(998), ".." + "y".repeat(997))).isEmpty();
        assertThat(matches("", "Subject: s", "", "y".repeat(999), "z".repeat(2000)))
            .containsExactly("body-line-length: body line length gt 998");
    }

    @Test
    void theHeaderEndsAtTheFirstEmptyLineSoPartHeadersAreBodyLines() throws Exception {
        assertThat(matches("", "Subject: s", "", "Content-Type: text/plain; name=\"" + "n".repeat(990) + "\""))
            .containsExactly("body-line-length: body line length gt 998");
    }

    @Test
    void headerSectionLengthCountsEveryHeaderLineWithItsCrlf() throws Exception {
        assertThat(matches("maxHeaderLength=20", "Subject: 12345678", "", "body")).isEmpty(); // 19 octets
        assertThat(matches("maxHeaderLength=20", "Subject: 12345678", "X: y", "", "body"))
            .containsExactly("header-length: header length gt 20");
    }

    @Test
    void zeroTurnsALineRuleOff() throws Exception {
        assertThat(matches("maxHeaderLineLength=0 maxBodyLineLength=0", "Subject: " + "x".repeat(5000), "", "y".repeat(5000))).isEmpty();
    }

    @Test
    void onlyAHeaderWithAContentFieldMayHaveParts() throws Exception {
        assertThat(header("Subject: s", "MIME-Version: 1.0", "", "Content-Type: multipart/mixed").mayHaveParts()).isFalse();
        assertThat(header("Subject: s", "CONTENT-type: multipart/mixed; boundary=b", "").mayHaveParts()).isTrue();
        assertThat(header("Content-Disposition: attachment; filename=a.exe", "").mayHaveParts()).isTrue();
    }

    private static MessageContent header(String... lines) throws Exception {
        MessageContent content = new MessageContent(false);
        content.start(TestSettings.of(""));
        for (String line : lines) {
            byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            content.passes(bytes, bytes.length, decision -> { });
        }
        return content;
    }

    @Test
    void eachMessageStartsAfresh() throws Exception {
        MessageContent content = new MessageContent(false);
        content.start(TestSettings.of(""));
        byte[] longLine = ("Subject: " + "x".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        content.passes(longLine, longLine.length, decision -> { });
        assertThat(content.lineRuleMatches()).hasSize(1);

        content.start(TestSettings.of(""));
        assertThat(content.lineRuleMatches()).isEmpty();
    }
}
