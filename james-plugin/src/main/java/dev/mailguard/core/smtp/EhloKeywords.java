package dev.mailguard.core.smtp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * docs/reference.md, "ESMTP inspection": EHLO keyword filtering: of the lines James would send after the greeting line,
 * only those whose keyword is allowed stay. Nothing is ever added.
 */
public final class EhloKeywords {
    private final List<String> lines;
    private final Set<String> advertised;

    private EhloKeywords(List<String> lines, Set<String> advertised) {
        this.lines = List.copyOf(lines);
        this.advertised = Set.copyOf(advertised);
    }

    /**
     * @param replyTexts the texts of James's 250 reply lines; the first is the server's name
     * @param allowed upper-case keywords that may be advertised
     */
    public static EhloKeywords filter(List<String> replyTexts, Set<String> allowed) {
        List<String> kept = new ArrayList<>(replyTexts.size());
        Set<String> advertised = new LinkedHashSet<>();
        if (!replyTexts.isEmpty()) {
            kept.add(replyTexts.get(0)); // the server's name, never a keyword
        }
        for (int i = 1; i < replyTexts.size(); i++) {
            String text = replyTexts.get(i);
            String keyword = allowedKeyword(text, allowed);
            if (keyword != null) {
                kept.add(text);
                advertised.add(keyword);
            }
        }
        return new EhloKeywords(kept, advertised);
    }

    /**
     * The allowed keyword that {@code line} names, or null: {@code "SIZE 1024"}, {@code "AUTH LOGIN PLAIN"}
     * and {@code "AUTH=LOGIN PLAIN"} name SIZE, AUTH and AUTH, in any case (ASCII). Compared in place,
     * as this runs on every line of every EHLO reply.
     */
    static String allowedKeyword(String line, Set<String> allowed) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '=') {
            end++;
        }
        for (String keyword : allowed) {
            if (keyword.length() == end && Verbs.equalsIgnoreAsciiCase(line, keyword, end)) {
                return keyword;
            }
        }
        return null;
    }

    /** The reply texts to send, the server's name first. */
    public List<String> lines() {
        return lines;
    }

    /** The keywords this session was offered. */
    public Set<String> advertised() {
        return advertised;
    }
}
