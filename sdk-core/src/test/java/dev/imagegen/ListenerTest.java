package dev.imagegen;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerTest {

    @Test
    void aCompositeForwardsToEachEvenWhenOneThrows() {
        List<String> seen = new ArrayList<>();
        ImageEventListener throwing = new ImageEventListener() {
            @Override
            public void retry(Retry event) {
                throw new IllegalStateException("listener bug");
            }
        };
        ImageEventListener recording = new ImageEventListener() {
            @Override
            public void retry(Retry event) {
                seen.add(event.reason());
            }

            @Override
            public void poll(Poll event) {
                seen.add("poll " + event.pollNumber());
            }
        };
        ImageEventListener both = ImageEventListener.composite(throwing, recording);
        both.retry(new ImageEventListener.Retry(1, "fake", "generate", 2, Duration.ofMillis(5), "HTTP 429"));
        both.poll(new ImageEventListener.Poll(1, "fake", "j", JobStatus.of(JobState.RUNNING), 3));
        assertThat(seen).containsExactly("HTTP 429", "poll 3");
    }
}
