#!/usr/bin/env bash
# Stale keep-alive connections (issue 12), on loopback: the SDK (generateAsync, and blocking generate on as many
# threads) and hand-written OkHttp calls against the JDK's com.sun.net.httpserver.HttpServer, which keeps at most 200
# idle connections and closes the others, without saying so, as they go idle.
#
#   benchmarks/stale.sh [requests] [concurrency] [latencyMs]      # defaults: 1000 256 250
#
# Builds sdk-core, the providers and this module from this tree (nothing is installed into ~/.m2), then runs
# dev.imagegen.benchmarks.StaleConnectionScenario: per way, after a warm-up burst of `concurrency` calls, the failures
# by type, the paid POSTs the server saw against the requests, the connections used (and how many were new) and the
# wall time. Exits 1 unless every way had 0 failures and exactly one paid POST per request. About 10 s after the
# build. Set MVN_OFFLINE= (empty) to let Maven download; by default it runs offline (-o).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"; C="${2:-256}"; L="${3:-250}"
MVN="mvn -B -q ${MVN_OFFLINE--o}"
$MVN -pl benchmarks -am package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/stale.classpath >/dev/null
CP="benchmarks/target/classes:$(cat benchmarks/target/stale.classpath)"
exec java -Dsun.net.httpserver.nodelay=true -cp "$CP" dev.imagegen.benchmarks.StaleConnectionScenario "$N" "$C" "$L"
