package dev.imagegen.it;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Property test over seeded random requests: whatever the catalog rejects sends nothing. */
class RejectedRequestsSendNothingTest {

    @Test
    void rejectedRequestsNeverReachTheNetwork() {
        Random random = new Random(20260101L);
        Map<Validation.Outcome, Integer> seen = new EnumMap<>(Validation.Outcome.class);
        for (int i = 0; i < 1500; i++) {
            Validation.Outcome o = Validation.check(RandomRequests.next(RandomRequests.of(random)));
            seen.merge(o, 1, Integer::sum);
        }
        // the generator must exercise both sides of the property, or it proves nothing
        assertThat(seen.getOrDefault(Validation.Outcome.REJECTED, 0)).as("rejected by the catalog: " + seen).isGreaterThan(300);
        assertThat(seen.getOrDefault(Validation.Outcome.SENT, 0)).as("accepted and sent: " + seen).isGreaterThan(20);
    }
}
