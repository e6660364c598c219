package dev.mailguard.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/**
 * Every value of {@code maskBanner} against the test Postfix's SMTP client applies to a greeting
 * (smtp_proto.c, {@code smtp_pix_workarounds}): a reply made only of {@code 2}, {@code 0}, space,
 * TAB, {@code *} and LF is taken for a Cisco PIX, and the client then gives up EHLO and STARTTLS.
 * Only the Cisco mask may look like that.
 */
class BannerModeTest {
    /** James's own greetings: its default one and administrators' {@code <smtpGreeting>} texts. */
    private static final List<String> JAMES_GREETINGS = List.of(
        "mail.example.org JAMES SMTP Server (JAMES SMTP Server) ready", "mail.example.org ESMTP", "200", "*", "2 0 2 0");
    private static final List<String> NAMES = List.of("mail.example.org", "mx", "[192.0.2.25]");

    @ParameterizedTest
    @EnumSource(value = BannerMode.class, names = "ASTERISKS", mode = EnumSource.Mode.EXCLUDE)
    void onlyTheCiscoMaskLooksLikeAPix(BannerMode banner) {
        for (InspectionMode mode : InspectionMode.values()) {
            for (String james : JAMES_GREETINGS) {
                for (String name : NAMES) {
                    String greeting = "220 " + banner.greetingText(james, name, mode);
                    if (banner == BannerMode.OFF && looksLikeAPix("220 " + james)) {
                        continue; // off leaves the administrator's own text, whatever it is
                    }
                    assertThat(looksLikeAPix(greeting)).as("%s greeting '%s'", banner, greeting).isFalse();
                }
            }
        }
    }

    @Property
    void theHostnameGreetingNeverLooksLikeAPix(@ForAll @StringLength(min = 1, max = 40) String jamesText) {
        for (InspectionMode mode : InspectionMode.values()) {
            assertThat(looksLikeAPix("220 " + BannerMode.HOSTNAME.greetingText(jamesText, "mail.example.org", mode))).isFalse();
        }
    }

    @Property
    void theCiscoMaskAlwaysLooksLikeAPix(@ForAll @StringLength(min = 1, max = 40) String jamesText) {
        assertThat(looksLikeAPix("220 " + BannerMode.ASTERISKS.greetingText(jamesText, "mail.example.org", InspectionMode.ESMTP)))
            .isTrue();
    }

    @ParameterizedTest
    @EnumSource(InspectionMode.class)
    void hostnameAnnouncesTheNameAndEsmtpOnlyInEsmtpMode(InspectionMode mode) {
        String text = BannerMode.HOSTNAME.greetingText("mail.example.org JAMES SMTP Server (JAMES SMTP Server) ready", "mx.example.org", mode);

        assertThat(text).isEqualTo(mode == InspectionMode.ESMTP ? "mx.example.org ESMTP" : "mx.example.org");
    }

    @ParameterizedTest
    @EnumSource(InspectionMode.class)
    void asterisksKeepTheLength(InspectionMode mode) {
        assertThat(BannerMode.ASTERISKS.greetingText("mx.example ESMTP", "mx.example.org", mode)).isEqualTo("****************");
        assertThat(BannerMode.ASTERISKS.greetingText("", "mx.example.org", mode)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(InspectionMode.class)
    void offKeepsJamesText(InspectionMode mode) {
        assertThat(BannerMode.OFF.greetingText("mail.example.org ESMTP", "mx.example.org", mode)).isEqualTo("mail.example.org ESMTP");
    }

    /** Postfix: {@code strspn(resp->str, "20 *\t\n") == strlen(resp->str)} on the whole greeting. */
    private static boolean looksLikeAPix(String greeting) {
        return greeting.chars().allMatch(c -> "20 *\t\n".indexOf(c) >= 0);
    }
}
