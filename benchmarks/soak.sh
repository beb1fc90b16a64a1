#!/usr/bin/env bash
# Load and soak run of imagegen-java against the in-process emulator (loopback only).
#
#   benchmarks/soak.sh [requests] [concurrency] [faultRate]      # defaults: 10000 64 0.10
#
# Builds the integration-tests module's test classes, then runs dev.imagegen.it.SoakDriver: that many generations,
# that many at a time, spread over the four providers, with about faultRate of the emulator's answers replaced by
# faults of every kind (429, 5xx, dropped connections, cut/malformed/empty/slow/oversized bodies, failing and stuck
# jobs). It prints: completed, failed by type, futures completed exactly once, paid POSTs seen vs allowed by the retry
# rules, heap after a full GC before and after, peak threads, and exits non-zero when an invariant breaks.
# The 1,000-request version runs in the normal build as LoadTest. Needs sdk-core, the providers and the testkit in
# ~/.m2 (mvn install); runs offline.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"; C="${2:-64}"; RATE="${3:-0.10}"
MVN="mvn -B -q ${MVN_OFFLINE:--o}"
$MVN -f integration-tests/pom.xml test-compile
$MVN -f integration-tests/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/soak.classpath >/dev/null
CP="integration-tests/target/test-classes:integration-tests/target/classes:$(cat integration-tests/target/soak.classpath)"
exec java -Xmx2g -Dsun.net.httpserver.nodelay=true -cp "$CP" dev.imagegen.it.SoakDriver "$N" "$C" "$RATE"
