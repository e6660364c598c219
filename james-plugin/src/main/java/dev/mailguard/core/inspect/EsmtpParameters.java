package dev.mailguard.core.inspect;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import dev.mailguard.core.smtp.SmtpReply;
import dev.mailguard.core.smtp.Verbs;

/**
 * docs/reference.md, "ESMTP inspection": the ESMTP parameters of MAIL and RCPT. A parameter must be one this command
 * knows, its extension must have been advertised to the session, it may appear once, and its value
 * must have the syntax of its RFC. James itself ignores unknown MAIL parameters, so this is the
 * only check they get.
 */
final class EsmtpParameters {
    /** Parameter names, each at its index in {@link #ENABLED_BY}. */
    private static final List<String> NAMES = List.of("SIZE", "BODY", "RET", "ENVID", "AUTH", "SMTPUTF8", "NOTIFY", "ORCPT");
    /** The EHLO keyword that makes each parameter legal (RFC 1870, 6152, 3030, 3461, 4954, 6531). */
    private static final List<String> ENABLED_BY = List.of("SIZE", "8BITMIME", "DSN", "DSN", "AUTH", "SMTPUTF8", "DSN", "DSN");
    /** MAIL takes the first six, RCPT the last two. */
    private static final int RCPT_FIRST = 6;
    /** Up to 18 digits: a SIZE that fits a long. */
    private static final int MAX_SIZE_DIGITS = 18;
    private static final Pattern NOTIFY = Pattern.compile("NEVER|(SUCCESS|FAILURE|DELAY)(,(SUCCESS|FAILURE|DELAY))*",
        Pattern.CASE_INSENSITIVE);
    /** RFC 3461 4: xchar is ASCII 33-126 except '+' and '='; '+' starts two upper-case hex digits. */
    private static final Pattern XTEXT = Pattern.compile("([!-*,-<>-~]|\\+[0-9A-F]{2})+");

    /** A refused parameter: the reply, and the declared size when SIZE was too large. */
    static final class Problem {
        private final SmtpReply reply;
        private final long declaredSize;

        private Problem(SmtpReply reply, long declaredSize) {
            this.reply = reply;
            this.declaredSize = declaredSize;
        }

        SmtpReply reply() {
            return reply;
        }

        /** -1 unless the problem is a SIZE above the limit. */
        long declaredSize() {
            return declaredSize;
        }
    }

    private EsmtpParameters() {
    }

    /** @param parameters what follows the path, parameters separated by spaces */
    static Optional<Problem> check(boolean mail, String parameters, Set<String> advertised, long maxData) {
        int seen = 0; // one bit per index in NAMES
        int start = 0;
        while (start < parameters.length()) {
            int end = parameters.indexOf(' ', start);
            end = end < 0 ? parameters.length() : end;
            if (end > start) {
                int equals = parameters.indexOf('=', start);
                int nameEnd = equals < 0 || equals > end ? end : equals;
                if (!Verbs.isKeyword(parameters, start, nameEnd)) {
                    return reject(SmtpReply.unsupportedParameter(null));
                }
                int index = indexOfName(parameters, start, nameEnd);
                if (index < 0) {
                    return reject(SmtpReply.unsupportedParameter(Verbs.toUpperAscii(parameters.substring(start, nameEnd))));
                }
                String name = NAMES.get(index);
                if ((index >= RCPT_FIRST) == mail || !advertised.contains(ENABLED_BY.get(index))) {
                    return reject(SmtpReply.unsupportedParameter(name));
                }
                if ((seen & (1 << index)) != 0) {
                    return reject(SmtpReply.duplicateParameter(name));
                }
                seen |= 1 << index;
                Optional<Problem> problem = checkValue(name, nameEnd == end ? null : parameters.substring(nameEnd + 1, end),
                    advertised, maxData);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    /** The index in {@link #NAMES} of the name from {@code start} to {@code end}, in any case; -1 if unknown. */
    private static int indexOfName(String parameters, int start, int end) {
        for (int index = 0; index < NAMES.size(); index++) {
            String name = NAMES.get(index);
            if (name.length() == end - start && parameters.regionMatches(true, start, name, 0, name.length())) {
                return index;
            }
        }
        return -1;
    }

    /** The SIZE a MAIL command declared, once {@link #check} accepted its parameters; -1 when none. */
    static long declaredSize(String parameters) {
        for (int start = 0; start < parameters.length(); start++) {
            if ((start == 0 || parameters.charAt(start - 1) == ' ') && parameters.regionMatches(true, start, "SIZE=", 0, 5)) {
                int end = parameters.indexOf(' ', start);
                return Long.parseLong(parameters, start + 5, end < 0 ? parameters.length() : end, 10);
            }
        }
        return -1;
    }

    private static Optional<Problem> checkValue(String name, String value, Set<String> advertised, long maxData) {
        if (name.equals("SMTPUTF8")) {
            return value == null ? Optional.empty() : reject(SmtpReply.invalidParameterValue(name));
        }
        if (value == null || !valid(name, value, advertised)) {
            return reject(SmtpReply.invalidParameterValue(name));
        }
        if (name.equals("SIZE") && Long.parseLong(value) > maxData) {
            return Optional.of(new Problem(SmtpReply.MESSAGE_TOO_BIG, Long.parseLong(value)));
        }
        return Optional.empty();
    }

    private static boolean valid(String name, String value, Set<String> advertised) {
        switch (name) {
            case "SIZE":
                return isDigits(value);
            case "BODY":
                return value.equalsIgnoreCase("7BIT") || value.equalsIgnoreCase("8BITMIME")
                    || (value.equalsIgnoreCase("BINARYMIME") && advertised.contains("BINARYMIME"));
            case "RET":
                return value.equalsIgnoreCase("FULL") || value.equalsIgnoreCase("HDRS");
            case "NOTIFY":
                return NOTIFY.matcher(value).matches();
            default: // ENVID, ORCPT, AUTH
                return XTEXT.matcher(value).matches();
        }
    }

    private static boolean isDigits(String value) {
        if (value.isEmpty() || value.length() > MAX_SIZE_DIGITS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static Optional<Problem> reject(SmtpReply reply) {
        return Optional.of(new Problem(reply, -1));
    }
}
