package dev.mailguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The order of the servers in the comparison's pairs: no server keeps a place. */
class PairOrderTest {
    private static List<Integer> order(int pair) {
        List<Integer> order = new ArrayList<>();
        for (int turn = 0; turn < 3; turn++) {
            order.add(EndToEndComparison.serverAt(pair, turn, 3));
        }
        return order;
    }

    @Test
    void everyOrderOfThreeServersOnceInSixPairs() {
        Set<List<Integer>> orders = new HashSet<>();
        for (int pair = 0; pair < 6; pair++) {
            assertThat(order(pair)).as("pair %d runs each server once", pair).containsExactlyInAnyOrder(0, 1, 2);
            orders.add(order(pair));
        }

        assertThat(orders).hasSize(6);
        assertThat(order(6)).isEqualTo(order(0));
    }
}
