package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.inspect.MessageRule;
import dev.mailguard.core.inspect.PartRules;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random MIME trees (multiparts in multiparts, attached messages, named and unnamed parts) through
 * {@link MimeStructure}: reading never throws, and the file name rule matches exactly when some part's
 * name is over the limit, so a message that breaks no rule is let through as it is. A 20 MB message
 * is read without holding it.
 */
class MimeStructurePropertyTest {
    private static final MailGuardConfig DEFAULTS = MailGuardConfig.defaults();

    /** A part of the tree: its text and the longest file name in it (-1 for none). */
    static final class Tree {
        final String text;
        final int longestName;

        Tree(String text, int longestName) {
            this.text = text;
            this.longestName = longestName;
        }

        @Override
        public String toString() {
            return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
        }
    }

    @Provide
    Arbitrary<Tree> trees() {
        AtomicInteger boundaries = new AtomicInteger();
        return tree(3, boundaries).map(body -> new Tree("From: a@example.org\r\nSubject: property\r\nMIME-Version: 1.0\r\n"
            + body.text, body.longestName));
    }

    private static Arbitrary<Tree> tree(int depth, AtomicInteger boundaries) {
        Arbitrary<Tree> leaf = Arbitraries.integers().between(-1, 300).flatMap(length -> Arbitraries.of("application/octet-stream",
            "text/plain", "image/png").flatMap(type -> Arbitraries.of("filename", "name", "filename*").map(parameter -> leaf(type,
                length, parameter))));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Tree> multipart = tree(depth - 1, boundaries).list().ofMinSize(1).ofMaxSize(3)
            .flatMap(children -> Arbitraries.of("mixed", "alternative", "related").map(subtype -> multipart(subtype, children,
                "b" + boundaries.incrementAndGet() + "-" + depth)));
        Arbitrary<Tree> attached = tree(depth - 1, boundaries).map(inner -> new Tree("Content-Type: message/rfc822\r\n\r\n"
            + "Subject: attached\r\n" + inner.text, inner.longestName));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(2, multipart),
            net.jqwik.api.Tuple.of(1, attached));
    }

    private static Tree leaf(String type, int nameLength, String parameter) {
        if (nameLength < 0) {
            return new Tree("Content-Type: " + type + "\r\n\r\nbody line\r\n", -1);
        }
        String name = "n".repeat(nameLength);
        String header = parameter.equals("name") ? "Content-Type: " + type + "; name=\"" + name + "\"\r\n"
            : parameter.equals("filename") ? "Content-Type: " + type + "\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\n"
            : "Content-Type: " + type + "\r\nContent-Disposition: attachment; filename*=UTF-8''" + name + "\r\n";
        return new Tree(header + "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n", nameLength);
    }

    private static Tree multipart(String subtype, List<Tree> children, String boundary) {
        StringBuilder text = new StringBuilder("Content-Type: multipart/" + subtype + "; boundary=\"" + boundary + "\"\r\n\r\n");
        int longest = -1;
        for (Tree child : children) {
            text.append("--").append(boundary).append("\r\n").append(child.text).append("\r\n");
            longest = Math.max(longest, child.longestName);
        }
        text.append("--").append(boundary).append("--\r\n");
        return new Tree(text.toString(), longest);
    }

    private static List<MessageRule> matched(byte[] message) {
        PartRules rules = new PartRules(DEFAULTS);
        MimeStructure.inspect(new ByteArrayInputStream(message), rules);
        return rules.matches().stream().map(match -> match.rule()).collect(Collectors.toList());
    }

    @Property(tries = 300)
    void fileNameRuleMatchesExactlyWhenANameIsTooLong(@ForAll("trees") Tree tree) {
        List<MessageRule> matched = matched(tree.text.getBytes(StandardCharsets.US_ASCII));
        if (tree.longestName > 255) {
            assertThat(matched).containsExactly(MessageRule.MIME_FILENAME_LENGTH);
        } else {
            assertThat(matched).isEmpty();
        }
    }

    @Property(tries = 300)
    void anyBytesAreReadWithoutThrowing(@ForAll byte[] message) {
        assertThat(matched(message)).isNotNull();
    }

    @Property(tries = 100)
    void aCutMessageIsReadWithoutThrowing(@ForAll("trees") Tree tree, @ForAll double where) {
        byte[] whole = tree.text.getBytes(StandardCharsets.US_ASCII);
        byte[] cut = java.util.Arrays.copyOf(whole, (int) (Math.abs(where) % 1 * whole.length));
        assertThat(matched(cut)).isNotNull();
    }

    @Test
    void twentyMegabytesWithManyPartsAreReadWithoutHoldingThem() {
        StringBuilder message = new StringBuilder("Subject: big\r\nContent-Type: multipart/mixed; boundary=\"big\"\r\n\r\n");
        String line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n";
        String partBody = line.repeat(100_000 / line.length());
        for (int part = 0; part < 195; part++) {
            message.append("--big\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n")
                .append("Content-Disposition: attachment; filename=\"part-").append(part).append(".bin\"\r\n\r\n").append(partBody);
        }
        message.append("--big--\r\n");
        byte[] bytes = message.toString().getBytes(StandardCharsets.US_ASCII);
        assertThat(bytes.length).isBetween(19_000_000, 20_000_000);
        matched(bytes); // JIT and class loading out of the way

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        List<MessageRule> matched = matched(bytes);
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertThat(matched).isEmpty();
        assertThat(allocated).as("bytes allocated reading a %d-byte message", bytes.length).isLessThan(bytes.length / 10);
    }
}
