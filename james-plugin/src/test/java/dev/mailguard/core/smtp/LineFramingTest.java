package dev.mailguard.core.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mailguard.core.smtp.LineFraming.DataAnomaly;

/** Message lines, cut at LF as James's framing layer cuts them, for every published smuggling sequence. */
class LineFramingTest {
    /** Splits after each LF, keeping it, as Netty's LineBasedFrameDecoder does. */
    private static List<byte[]> frames(String data) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length(); i++) {
            if (data.charAt(i) == '\n') {
                lines.add(data.substring(start, i + 1).getBytes(StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        return lines;
    }

    private static DataAnomaly firstAnomaly(String data) {
        return frames(data).stream().map(line -> LineFraming.dataAnomaly(line, line.length)).filter(a -> a != DataAnomaly.NONE).findFirst()
            .orElse(DataAnomaly.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'\\n.\\n',         BARE_LF",
        "'\\n.\\r\\n',      BARE_LF",
        "'\\r.\\r',         BARE_CR_OR_NUL",
        "'\\r.\\r\\n',      BARE_CR_OR_NUL",
        "'\\r\\n.\\n',      BARE_LF",
        "'\\r\\n.\\r',      BARE_CR_OR_NUL",
        "'\\n.\\r',         BARE_LF",
        "'\\r\\n\\x00.\\r\\n', BARE_CR_OR_NUL",
        "'\\r\\n',          NONE",
    })
    void smugglingSequenceFollowedBySecondMessage(String sequence, DataAnomaly expected) {
        String unescaped = sequence.replace("\\r", "\r").replace("\\n", "\n").replace("\\x00", "\u0000");
        String data = "Subject: first\r\n\r\nbody" + unescaped + "MAIL FROM:<evil@example.org>\r\nRCPT TO:<v@example.org>\r\n"
            + "DATA\r\nSubject: second\r\n\r\n.\r\n";

        assertThat(firstAnomaly(data)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'.\\r\\n', true", "'..\\r\\n', false", "'.\\n', false", "'. \\r\\n', false", "'x\\r\\n', false"})
    void onlyDotCrlfEndsTheMessage(String line, boolean end) {
        byte[] bytes = line.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(LineFraming.isEndOfData(bytes, bytes.length)).isEqualTo(end);
    }
}
