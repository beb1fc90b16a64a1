#!/usr/bin/env bash
# A real fuzzing campaign over imagegen-java's parsers and request validation, with Jazzer.
#
#   benchmarks/fuzz.sh [seconds-per-target]        # default 60
#
# Each @FuzzTest below runs in fuzzing mode (JAZZER_FUZZ=1) for the given time. In the normal build the same tests
# only replay their committed inputs (src/test/resources/<package>/<TestClass>Inputs/<method>/), so they are fast.
#
# Targets:
#   provider-lumoz      LumozResponseFuzzTest      runAnswer checkAnswer errorAnswer
#   provider-segmind    SegmindResponseFuzzTest    imageAnswer queuePollAnswer errorAnswer
#   provider-wavespeed  WaveSpeedResponseFuzzTest  submitAnswer pollAnswer webhookPayload errorAnswer
#   provider-lumenfall  LumenfallResponseFuzzTest  generationsAnswer estimateAnswer errorAnswer
#   integration-tests   RequestValidationFuzzTest  requests
# The contract checked: a parser returns, or throws one of the SDK's typed exceptions (ImageGenerationException or
# UncheckedIOException, which the transport reports as a typed error); a request is rejected before anything is
# sent, or is sent. Anything else is a finding.
#
# When a target finds a crash, Jazzer stops it, prints the stack trace, and writes the input as
#   <module>/src/test/resources/<package>/<TestClass>Inputs/<method>/crash-<sha1>
# (an input that runs too long is written as slow-unit-<sha1>, one that times out as timeout-<sha1>: treat them the
# same). That file IS the regression input: fix the bug, keep the file (rename it to say what it covers), and commit it; from
# then on the normal build replays it. The growing corpus of interesting (non-crashing) inputs goes to
# <module>/.cifuzz-corpus/ (git-ignored); copy a few of those into the Inputs folder too when they reach new code.
# Needs sdk-core (with its test-jar) and the testkit in ~/.m2; runs offline.
set -uo pipefail
cd "$(dirname "$0")/.."
SECS="${1:-60}"
MVN="mvn -B -q ${MVN_OFFLINE:--o}"
failed=0
marker=$(mktemp)
run() { # module testclass method
  echo "== $1 $2#$3 (${SECS}s)"
  if [ "$1" = integration-tests ]; then pom=(-f integration-tests/pom.xml); else pom=(-pl "$1"); fi
  if ! JAZZER_FUZZ=1 $MVN "${pom[@]}" test -Dtest="$2#$3" -Djazzer.max_duration="${SECS}s" -Dsurefire.failIfNoSpecifiedTests=false; then
    echo "!! finding in $1 $2#$3: see the crash- file named above"; failed=1
  fi
}
for m in runAnswer checkAnswer errorAnswer; do run provider-lumoz LumozResponseFuzzTest $m; done
for m in imageAnswer queuePollAnswer errorAnswer; do run provider-segmind SegmindResponseFuzzTest $m; done
for m in submitAnswer pollAnswer webhookPayload errorAnswer; do run provider-wavespeed WaveSpeedResponseFuzzTest $m; done
for m in generationsAnswer estimateAnswer errorAnswer; do run provider-lumenfall LumenfallResponseFuzzTest $m; done
run integration-tests RequestValidationFuzzTest requests
new=$(find . -path '*Inputs/*' \( -name 'crash-*' -o -name 'slow-unit-*' -o -name 'timeout-*' \) -newer "$marker" -print 2>/dev/null || true)
if [ -n "$new" ]; then
  echo "!! new findings (fix, rename, commit as regression inputs):"; echo "$new"; failed=1
fi
exit $failed
