#!/usr/bin/env bash
# Builds the benchmarks module, runs the JMH benchmarks (the fair floor at five image sizes, the two peers) in one JMH
# invocation and the wall-clock scenarios, prints one table and ends with
#   floor_time=<ratio> floor_cpu=<ratio> floor_alloc=<ratio> openai_speedup=<x> concurrency=<c256>/<defaults> poll_threads=<n> coldstart=<ratio>
# Usage: benchmarks/run.sh [--quick|--full]
#   --quick        about 15 minutes on 2 cores (default): 1 s iterations (3 warm-up, 8 measured), one fork
#   --full         longer iterations, two forks
# It builds the SDK from this tree through the reactor (-pl benchmarks -am) and copies the runtime class path into
# benchmarks/target/lib: what it measures is this tree, and nothing is installed into ~/.m2 (a fresh clone works).
# Set MVN_OFFLINE= (empty) to let Maven download; by default it runs offline (-o).
set -euo pipefail

mode=quick
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --full) mode=full ;;
    *) echo "usage: $0 [--quick|--full]" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
offline="${MVN_OFFLINE--o}"
out="$here/target/bench-results"

# Through the reactor, so sdk-core and the providers are this tree's (a standalone build of benchmarks/pom.xml would
# take whatever snapshot jars ~/.m2 holds). The class path is copied into target/lib (profile bench-lib), so a build
# elsewhere cannot change the jars under a running fork.
rm -rf "$here/target/lib"
(cd "$root" && mvn -B $offline -q -pl benchmarks -am package -DskipTests -Dbench.lib)
cp="$here/target/classes:$here/target/lib/*"
rm -rf "$out" && mkdir -p "$out"

if [ "$mode" = quick ]; then
  jmh=(-f 1 -wi 3 -w 1s -i 8 -r 1s)
  rounds=6; cold_runs=9
else
  jmh=(-f 2 -wi 5 -w 2s -i 8 -r 2s)
  rounds=8; cold_runs=15
fi

run() { java -cp "$cp" "$@"; }
echo "== load before: $(uptime)" | tee "$out/load.txt" >&2
echo "== JMH: fair floor (5 sizes x b64_json, url, bytes) and peers ($mode)" >&2
run org.openjdk.jmh.Main "${jmh[@]}" -prof gc -prof dev.imagegen.benchmarks.CpuProfiler -rf json -rff "$out/jmh.json" \
    'FairFloorBenchmark|Base64FloorBenchmark|PeerBenchmark|LangChain4jPeerBenchmark' > "$out/jmh.log"
echo "== concurrency: JDK HttpServer (200 idle connections), 1000 async x 250 ms" >&2
run -Xss512k -Dsun.net.httpserver.nodelay=true dev.imagegen.benchmarks.ConcurrencyScenario 1000 250 "$rounds" 256 floor256 0 \
    > "$out/concurrency.txt" 2>&1
echo "== pending jobs: 500 WaveSpeed jobs" >&2
run dev.imagegen.benchmarks.PollingScenario 500 2000 > "$out/polling.txt" 2>&1
echo "== cold start" >&2
run dev.imagegen.benchmarks.ColdStart "$cold_runs" > "$out/coldstart.txt" 2>&1
echo "== load after: $(uptime)" | tee -a "$out/load.txt" >&2

run dev.imagegen.benchmarks.Report "$out/jmh.json" "$out/concurrency.txt" "$out/polling.txt" "$out/coldstart.txt" \
    | tee "$out/report.txt"
