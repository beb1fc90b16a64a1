package dev.imagegen.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the stale-connection scenario once per way at a small load, so the build proves it starts, counts and reports.
 * At 16 connections the JDK server's idle limit (200) is never reached: the full load is {@code benchmarks/stale.sh}.
 */
class StaleConnectionScenarioTest {

    @Test
    void everyWayRunsAndReports() throws Exception {
        for (StaleConnectionScenario.Mode mode : StaleConnectionScenario.Mode.values()) {
            StaleConnectionScenario.Result r = StaleConnectionScenario.run(mode, 48, 16, 20);
            System.out.print(r.text());
            assertTrue(r.clean(), r.text());
            assertTrue(r.text().contains(".paid_posts_seen=48"), r.text());
        }
    }
}
