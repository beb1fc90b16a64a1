#!/usr/bin/env bash
# Builds the benchmarks module, runs the JMH benchmarks and the wall-clock scenarios, prints one table and ends with
#   overhead=<ratio> peer=<ratio> concurrency=<ratio> base64_alloc=<ratio> poll_threads=<n>
# Usage: benchmarks/run.sh [--quick|--full] [--install-sdk]
#   --quick        a few minutes on 2 cores (default): short iterations, one fork
#   --full         longer iterations, two forks (about 20 minutes on 2 cores)
#   --install-sdk  first install sdk-core and the four providers from this tree into ~/.m2 (tests skipped)
# Set MVN_OFFLINE= (empty) to let Maven download; by default it runs offline (-o).
set -euo pipefail

mode=quick
install_sdk=0
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --full) mode=full ;;
    --install-sdk) install_sdk=1 ;;
    *) echo "usage: $0 [--quick|--full] [--install-sdk]" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
offline="${MVN_OFFLINE--o}"
out="$here/target/bench-results"

if [ "$install_sdk" = 1 ]; then
  # Never -am: other modules are being built concurrently; install exactly these.
  (cd "$root" && mvn -B $offline -q -pl .,bom,sdk-core,provider-lumoz,provider-segmind,provider-wavespeed,provider-lumenfall,provider-fal,sdk-testkit \
      install -DskipTests)
fi
# The jars are copied next to the classes: other builds may re-install the SDK's snapshots into ~/.m2 while a long
# run is loading classes from them (seen as "ClassFormatError: Truncated class file" in a fork).
rm -rf "$here/target/lib"
mvn -B $offline -q -f "$here/pom.xml" package -DskipTests \
    dependency:copy-dependencies -DoutputDirectory=target/lib -DincludeScope=runtime
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
