package dev.mailguard.core;

/**
 * What a raw line says about its framing (SPEC.md section 3). The framing layer cuts lines at LF
 * and keeps the terminator, so a line here ends in CRLF, in a bare LF, or (only at end of input)
 * in nothing. A CR anywhere but right before that final LF is a bare CR: some servers end a line
 * there, which is what SMTP smuggling exploits.
 */
public final class LineFraming {
    /** The problem a message line has, in the order a line is checked. */
    public enum DataAnomaly {
        NONE,
        /** Not ended by CRLF: James refuses it (james.prevent.smtp.smuggling) and closes the session. */
        BARE_LF,
        /** A CR not followed by LF, or a NUL, in the content: James would store it verbatim. */
        BARE_CR_OR_NUL
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte NUL = 0;

    private LineFraming() {
    }

    /**
     * A command line ended by CRLF and holding no other CR or LF (James's framer cuts lines at LF, so
     * an inner LF cannot arrive from the network; it is refused all the same).
     */
    public static boolean isCrlfTerminated(byte[] line) {
        return endsWithCrlf(line) && !hasCrOrLf(line, line.length - 2);
    }

    public static DataAnomaly dataAnomaly(byte[] line) {
        if (!endsWithCrlf(line)) {
            return DataAnomaly.BARE_LF;
        }
        for (int i = 0; i < line.length - 2; i++) { // one pass: this runs on every line of every message
            if (line[i] == CR || line[i] == NUL) {
                return DataAnomaly.BARE_CR_OR_NUL;
            }
        }
        return DataAnomaly.NONE;
    }

    /** The line that ends the message, {@code .<CRLF>}, exactly as James recognises it. */
    public static boolean isEndOfData(byte[] line) {
        return line.length == 3 && line[0] == '.' && line[1] == CR && line[2] == LF;
    }

    private static boolean endsWithCrlf(byte[] line) {
        return line.length >= 2 && line[line.length - 2] == CR && line[line.length - 1] == LF;
    }

    /** Any CR or LF among the first {@code length} octets (the line's content, without its CRLF). */
    private static boolean hasCrOrLf(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] == CR || line[i] == LF) {
                return true;
            }
        }
        return false;
    }
}
