package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.MailGuardConfigTest;
import dev.mailguard.core.inspect.PartRules;
import dev.mailguard.core.inspect.RuleMatch;

/** What Mime4j reads of a message's parts reaches the part rules: names decoded, parts nested, addresses counted. */
class MimeStructureTest {
    private static final String NAME_255 = "a".repeat(251) + ".pdf";
    private static final String NAME_256 = "a".repeat(252) + ".pdf";

    static List<String> matches(String settings, String message) throws Exception {
        MailGuardConfig config = MailGuardConfig.from(MailGuardConfigTest.handler(settings));
        PartRules rules = new PartRules(config);
        MimeStructure.inspect(new ByteArrayInputStream(message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)), rules);
        return rules.matches().stream().map(RuleMatch::toString).collect(Collectors.toList());
    }

    static String withAttachment(String dispositionParameters) {
        return "Subject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"outer\"\n\n--outer\nContent-Type: text/plain\n\nhello\n"
            + "--outer\nContent-Type: multipart/mixed; boundary=\"inner\"\n\n--inner\nContent-Type: application/octet-stream\n"
            + "Content-Disposition: attachment;" + dispositionParameters + "\n\naGVsbG8=\n--inner--\n--outer--\n";
    }

    @Test
    void fileNameLengthCountsTheNameTwoMultipartsDeep() throws Exception {
        assertThat(matches("", withAttachment(" filename=\"" + NAME_255 + "\""))).isEmpty();
        assertThat(matches("", withAttachment(" filename=\"" + NAME_256 + "\""))).containsExactly(
            "mime-filename-length: MIME filename length gt 255");
    }

    @Test
    void rfc2231ContinuationsAreJoinedAndDecoded() throws Exception {
        String encoded255 = "%C3%A9".repeat(255);
        assertThat(matches("", withAttachment(" filename*0*=UTF-8''" + encoded255.substring(0, 600) + ";\n filename*1*="
            + encoded255.substring(600)))).isEmpty();
        assertThat(matches("", withAttachment(" filename*0*=UTF-8''" + "b".repeat(200) + ";\n filename*1=" + "c".repeat(55)
            + ";\n filename*2*=%C3%A9"))).containsExactly("mime-filename-length: MIME filename length gt 255");
    }

    @Test
    void encodedWordsAreDecodedInAnAttachedMessage() throws Exception {
        String word = "=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString("é".repeat(20).getBytes(StandardCharsets.UTF_8)) + "?=";
        String name = String.join(" ", java.util.Collections.nCopies(13, word));
        String message = "Subject: t\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: message/rfc822\n\n"
            + "Subject: inner\nContent-Type: multipart/mixed; boundary=\"c\"\n\n--c\nContent-Type: application/octet-stream; name=\""
            + name + "\"\n\naGVsbG8=\n--c--\n--b--\n";
        assertThat(matches("", message)).containsExactly("mime-filename-length: MIME filename length gt 255");
        assertThat(matches("<maxMimeFilenameLength>260</maxMimeFilenameLength>", message)).isEmpty();
    }

    @Test
    void deniedNamesTypesAndEncodings() throws Exception {
        String message = "Subject: t\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: audio/mpeg; name=\"Setup.EXE\"\n"
            + "Content-Transfer-Encoding: x-uuencode\n\nx\n--b--\n";
        assertThat(matches("<denyMimeFilenames>\\.exe$</denyMimeFilenames><denyMimeTypes>audio/*</denyMimeTypes>"
            + "<denyMimeEncodings>others</denyMimeEncodings>", message)).containsExactly("mime-filename: MIME filetype Setup.EXE",
            "mime-type: MIME filetype audio/mpeg", "mime-encoding: MIME encoding x-uuencode");
        assertThat(matches("<denyMimeEncodings>base64 7bit</denyMimeEncodings>", message)).isEmpty();
    }

    @Test
    void headerRecipientsCountToCcAndBccOfTheMessageOnly() throws Exception {
        String message = "To: a@example.org, B <b@example.org>\nCc: Team: c@example.org, d@example.org;\nSubject: t\n"
            + "Content-Type: message/rfc822\n\nTo: e@example.org, f@example.org\n\nbody\n";
        assertThat(matches("<maxHeaderRecipients>4</maxHeaderRecipients>", message)).isEmpty();
        assertThat(matches("<maxHeaderRecipients>3</maxHeaderRecipients>", message)).containsExactly(
            "header-recipients: header To-fields count gt 3");
    }
}
