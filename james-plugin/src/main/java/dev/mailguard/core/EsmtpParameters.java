package dev.mailguard.core;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SPEC.md section 5: the ESMTP parameters of MAIL and RCPT. A parameter must be one this command
 * knows, its extension must have been advertised to the session, it may appear once, and its value
 * must have the syntax of its RFC. James itself ignores unknown MAIL parameters, so this is the
 * only check they get.
 */
final class EsmtpParameters {
    /** Parameter name to the EHLO keyword that makes it legal (RFC 1870, 6152, 3030, 3461, 4954, 6531). */
    private static final Map<String, String> MAIL_PARAMETERS = Map.of(
        "SIZE", "SIZE", "BODY", "8BITMIME", "RET", "DSN", "ENVID", "DSN", "AUTH", "AUTH", "SMTPUTF8", "SMTPUTF8");
    private static final Map<String, String> RCPT_PARAMETERS = Map.of("NOTIFY", "DSN", "ORCPT", "DSN");

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
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
        Map<String, String> known = mail ? MAIL_PARAMETERS : RCPT_PARAMETERS;
        Set<String> seen = new HashSet<>();
        for (String parameter : parameters.split(" ")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String rawName = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? null : parameter.substring(equals + 1);
            if (!Verbs.isKeyword(rawName)) {
                return reject(SmtpReply.unsupportedParameter(null));
            }
            String name = Verbs.toUpperAscii(rawName);
            String keyword = known.get(name);
            if (keyword == null || !advertised.contains(keyword)) {
                return reject(SmtpReply.unsupportedParameter(name));
            }
            if (!seen.add(name)) {
                return reject(SmtpReply.duplicateParameter(name));
            }
            Optional<Problem> problem = checkValue(name, value, advertised, maxData);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** The SIZE a MAIL command declared, once {@link #check} accepted its parameters; -1 when none. */
    static long declaredSize(String parameters) {
        for (String parameter : parameters.split(" ")) {
            if (parameter.regionMatches(true, 0, "SIZE=", 0, 5)) {
                return Long.parseLong(parameter.substring(5));
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
                return DIGITS.matcher(value).matches();
            case "BODY":
                String body = value.toUpperCase(Locale.ROOT);
                return body.equals("7BIT") || body.equals("8BITMIME")
                    || (body.equals("BINARYMIME") && advertised.contains("BINARYMIME"));
            case "RET":
                return value.equalsIgnoreCase("FULL") || value.equalsIgnoreCase("HDRS");
            case "NOTIFY":
                return NOTIFY.matcher(value).matches();
            default: // ENVID, ORCPT, AUTH
                return XTEXT.matcher(value).matches();
        }
    }

    private static Optional<Problem> reject(SmtpReply reply) {
        return Optional.of(new Problem(reply, -1));
    }
}
