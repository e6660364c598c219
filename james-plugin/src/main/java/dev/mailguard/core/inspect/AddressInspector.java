package dev.mailguard.core.inspect;

import java.util.regex.Pattern;

/**
 * The MAIL/RCPT address rules (docs/reference.md, "Addresses"), applied to the path of a raw
 * {@code MAIL FROM:} or {@code RCPT TO:} argument before James parses it.
 *
 * <p>The path runs from the first non-space after the colon to the first space outside a quoted
 * string. {@code <} and {@code >} may appear only as its delimiters (one {@code <} first, one
 * {@code >} last); any other bracket, a control character, or an address longer than the limit is
 * a malicious pattern. A {@code |} is replaced by a space (the FWSM rule) and James then judges
 * the result like any other address; a source route is removed, as RFC 5321 asks.
 */
public final class AddressInspector {
    /**
     * RFC 5321 4.1.1.3 and appendix C: a source route ({@code <@a,@b:user@c>}) is accepted and
     * ignored. James refuses it, so MailGuard hands James the address without the route.
     */
    private static final Pattern SOURCE_ROUTE = Pattern.compile("^<@[^:,<>@]+(,@[^:,<>@]+)*:");

    private final int maxAddressLength;

    public AddressInspector(int maxAddressLength) {
        this.maxAddressLength = maxAddressLength;
    }

    /** The outcome for one argument: unchanged, rewritten, or malicious. */
    public static final class Result {
        private final String argument;
        private final String address;
        private final String parameters;
        private final boolean replaced;
        private final boolean malicious;
        private final boolean rewritten;

        private Result(String argument, String address, String parameters, boolean replaced, boolean malicious,
                       boolean rewritten) {
            this.argument = argument;
            this.rewritten = rewritten;
            this.address = address;
            this.parameters = parameters;
            this.replaced = replaced;
            this.malicious = malicious;
        }

        /** The argument to hand to James, {@code FROM:} or {@code TO:} included: {@code |} replaced and a source route left out. */
        public String argument() {
            return argument;
        }

        /** Whether {@link #argument()} differs from what the client sent. */
        public boolean rewritten() {
            return rewritten;
        }

        /** What follows the path: the ESMTP parameters. */
        public String parameters() {
            return parameters;
        }

        /** The path as the client sent it, for the audit record. */
        public String address() {
            return address;
        }

        public boolean replaced() {
            return replaced;
        }

        public boolean malicious() {
            return malicious;
        }
    }

    /**
     * @param argument what follows the verb, one character per byte
     * @param from where the path may start: after {@code FROM:} or {@code TO:}
     */
    public Result inspect(String argument, int from) {
        int start = from;
        while (start < argument.length() && argument.charAt(start) == ' ') {
            start++;
        }
        int end = pathEnd(argument, start);
        String path = argument.substring(start, end);
        String parameters = argument.substring(end);
        if (isMalicious(path)) {
            return new Result(argument, path, parameters, false, true, false);
        }
        boolean replaced = path.indexOf('|') >= 0;
        boolean routed = path.startsWith("<@"); // the regular expression runs only where it can match
        if (!replaced && !routed) {
            return new Result(argument, path, parameters, false, false, false);
        }
        String forJames = path.replace('|', ' ');
        if (routed) {
            forJames = SOURCE_ROUTE.matcher(forJames).replaceFirst("<");
        }
        String rewritten = argument.substring(0, start) + forJames + parameters;
        return new Result(rewritten, path, parameters, replaced, false, !rewritten.equals(argument));
    }

    private static int pathEnd(String argument, int start) {
        boolean quoted = false;
        for (int i = start; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                return i;
            }
        }
        return argument.length();
    }

    private boolean isMalicious(String path) {
        int start = 0;
        int end = path.length();
        if (path.startsWith("<") && path.endsWith(">") && path.length() >= 2) {
            start++;
            end--;
        }
        if (end - start > maxAddressLength) {
            return true;
        }
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            if (c == '<' || c == '>' || c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }
}
