#!/usr/bin/env bash
# Builds the benchmarks module, runs the JMH benchmarks and the wall-clock scenarios, prints one table and ends with
#   overhead=<ratio> peer=<ratio> concurrency=<ratio> base64_alloc=<ratio> poll_threads=<n>
# Usage: benchmarks/run.sh [--quick|--full]
#   --quick        a few minutes on 2 cores (default): short iterations, one fork
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
  jmh_small=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
  jmh_large=(-f 1 -wi 2 -w 2s -i 3 -r 2s)
  rounds=3; cold_runs=3
else
  jmh_small=(-f 2 -wi 5 -w 2s -i 10 -r 2s)
  jmh_large=(-f 2 -wi 3 -w 3s -i 5 -r 3s)
  rounds=5; cold_runs=9
fi

run() { java -cp "$cp" "$@"; }
echo "== JMH: overhead and peer ($mode)" >&2
run org.openjdk.jmh.Main "${jmh_small[@]}" -prof gc -rf json -rff "$out/jmh-small.json" \
    'OverheadBenchmark|PeerBenchmark' > "$out/jmh-small.log"
echo "== JMH: large images" >&2
run org.openjdk.jmh.Main "${jmh_large[@]}" -prof gc -rf json -rff "$out/jmh-large.json" \
    'LargeImageBenchmark' > "$out/jmh-large.log"
echo "== concurrency" >&2
run -Xss512k dev.imagegen.benchmarks.ConcurrencyScenario 1000 250 "$rounds" 256 0 > "$out/concurrency.txt" 2>&1
echo "== polling" >&2
run dev.imagegen.benchmarks.PollingScenario 500 2000 > "$out/polling.txt" 2>&1
run dev.imagegen.benchmarks.PollingScenario 500 2000 8 > "$out/polling-c8.txt" 2>&1
echo "== cold start" >&2
run dev.imagegen.benchmarks.ColdStart "$cold_runs" > "$out/coldstart.txt" 2>&1

run dev.imagegen.benchmarks.Report "$out/jmh-small.json" "$out/jmh-large.json" "$out/concurrency.txt" \
    "$out/polling.txt" "$out/polling-c8.txt" "$out/coldstart.txt" | tee "$out/report.txt"
