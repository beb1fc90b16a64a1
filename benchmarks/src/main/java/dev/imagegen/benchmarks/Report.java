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
 * line {@code overhead=.. peer=.. concurrency=.. base64_alloc=.. poll_threads=..}.
 *
 * <p>Times are the median of all measurement iterations (see {@link #median}); allocation is JMH's
 * {@code gc.alloc.rate.norm}. Summary figures: {@code overhead} is the worst (largest) SDK/raw time ratio of the four providers; {@code peer}
 * the worst ours/openai-java time ratio of the two response formats; {@code concurrency} wall time / ideal at
 * maxConcurrency 256; {@code base64_alloc} the larger allocation/op / image size of the two base64 shapes at 16 MiB;
 * {@code poll_threads} the peak number of threads the client had started while polling 500 jobs.
 *
 * <p>Arguments: result files ({@code *.json} from JMH, anything else read as {@code key=value} lines).
 */
public final class Report {

    private record Score(double time, String unit, double alloc, long imageBytes) {
    }

    private final Map<String, Score> jmh = new LinkedHashMap<>();
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
            b.path("params").fields().forEachRemaining(e -> {
                if (!e.getKey().equals("imageBytes")) {
                    key.append(':').append(e.getValue().asText());
                }
            });
            JsonNode alloc = b.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
            jmh.put(key.toString(), new Score(median(b.path("primaryMetric").path("rawData"),
                    b.path("primaryMetric").path("score").asDouble()),
                    b.path("primaryMetric").path("scoreUnit").asText(), alloc.isMissingNode() ? Double.NaN : alloc.asDouble(),
                    b.path("params").path("imageBytes").asLong(0)));
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

    private String render() {
        double overhead = Double.NaN;
        for (String provider : Workloads.PROVIDERS) {
            Score sdk = jmh.get("OverheadBenchmark.sdk:" + provider);
            Score raw = jmh.get("OverheadBenchmark.raw:" + provider);
            if (sdk == null || raw == null) {
                continue;
            }
            double t = sdk.time / raw.time;
            double a = sdk.alloc / raw.alloc;
            overhead = max(overhead, t);
            row("1 overhead, " + size(sdk), provider + ": SDK / raw OkHttp", time(sdk) + " / " + time(raw),
                    mb(sdk.alloc) + " / " + mb(raw.alloc), ratio(t) + " time, " + ratio(a) + " alloc",
                    "<= 1.05 time, <= 1.2 alloc", t <= 1.05 && a <= 1.2);
        }
        double peer = Double.NaN;
        for (String format : new String[] {"b64_json", "url"}) {
            Score ours = jmh.get("PeerBenchmark.ours:" + format);
            Score theirs = jmh.get("PeerBenchmark.openai:" + format);
            if (ours == null || theirs == null) {
                continue;
            }
            double t = ours.time / theirs.time;
            double a = ours.alloc / theirs.alloc;
            peer = max(peer, t);
            row("2 peer, " + size(ours), "lumenfall " + format + ": ours / openai-java", time(ours) + " / " + time(theirs),
                    mb(ours.alloc) + " / " + mb(theirs.alloc), ratio(t) + " time, " + ratio(a) + " alloc",
                    "<= 1.0 time, < 1.0 alloc", t <= 1.0 && a < 1.0);
        }
        double concurrency = Double.NaN;
        for (String label : new String[] {"c256", "defaults"}) {
            String wall = kv.get("concurrency." + label + ".wall_ms");
            if (wall == null) {
                continue;
            }
            double ratio = Double.parseDouble(kv.get("concurrency." + label + ".ratio"));
            if (label.equals("c256")) {
                concurrency = ratio;
            }
            row("3 concurrency", kv.getOrDefault("concurrency." + label + ".jobs", "?") + " async x "
                            + kv.getOrDefault("concurrency." + label + ".latency_ms", "?") + " ms, maxConcurrency "
                            + kv.get("concurrency." + label + ".max")
                            + (label.equals("defaults") ? " (library default)" : ""),
                    wall + " ms (ideal " + kv.get("concurrency." + label + ".ideal_ms") + " ms)",
                    "peak threads " + kv.get("concurrency." + label + ".peak_threads"), ratio(ratio) + " x ideal",
                    label.equals("c256") ? "<= 1.2 x ideal" : "not capped at 5/host",
                    label.equals("c256") ? ratio <= 1.2 : ratio <= 1.2);
        }
        double base64Alloc = Double.NaN;
        for (String provider : new String[] {"wavespeed", "lumenfall", "segmind"}) {
            Score sdk = jmh.get("LargeImageBenchmark.sdk:" + provider);
            Score raw = jmh.get("LargeImageBenchmark.raw:" + provider);
            if (sdk == null) {
                continue;
            }
            double size = sdk.imageBytes;
            double a = sdk.alloc / size;
            boolean base64 = !provider.equals("segmind");
            if (base64) {
                base64Alloc = max(base64Alloc, a);
            }
            row("4 large image, " + size(sdk), provider + (base64 ? " base64 JSON" : " raw bytes") + ": SDK / raw",
                    time(sdk) + (raw == null ? "" : " / " + time(raw)),
                    mb(sdk.alloc) + (raw == null ? "" : " / " + mb(raw.alloc)),
                    ratio(a) + " x image" + (raw == null ? "" : " (raw " + ratio(raw.alloc / size) + ")"),
                    base64 ? "<= 1.5 x image" : "<= 1.2 x image", a <= (base64 ? 1.5 : 1.2));
        }
        String pollThreads = kv.getOrDefault("polling.peak_threads", "NaN");
        for (String prefix : new String[] {"polling.", "polling.c8."}) {
            if (!kv.containsKey(prefix + "peak_threads")) {
                continue;
            }
            long lag = Long.parseLong(kv.get(prefix + "lag_max_ms"));
            long interval = Long.parseLong(kv.get(prefix + "interval_ms"));
            int threads = Integer.parseInt(kv.get(prefix + "peak_threads"));
            row("5 polling", kv.get(prefix + "jobs") + " WaveSpeed jobs x " + kv.get(prefix + "job_ms") + " ms, "
                            + (prefix.equals("polling.") ? "defaults" : "maxConcurrency 8"),
                    kv.get(prefix + "wall_ms") + " ms; " + kv.get(prefix + "polls_per_job") + " polls/job",
                    "peak threads " + threads + " (submit burst " + kv.get(prefix + "submit_peak_threads") + ")",
                    "lag p50 " + kv.get(prefix + "lag_p50_ms") + " ms, max " + lag + " ms (interval " + interval + " ms)",
                    "<= 8 threads, lag <= interval", threads <= 8 && lag <= interval);
        }
        if (kv.containsKey("coldstart.sdk_ms")) {
            row("6 cold start", "fresh JVM, one Segmind generation: SDK / raw (median of " + kv.get("coldstart.runs") + ")",
                    kv.get("coldstart.sdk_ms") + " / " + kv.get("coldstart.raw_ms") + " ms", "",
                    kv.get("coldstart.ratio"), "(no target)", true);
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
        out.append(String.format(Locale.ROOT, "overhead=%s peer=%s concurrency=%s base64_alloc=%s poll_threads=%s%n",
                ratio(overhead), ratio(peer), ratio(concurrency), ratio(base64Alloc), pollThreads));
        return out.toString();
    }

    private void row(String bench, String what, String time, String alloc, String ratio, String target, boolean met) {
        rows.add(new String[] {bench, what, time, alloc, ratio, target, met ? "yes" : "NO"});
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
        long b = s.imageBytes;
        return b % (1024 * 1024) == 0 ? b / (1024 * 1024) + " MiB" : b / 1024 + " KiB";
    }

    private static String mb(double bytes) {
        return Double.isNaN(bytes) ? "n/a" : String.format(Locale.ROOT, "%.2f MB", bytes / 1_000_000.0);
    }
}
