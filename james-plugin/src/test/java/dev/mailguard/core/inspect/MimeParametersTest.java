package dev.mailguard.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** RFC 2231 values put back together, as a mail client shows the name. */
class MimeParametersTest {
    @Test
    void plainValue() {
        assertThat(MimeParameters.value(Map.of("filename", "a.pdf"), "filename")).isEqualTo("a.pdf");
        assertThat(MimeParameters.value(Map.of("name", "a.pdf"), "filename")).isNull();
    }

    @Test
    void extendedValueWinsAndIsDecoded() {
        assertThat(MimeParameters.value(Map.of("filename", "fallback.pdf", "filename*", "UTF-8'en'%C3%A9t%C3%A9.pdf"), "filename"))
            .isEqualTo("\u00e9t\u00e9.pdf");
    }

    @Test
    void continuationsAreJoinedInOrderEncodedOrNot() {
        assertThat(MimeParameters.value(Map.of("filename*1", "-two", "filename*0*", "ISO-8859-1''%E9one", "filename*2*", "%20three"),
            "filename")).isEqualTo("\u00e9one-two three");
    }

    @Test
    void unknownCharsetCountsOneCharacterPerOctet() {
        assertThat(MimeParameters.value(Map.of("filename*", "x-unknown''%C3%A9"), "filename")).hasSize(2);
    }

    @Test
    void brokenPercentEscapesAreKeptAsWritten() {
        assertThat(MimeParameters.value(Map.of("filename*", "UTF-8''100%zz%4"), "filename")).isEqualTo("100%zz%4");
    }
}
