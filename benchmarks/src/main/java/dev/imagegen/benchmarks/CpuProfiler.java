package dev.imagegen.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time per operation, the client's side: the CPU time of every Java thread of the benchmark process (the caller,
 * the SDK's and OkHttp's threads: the dispatcher, the connection pool's closer, Okio's watchdog) except the in-process
 * {@link LoopbackServer}'s, divided by the operations of the iteration. Reported as {@code cpu.client.norm} in ns/op;
 * run with {@code -prof dev.imagegen.benchmarks.CpuProfiler}.
 *
 * <p>Why beside the wall time: on this 2-vCPU VM a loopback exchange of a small image takes a few hundred microseconds,
 * much of it waking a sleeping thread (the server's, then the caller's), and how long a wake-up takes depends on what
 * else the machine does (the same 16 KiB benchmark ran faster with two other builds loading both cores than on an
 * idle machine). CPU time per operation counts the work the client does for one image, whatever the scheduler does
 * around it. The JVM's own threads (the JIT compilers, the GC) are not Java threads and are left out: compilation is
 * warm-up noise, and what the GC costs follows the allocation, which {@code -prof gc} measures exactly.
 */
@SuppressWarnings("rawtypes") // InternalProfiler.afterIteration returns a raw Result collection
public final class CpuProfiler implements InternalProfiler {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Map<Long, Long> before = Map.of();

    /** JMH instantiates profilers reflectively. */
    public CpuProfiler() {
    }

    @Override
    public String getDescription() {
        return "client CPU time per operation: every Java thread but the loopback server's";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = clientCpu();
    }

    @Override
    public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long spent = 0;
        for (Map.Entry<Long, Long> e : clientCpu().entrySet()) {
            spent += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : (double) Math.max(0, spent) / ops;
        return List.of(new ScalarResult("cpu.client.norm", perOp, "ns/op", AggregationPolicy.AVG));
    }

    /**
     * CPU time of each live Java thread but the server's, by thread id. A thread that ended within the iteration takes
     * its time with it; the threads that matter (the caller, the pool's) live through every iteration.
     */
    private static Map<Long, Long> clientCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && !infos[i].getThreadName().startsWith(LoopbackServer.THREAD_PREFIX)) {
                long t = THREADS.getThreadCpuTime(ids[i]);
                if (t > 0) {
                    cpu.put(ids[i], t);
                }
            }
        }
        return cpu;
    }
}
