package dev.imagegen.it;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's invariants at 1,000 requests, 64 at a time, 10% of answers faulted (the 10,000 run is benchmarks/soak.sh). */
class LoadTest {

    @Test
    void thousandRequestsUnderFaultsKeepEveryInvariant() throws Exception {
        int n = Integer.getInteger("imagegen.load.requests", 1000);
        SoakDriver.Report r = SoakDriver.run(n, 64, 0.10, 42L);
        System.out.print(r.format());
        assertThat(r.notCompleted()).as("futures never completed").isZero();
        assertThat(r.completedTwice()).as("futures or requests completed twice").isZero();
        assertThat(r.completedExactlyOnce()).isEqualTo(n);
        assertThat(r.startedEvents()).isEqualTo(n);
        assertThat(r.endedEvents()).isEqualTo(n);
        assertThat(r.completed() + r.failedByType().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
        assertThat(r.faultsInjected()).as("faults injected").isGreaterThan(n / 20);
        assertThat(r.completed()).as("most requests succeed (faults are retried where safe)").isGreaterThan(n * 8 / 10);
        assertThat(r.unsafePaidRetries()).as("paid requests retried for an unsafe reason").isZero();
        assertThat(r.paidPostsSeen()).as("paid POSTs seen vs allowed").isLessThanOrEqualTo(r.paidPostsAllowed());
        assertThat(r.paidPostsSeen()).isGreaterThanOrEqualTo(n);
        assertThat(r.statsBeforeClose().idle()).as("HTTP layer idle: " + r.statsBeforeClose()).isTrue();
        assertThat(r.threadsAfterClose()).as("client threads left after close").isZero();
        // the client's 64 dispatcher threads and scheduler, the emulator's 64 workers, 8 readers, JDK/OkHttp helpers
        assertThat(r.peakThreads() - r.threadsBefore()).as("peak threads above those alive before").isLessThan(64 + 64 + 8 + 30);
        assertThat(r.logLeaks()).as("log lines with the key").isZero();
        assertThat(r.failedByType().keySet()).as("only the SDK's typed exceptions")
                .allMatch(t -> t.endsWith("Exception") && !t.equals("RuntimeException") && !t.equals("IllegalStateException")
                        && !t.equals("IllegalArgumentException") && !t.equals("NullPointerException")
                        && !t.equals("CancellationException"));
        // heap: nothing proportional to the request count survives (64 KiB per request would be 64 MB here)
        assertThat(r.heapAfterBytes() - r.heapBeforeBytes()).as("heap growth after a full GC").isLessThan(32L << 20);
    }
}
