package dev.mailguard.core.smtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What a raw line says about its framing (docs/reference.md, "Line discipline"). The framing layer cuts lines at LF
 * and keeps the terminator, so a line here ends in CRLF, in a bare LF, or (only at end of input)
 * in nothing. A CR anywhere but right before that final LF is a bare CR: some servers end a line
 * there, which is what SMTP smuggling exploits.
 */
public final class LineFraming {
    /** Eight octets of a line at a time (SWAR): {@link #dataAnomaly} runs on every line of every message. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long CR_IN_EVERY_OCTET = 0x0D0D0D0D0D0D0D0DL;
    private static final long ONE_IN_EVERY_OCTET = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    /**
     * The bits that both CR (0x0D) and NUL lack. An octet without any of them is a control octet
     * (0x00, 0x01, 0x04, 0x05, 0x08, TAB, 0x0C or CR), never a printable or UTF-8 one.
     */
    private static final long NEITHER_CR_NOR_NUL_BITS = 0xF2F2F2F2F2F2F2F2L;

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
        return endsWithCrlf(line, line.length) && !hasCrOrLf(line, line.length - 2);
    }

    /** The problem of the line in the first {@code length} octets of {@code line} (a reused buffer). */
    public static DataAnomaly dataAnomaly(byte[] line, int length) {
        if (!endsWithCrlf(line, length)) {
            return DataAnomaly.BARE_LF;
        }
        int content = length - 2;
        if (content >= Long.BYTES && !hasControlOctet(line, content)) {
            return DataAnomaly.NONE;
        }
        // a short line, or a control octet somewhere (TAB, mostly): the exact test
        return hasCrOrNul(line, content) ? DataAnomaly.BARE_CR_OR_NUL : DataAnomaly.NONE;
    }

    /**
     * Whether an octet among the first {@code length} (at least eight) has none of the bits CR and NUL
     * lack: false rules out both, for any text. The tests of all words are OR-ed and looked at once,
     * so the loop has no branch to mispredict; the last word overlaps the one before it instead of a
     * tail loop.
     */
    private static boolean hasControlOctet(byte[] line, int length) {
        long controlOctets = 0;
        int last = length - Long.BYTES;
        for (int i = 0; i < last; i += Long.BYTES) {
            controlOctets |= zeroOctetBorrows((long) LONGS.get(line, i) & NEITHER_CR_NOR_NUL_BITS);
        }
        controlOctets |= zeroOctetBorrows((long) LONGS.get(line, last) & NEITHER_CR_NOR_NUL_BITS);
        return controlOctets != 0;
    }

    /** Any CR or NUL among the first {@code length} octets, eight at a time (exact). */
    private static boolean hasCrOrNul(byte[] line, int length) {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            long octets = (long) LONGS.get(line, i);
            if (hasZeroOctet(octets) || hasZeroOctet(octets ^ CR_IN_EVERY_OCTET)) {
                return true;
            }
        }
        for (; i < length; i++) {
            if (line[i] == CR || line[i] == NUL) {
                return true;
            }
        }
        return false;
    }

    /**
     * Non-zero exactly when an octet of {@code word} is zero (the classic test: a borrow only marks
     * octets above a zero one, so it may mark more octets, never a word without one).
     */
    private static long zeroOctetBorrows(long word) {
        return (word - ONE_IN_EVERY_OCTET) & ~word & HIGH_BITS;
    }

    /**
     * Whether an octet of {@code word} is zero. Exact as a yes or no (a borrow only marks octets above
     * a zero one).
     */
    private static boolean hasZeroOctet(long word) {
        return zeroOctetBorrows(word) != 0;
    }

    /** Whether the first {@code length} octets of {@code line} are the line that ends the message, {@code .<CRLF>}. */
    public static boolean isEndOfData(byte[] line, int length) {
        return length == 3 && line[0] == '.' && line[1] == CR && line[2] == LF;
    }

    private static boolean endsWithCrlf(byte[] line, int length) {
        return length >= 2 && line[length - 2] == CR && line[length - 1] == LF;
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
