package dev.imagegen.benchmarks;

import okhttp3.OkHttpClient;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark 5: a fresh JVM doing one generation (Segmind, 1 MiB) through the SDK, against a fresh JVM doing the same
 * call by hand the careful way ({@link Workloads#floorSegmind}: OkHttp, Jackson, a Content-Length-sized read). Whole-process wall time, median of {@code runs} alternating runs; the
 * server runs in this (parent) process. {@code ColdStart run sdk|raw BASE_URL} is the child program.
 */
public final class ColdStart {

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("run")) {
            child(args[1], args[2]);
            return;
        }
        System.out.print(run(Integer.parseInt(args[0])));
    }

    /** Runs the parent side; the {@code coldstart.*} lines. */
    static String run(int runs) throws Exception {
        try (LoopbackServer server = new LoopbackServer(Workloads.image(1 << 20))) {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            String cp = System.getProperty("java.class.path");
            long[] sdk = new long[runs];
            long[] raw = new long[runs];
            for (int i = 0; i < runs; i++) {
                sdk[i] = time(java, cp, "sdk", server);
                raw[i] = time(java, cp, "raw", server);
            }
            Arrays.sort(sdk);
            Arrays.sort(raw);
            long s = sdk[runs / 2];
            long r = raw[runs / 2];
            return String.format(Locale.ROOT, "coldstart.runs=%d%ncoldstart.sdk_ms=%d%ncoldstart.raw_ms=%d%ncoldstart.ratio=%.3f%n",
                    runs, s, r, (double) s / r);
        }
    }

    private static long time(String java, String cp, String mode, LoopbackServer server) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-cp", cp, ColdStart.class.getName(), "run", mode,
                server.origin()));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (code != 0) {
            throw new IllegalStateException("cold start child (" + mode + ") exited with " + code);
        }
        return ms;
    }

    private static void child(String mode, String origin) throws Exception {
        int size;
        if (mode.equals("sdk")) {
            try (dev.imagegen.ImageClient client = Workloads.client(origin, 0, "b64_json", true)) {
                size = Workloads.sdk(client, Workloads.request("segmind")).length;
            }
        } else {
            OkHttpClient http = new OkHttpClient();
            size = Workloads.floorSegmind(http, origin).length;
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
        if (size != 1 << 20) {
            System.exit(2);
        }
        System.exit(0);
    }
}
