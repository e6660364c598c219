package dev.mailguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The order of the listeners' turns in the load generator's rounds: no listener keeps a place. */
class TurnOrderTest {
    private static List<Integer> order(int round) {
        List<Integer> order = new ArrayList<>();
        for (int turn = 0; turn < 3; turn++) {
            order.add(LoadRun.serverAt(round, turn, 3));
        }
        return order;
    }

    @Test
    void everyOrderOfThreeListenersOnceInSixRounds() {
        Set<List<Integer>> orders = new HashSet<>();
        for (int round = 0; round < 6; round++) {
            assertThat(order(round)).as("round %d gives each listener one turn", round).containsExactlyInAnyOrder(0, 1, 2);
            orders.add(order(round));
        }

        assertThat(orders).hasSize(6);
        assertThat(order(6)).isEqualTo(order(0));
    }
}
