package dev.mailguard.core.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import dev.mailguard.core.smtp.LineFraming.DataAnomaly;

/**
 * {@link LineFraming#dataAnomaly} reads eight octets at a time;
 * here it must agree with the plain one-octet-at-a-time definitions on every line, whatever its length and wherever a CR, LF or NUL
 * (or an octet one borrow away from them, 0x01 and 0x0E, or another control octet that passes the first, cheap test of
 * {@code dataAnomaly}: TAB, 0x04, 0x05, 0x08) falls in it.
 */
class LineFramingPropertyTest {
    @Property(tries = 200_000)
    void readsAsTheOctetByOctetDefinition(@ForAll("lines") byte[] line, @ForAll("offsets") int spare) {
        // the line in a reused buffer, with stale octets after it that must not count
        byte[] buffer = Arrays.copyOf(line, line.length + spare);
        Arrays.fill(buffer, line.length, buffer.length, (byte) '\r');

        assertThat(LineFraming.dataAnomaly(buffer, line.length)).isEqualTo(reference(line));
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(0, 12);
    }

    private static DataAnomaly reference(byte[] line) {
        int n = line.length;
        if (n < 2 || line[n - 2] != '\r' || line[n - 1] != '\n') {
            return DataAnomaly.BARE_LF;
        }
        for (int i = 0; i < n - 2; i++) {
            if (line[i] == '\r' || line[i] == 0) {
                return DataAnomaly.BARE_CR_OR_NUL;
            }
        }
        return DataAnomaly.NONE;
    }

    @Provide
    Arbitrary<byte[]> lines() {
        Arbitrary<Byte> octet = Arbitraries.frequencyOf(
            Tuple.of(40, Arbitraries.bytes().between((byte) 0x20, (byte) 0x7E)),
            Tuple.of(1, Arbitraries.of((byte) '\r', (byte) '\n', (byte) 0, (byte) 1, (byte) 0x0E, (byte) 0x0C,
                (byte) 0x80, (byte) 0x8D, (byte) 0xFF, (byte) '\t', (byte) 0x04, (byte) 0x05, (byte) 0x08, (byte) 0x0F, (byte) 0xF2)));
        Arbitrary<byte[]> content = octet.array(byte[].class).ofMaxSize(90);
        return Arbitraries.oneOf(content, content.map(LineFramingPropertyTest::withCrlf), content.map(LineFramingPropertyTest::withCrlf));
    }

    private static byte[] withCrlf(byte[] content) {
        byte[] line = Arrays.copyOf(content, content.length + 2);
        line[content.length] = '\r';
        line[content.length + 1] = '\n';
        return line;
    }
}
