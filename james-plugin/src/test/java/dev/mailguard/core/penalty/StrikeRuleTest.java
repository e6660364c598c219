package dev.mailguard.core.penalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A strike rule is one of the known kinds with a usable threshold and window. */
class StrikeRuleTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void keepsWhatItWasGiven() {
        StrikeRule rule = new StrikeRule(StrikeRule.AUTH_FAILURES, 5, MINUTE, Duration.ofHours(1));

        assertThat(rule.kind()).isEqualTo("auth");
        assertThat(rule.threshold()).isEqualTo(5);
        assertThat(rule.window()).isEqualTo(MINUTE);
        assertThat(rule.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(rule).hasToString("auth threshold=5 window=PT1M duration=PT1H")
            .isEqualTo(new StrikeRule("auth", 5, MINUTE, Duration.ofHours(1)))
            .isNotEqualTo(new StrikeRule(StrikeRule.VIOLATIONS, 5, MINUTE, Duration.ofHours(1)));
    }

    @Test
    void refusesAKindTheStoresDoNotKnow() {
        // release must forget every kind, so the stores know them all
        assertThatThrownBy(() -> new StrikeRule("helo", 3, MINUTE, MINUTE))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'helo'");
    }

    @Test
    void refusesAThresholdBelowOneAndAWindowUnderOneMillisecond() {
        assertThatThrownBy(() -> new StrikeRule(StrikeRule.VIOLATIONS, 0, MINUTE, MINUTE))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StrikeRule(StrikeRule.VIOLATIONS, 1, Duration.ZERO, MINUTE))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
