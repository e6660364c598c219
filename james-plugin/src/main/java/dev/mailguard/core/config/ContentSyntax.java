package dev.mailguard.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.ex.ConfigurationException;

/** How the message rules' lists are written: repeatable elements, each one or more values. */
final class ContentSyntax {
    /** RFC 2045 token characters, lower case: a media type is {@code type/subtype} or {@code type/*}. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]+/(?:[a-z0-9!#$&^_.+-]+|\\*)");
    /** The encodings the ASA's {@code match MIME encoding} names; {@code others} is any other value. */
    static final Set<String> ENCODINGS = Set.of("7bit", "8bit", "binary", "base64", "quoted-printable", "others");

    private ContentSyntax() {
    }

    /** One regular expression per element, matched anywhere in the text and regardless of case. */
    static Syntax<List<Pattern>> patterns() {
        return new Syntax<>((element, where, written) -> {
            List<Pattern> patterns = new ArrayList<>();
            for (String value : written) {
                try {
                    patterns.add(Pattern.compile(value.trim(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
                } catch (PatternSyntaxException e) {
                    throw Syntax.invalid(element, where, value, "a Java regular expression (" + e.getDescription() + ")");
                }
            }
            return List.copyOf(patterns);
        }, patterns -> patterns.stream().map(Pattern::pattern).collect(Collectors.joining(" ")),
            patterns -> patterns.stream().map(Pattern::pattern).collect(Collectors.toList()));
    }

    /** Media types such as {@code application/x-msdownload} or {@code application/*}, separated by spaces or commas. */
    static Syntax<Set<String>> mediaTypes() {
        return words(MEDIA_TYPE.asMatchPredicate()::test, "media types such as application/x-msdownload or application/*");
    }

    /** Transfer encodings, separated by spaces or commas: 7bit 8bit binary base64 quoted-printable others. */
    static Syntax<Set<String>> encodings() {
        return words(ENCODINGS::contains, "transfer encodings among " + String.join(" ", new TreeSet<>(ENCODINGS)));
    }

    private static Syntax<Set<String>> words(Predicate<String> valid, String expected) {
        return new Syntax<>((element, where, written) -> {
            Set<String> words = new LinkedHashSet<>();
            for (String value : written) {
                for (String word : value.trim().toLowerCase(Locale.ROOT).split("[\\s,]+")) {
                    if (!valid.test(word)) {
                        throw Syntax.invalid(element, where, value, expected);
                    }
                    words.add(word);
                }
            }
            return Collections.unmodifiableSet(words);
        }, words -> String.join(" ", words), List::copyOf);
    }
}
