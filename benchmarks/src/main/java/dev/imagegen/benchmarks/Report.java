package dev.imagegen.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the JMH JSON results and the scenarios' {@code key=value} output, prints one table and ends with the summary
 * line {@code floor_time=.. floor_cpu=.. floor_alloc=.. openai_speedup=.. concurrency=.. poll_threads=.. coldstart=..}.
 *
 * <p>Times are the median of all measurement iterations (see {@link #median}), with JMH's error as a percentage of its
 * mean; allocation is JMH's {@code gc.alloc.rate.norm}. The floor at each size is the faster of the careful
 * hand-written variants. The client's CPU time per generation ({@link CpuProfiler}) is shown beside the wall time, and
 * judges the time target where the wall time is not resolved. Summary figures: {@code floor_time}, {@code floor_cpu}
 * (both over resolved rows only) and {@code floor_alloc} the worst (largest) SDK/floor
 * ratios over every size and answer; {@code openai_speedup} openai-java's time / ours on 1.5 MiB {@code b64_json};
 * {@code concurrency} wall time / ideal at maxConcurrency 256 / at the defaults; {@code poll_threads} the peak number
 * of threads the client had while 500 jobs were pending; {@code coldstart} SDK / floor process time.
 *
 * <p>Arguments: result files ({@code *.json} from JMH, anything else read as {@code key=value} lines).
 */
public final class Report {

    private record Score(double time, String unit, double alloc, long imageBytes, double mean, double error, double cpu,
                         double cpuError) {
    }

    private final Map<String, Score> jmh = new LinkedHashMap<>();
    /** Fair-floor rows whose time is not resolved (see {@link #RESOLVED_ERROR}). */
    private int unresolved;
    /** Fair-floor rows whose client CPU time is not resolved. */
    private int cpuUnresolved;
    private final Map<String, String> kv = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        Report r = new Report();
        for (String a : args) {
            Path p = Path.of(a);
            if (!Files.exists(p)) {
                continue;
            }
            if (a.endsWith(".json")) {
                r.readJmh(p);
            } else {
                r.readKeyValues(p);
            }
        }
        System.out.print(r.render());
    }

    private void readJmh(Path p) throws IOException {
        JsonNode all = new ObjectMapper().readTree(p.toFile());
        for (JsonNode b : all) {
            String name = b.path("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder key = new StringBuilder(name);
            b.path("params").properties().forEach(e -> key.append(':').append(e.getValue().asText()));
            JsonNode alloc = b.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
            JsonNode cpu = b.path("secondaryMetrics").path("cpu.client.norm");
            jmh.put(key.toString(), new Score(median(b.path("primaryMetric").path("rawData"),
                    b.path("primaryMetric").path("score").asDouble()),
                    b.path("primaryMetric").path("scoreUnit").asText(), alloc.isMissingNode() ? Double.NaN : alloc.asDouble(),
                    b.path("params").path("imageBytes").asLong(0), b.path("primaryMetric").path("score").asDouble(),
                    b.path("primaryMetric").path("scoreError").asDouble(Double.NaN),
                    cpu.path("score").asDouble(Double.NaN), cpu.path("scoreError").asDouble(Double.NaN)));
        }
    }

    /**
     * The median of every measurement iteration of every fork: on a shared 2-core machine one iteration stalled by
     * another process would otherwise move the mean (JMH's score) far more than the SDK's own cost.
     */
    private static double median(JsonNode rawData, double fallback) {
        List<Double> all = new ArrayList<>();
        for (JsonNode fork : rawData) {
            for (JsonNode v : fork) {
                all.add(v.asDouble());
            }
        }
        if (all.isEmpty()) {
            return fallback;
        }
        all.sort(null);
        int n = all.size();
        return n % 2 == 1 ? all.get(n / 2) : (all.get(n / 2 - 1) + all.get(n / 2)) / 2;
    }

    private void readKeyValues(Path p) throws IOException {
        for (String line : Files.readAllLines(p)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("SLF4J")) {
                kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
    }

    /** Image sizes of the fair-floor table. */
    static final int[] SIZES = {16384, 65536, 262144, 1572864, 16777216};

    private String render() {
        double worstTime = Double.NaN;
        double worstCpu = Double.NaN;
        double worstAlloc = Double.NaN;
        for (String answer : new String[] {"b64_json", "url", "bytes"}) {
            for (int size : SIZES) {
                String key = "FairFloorBenchmark.generate:" + answer + ":" + size + ":";
                Score sdk = jmh.get(key + "sdk");
                Score read = jmh.get(key + "floor");
                Score streamed = answer.equals("b64_json") ? jmh.get("Base64FloorBenchmark.streamed:" + size) : null;
                Score naive = jmh.get(key + "naive");
                if (sdk == null || read == null) {
                    continue;
                }
                boolean useStreamed = streamed != null && streamed.time < read.time;
                Score floor = useStreamed ? streamed : read;
                double t = sdk.time / floor.time;
                double a = sdk.alloc / floor.alloc;
                double c = sdk.cpu / floor.cpu;
                boolean resolved = resolved(sdk) && resolved(floor);
                boolean cpuResolved = resolved(sdk.cpu, sdk.cpuError) && resolved(floor.cpu, floor.cpuError);
                if (resolved) {
                    worstTime = max(worstTime, t);
                } else {
                    unresolved++;
                }
                if (cpuResolved) {
                    worstCpu = max(worstCpu, c);
                } else if (!Double.isNaN(c)) {
                    cpuUnresolved++;
                }
                worstAlloc = max(worstAlloc, a);
                String naiveText = naive == null ? "" : String.format(Locale.ROOT, "; naive %.2f time, %.2f alloc",
                        naive.time / floor.time, naive.alloc / floor.alloc);
                row("1 fair floor, " + size(size), answer + ": SDK / floor (" + (answer.equals("b64_json")
                                ? (useStreamed ? "streamed" : "from bytes") : "Content-Length read") + ")",
                        time(sdk) + " +-" + pct(sdk) + " / " + time(floor) + " +-" + pct(floor),
                        mb(sdk.alloc) + " / " + mb(floor.alloc), ratio(t) + " time, " + ratio(a) + " alloc"
                                + (Double.isNaN(c) ? "" : ", " + ratio(c) + " cpu +-" + pct(sdk.cpu, sdk.cpuError) + "/"
                                        + pct(floor.cpu, floor.cpuError)) + naiveText,
                        "<= 1.05 time, <= 1.1 alloc", verdict(a <= 1.1, resolved, t <= 1.05, cpuResolved, c <= 1.05));
            }
        }
        double peerOpenAi = Double.NaN;
        for (String format : new String[] {"b64_json", "url"}) {
            Score ours = find("PeerBenchmark.ours:" + format);
            Score theirs = find("PeerBenchmark.openai:" + format);
            if (ours == null || theirs == null) {
                continue;
            }
            double speedup = theirs.time / ours.time;
            if (format.equals("b64_json")) {
                peerOpenAi = speedup;
            }
            row("2 peer, " + size(ours), "lumenfall " + format + ": openai-java / ours", time(theirs) + " / " + time(ours),
                    mb(theirs.alloc) + " / " + mb(ours.alloc), ratio(speedup) + "x time, " + ratio(theirs.alloc / ours.alloc)
                            + "x alloc", format.equals("b64_json") ? ">= 1.8x time" : "(no target)",
                    !format.equals("b64_json") || speedup >= 1.8);
        }
        Score lc4j = find("LangChain4jPeerBenchmark.generate");
        Score oursB64 = find("PeerBenchmark.ours:b64_json");
        if (lc4j != null && oursB64 != null) {
            row("2 peer, " + size(lc4j), "lumenfall b64_json: LangChain4j / ours", time(lc4j) + " / " + time(oursB64),
                    mb(lc4j.alloc) + " / " + mb(oursB64.alloc), ratio(lc4j.time / oursB64.time) + "x time, "
                            + ratio(lc4j.alloc / oursB64.alloc) + "x alloc", "(no target)", true);
        }
        String concurrency = "";
        for (String label : new String[] {"c256", "floor256", "defaults"}) {
            String p = "concurrency." + label + ".";
            String wall = kv.get(p + "wall_ms");
            if (wall == null) {
                continue;
            }
            double ratio = Double.parseDouble(kv.get(p + "ratio"));
            int failures = Integer.parseInt(kv.getOrDefault(p + "failures", "0"));
            boolean floor = label.startsWith("floor");
            if (!floor) {
                concurrency += (concurrency.isEmpty() ? "" : "/") + ratio(ratio);
            }
            row("3 concurrency, JDK HttpServer", kv.get(p + "jobs") + (floor ? " by hand (the floor) x " : " async x ")
                            + kv.get(p + "latency_ms") + " ms, " + (floor ? kv.get(p + "max") + " threads"
                            : "maxConcurrency " + kv.get(p + "max") + (label.equals("defaults") ? " (library default)" : "")),
                    wall + " ms (ideal " + kv.get(p + "ideal_ms") + "; rounds " + kv.get(p + "rounds_ms") + ")",
                    "peak threads " + kv.get(p + "peak_threads"), ratio(ratio) + " x ideal; " + failures + " failures; "
                            + kv.get(p + "paid_posts") + " POSTs / " + kv.get(p + "calls") + " calls",
                    floor ? "(the floor)" : "<= 1.15 x ideal, 0 failures", floor || ratio <= 1.15 && failures == 0);
        }
        String pollThreads = kv.getOrDefault("polling.peak_threads", "NaN");
        for (String prefix : new String[] {"polling.", "polling.c8."}) {
            if (!kv.containsKey(prefix + "peak_threads")) {
                continue;
            }
            long lag = Long.parseLong(kv.get(prefix + "lag_max_ms"));
            long interval = Long.parseLong(kv.get(prefix + "interval_ms"));
            int threads = Integer.parseInt(kv.get(prefix + "peak_threads"));
            boolean defaults = prefix.equals("polling.");
            row("4 pending jobs", kv.get(prefix + "jobs") + " WaveSpeed jobs x " + kv.get(prefix + "job_ms") + " ms, "
                            + (defaults ? "defaults" : "maxConcurrency 8"),
                    kv.get(prefix + "wall_ms") + " ms; " + kv.get(prefix + "polls_per_job") + " polls/job",
                    "peak threads " + threads + " (submit burst " + kv.get(prefix + "submit_peak_threads") + ")",
                    "lag p50 " + kv.get(prefix + "lag_p50_ms") + " ms, max " + lag + " ms (interval " + interval + " ms)",
                    defaults ? "<= 16 threads" : "(no target)", !defaults || threads <= 16);
        }
        String cold = "NaN";
        if (kv.containsKey("coldstart.sdk_ms")) {
            cold = kv.get("coldstart.ratio");
            row("5 cold start", "fresh JVM, one Segmind generation: SDK / floor (median of " + kv.get("coldstart.runs") + ")",
                    kv.get("coldstart.sdk_ms") + " / " + kv.get("coldstart.raw_ms") + " ms", "",
                    kv.get("coldstart.ratio"), "<= 1.1", Double.parseDouble(cold) <= 1.1);
        }
        StringBuilder out = new StringBuilder();
        String[] head = {"benchmark", "case", "time", "alloc/op or threads", "ratio", "target", "met"};
        int[] w = new int[head.length];
        List<String[]> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (int k = 0; k < all.size(); k++) {
            String[] r = all.get(k);
            out.append('|');
            for (int i = 0; i < r.length; i++) {
                out.append(' ').append(pad(r[i], w[i])).append(" |");
            }
            out.append('\n');
            if (k == 0) {
                out.append('|');
                for (int width : w) {
                    out.append("-".repeat(width + 2)).append('|');
                }
                out.append('\n');
            }
        }
        if (unresolved > 0 || cpuUnresolved > 0) {
            out.append(String.format(Locale.ROOT, "n/r: not resolved, JMH's 99.9%% error over %.0f%% of the score on one"
                    + " side (wall time: %d, client CPU: %d of the fair-floor rows); floor_time and floor_cpu are the"
                    + " worst of the others%n", 100 * RESOLVED_ERROR, unresolved, cpuUnresolved));
        }
        out.append(String.format(Locale.ROOT, "floor_time=%s floor_cpu=%s floor_alloc=%s openai_speedup=%s concurrency=%s"
                        + " poll_threads=%s coldstart=%s%n",
                ratio(worstTime), ratio(worstCpu), ratio(worstAlloc), ratio(peerOpenAi),
                concurrency.isEmpty() ? "NaN" : concurrency, pollThreads, cold));
        return out.toString();
    }

    /**
     * The fair-floor verdict: allocation always; time by the wall clock when JMH resolves it, else by the client's CPU
     * time per generation when that is resolved ({@link CpuProfiler}), else not resolved.
     */
    private static String verdict(boolean allocOk, boolean timeResolved, boolean timeOk, boolean cpuResolved, boolean cpuOk) {
        String time = timeResolved ? (timeOk ? "time yes" : "NO (time)")
                : cpuResolved ? (cpuOk ? "time n/r, cpu yes" : "time n/r, NO (cpu)") : "time n/r, cpu n/r";
        return (allocOk ? "alloc yes, " : "NO (alloc), ") + time;
    }

    private void row(String bench, String what, String time, String alloc, String ratio, String target, boolean met) {
        row(bench, what, time, alloc, ratio, target, met ? "yes" : "NO");
    }

    private void row(String bench, String what, String time, String alloc, String ratio, String target, String met) {
        rows.add(new String[] {bench, what, time, alloc, ratio, target, met});
    }

    /**
     * JMH's 99.9 % error above which a time is not judged against a 5 % target: the difference it would have to
     * resolve is smaller than the noise.
     */
    static final double RESOLVED_ERROR = 0.10;

    private static boolean resolved(Score s) {
        return resolved(s.mean, s.error);
    }

    private static boolean resolved(double score, double error) {
        return !Double.isNaN(error) && score > 0 && error / score <= RESOLVED_ERROR;
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Math.max(a, b);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "NaN" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String time(Score s) {
        return String.format(Locale.ROOT, "%.0f %s", s.time, s.unit);
    }

    private static String size(Score s) {
        return size(s.imageBytes);
    }

    private static String size(long b) {
        if (b % (1024 * 1024) == 0) {
            return b / (1024 * 1024) + " MiB";
        }
        return b >= 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024)) : b / 1024 + " KiB";
    }

    /** The first result whose key starts with {@code prefix} (the image size is a parameter too). */
    private Score find(String prefix) {
        for (Map.Entry<String, Score> e : jmh.entrySet()) {
            if (e.getKey().equals(prefix) || e.getKey().startsWith(prefix + ":")) {
                return e.getValue();
            }
        }
        return null;
    }

    /** JMH's error as a percentage of its score (the 99.9 % interval over the measurement iterations). */
    private static String pct(Score s) {
        return pct(s.mean, s.error);
    }

    private static String pct(double score, double error) {
        return Double.isNaN(error) || score == 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", 100 * error / score);
    }

    private static String mb(double bytes) {
        return Double.isNaN(bytes) ? "n/a" : String.format(Locale.ROOT, "%.2f MB", bytes / 1_000_000.0);
    }
}
