package dev.mailguard.james;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.inspect.MessageContent;
import dev.mailguard.core.inspect.PartRules;
import dev.mailguard.core.inspect.RuleMatch;

/**
 * What the message rules cost on a 100 KB message (docs/benchmarks.md): the line rules on every line
 * as {@code FrameWatch} hands them over, and the Mime4j read of the structure at the end of data, on a
 * multipart with a text part, an HTML part and three base64 attachments, and on a plain text message
 * (whose structure read stops after the header). In package {@code dev.mailguard.james} to reach
 * {@link MimeStructure}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MessageRulesBenchmarks {
    private final MailGuardConfig config = MailGuardConfig.defaults();
    private final byte[] multipart = multipart100k();
    private final byte[] plain = plain100k();
    private final List<byte[]> multipartLines = lines(multipart);
    private final MessageContent content = new MessageContent(true);

    private static byte[] multipart100k() {
        String line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n";
        StringBuilder message = new StringBuilder("From: a@example.org\r\nTo: b@example.org\r\nSubject: bench\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"mixed\"\r\n\r\n--mixed\r\n"
            + "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\nContent-Type: text/plain\r\n\r\n"
            + "The quick brown fox jumps over the lazy dog.\r\n".repeat(60) + "--alt\r\nContent-Type: text/html\r\n\r\n"
            + "<p>The quick brown fox jumps over the lazy dog.</p>\r\n".repeat(60) + "--alt--\r\n");
        for (int attachment = 1; attachment <= 3; attachment++) {
            message.append("--mixed\r\nContent-Type: application/pdf; name=\"report-").append(attachment).append(".pdf\"\r\n")
                .append("Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"report-").append(attachment)
                .append(".pdf\"\r\n\r\n").append(line.repeat(28_000 / line.length()));
        }
        return message.append("--mixed--\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] plain100k() {
        return ("From: a@example.org\r\nTo: b@example.org\r\nSubject: bench\r\n\r\n"
            + "The quick brown fox jumps over the lazy dog, 0123456789 times; and again!!!!\r\n".repeat(1300))
            .getBytes(StandardCharsets.US_ASCII);
    }

    private static List<byte[]> lines(byte[] message) {
        String text = new String(message, StandardCharsets.US_ASCII);
        return java.util.Arrays.stream(text.split("(?<=\r\n)")).map(l -> l.getBytes(StandardCharsets.US_ASCII))
            .collect(java.util.stream.Collectors.toList());
    }

    /** The Mime4j read of a 100 KB multipart with attachments, at the end of data. */
    @Benchmark
    public List<RuleMatch> structureOfMultipart() {
        PartRules rules = new PartRules(config);
        MimeStructure.inspect(new ByteArrayInputStream(multipart), rules);
        return rules.matches();
    }

    /** The same on a 100 KB plain text message: its header only. */
    @Benchmark
    public List<RuleMatch> structureOfPlainText() {
        PartRules rules = new PartRules(config);
        MimeStructure.inspect(new ByteArrayInputStream(plain), rules);
        return rules.matches();
    }

    /** Every line of the multipart through the content checks, line rules included, as FrameWatch passes them. */
    @Benchmark
    public boolean linesOfMultipart() {
        content.start(config);
        boolean passed = true;
        for (byte[] line : multipartLines) {
            passed &= content.passes(line, line.length, decision -> { });
        }
        return passed;
    }
}
