#!/usr/bin/env bash
# Checks that the build is reproducible: builds the published modules twice, each from a fresh copy of this work
# tree in its own directory, and compares every jar they produce (classes, sources, javadoc, test-jar) by SHA-256.
# Prints one line per jar and exits non-zero if any differs. Extra arguments go to Maven (e.g. -o for offline).
#
#   .ci/reproducible.sh -o
#
# Nothing is installed into ~/.m2: 'package' resolves the modules from the reactor.
set -euo pipefail
cd "$(dirname "$0")/.."

published=bom,sdk-core,provider-lumoz,provider-segmind,provider-wavespeed,provider-lumenfall,provider-fal,sdk-testkit,observability-micrometer,observability-opentelemetry,spring-boot-starter,redis

work=$(mktemp -d "${TMPDIR:-/tmp}/imagegen-repro.XXXXXX")
trap 'rm -rf "$work"' EXIT

# both copies first, so that both builds see the same sources even if the tree changes meanwhile
for n in 1 2; do
  mkdir "$work/$n"
  # the work tree as it is (uncommitted changes included), without build output or git metadata
  tar --exclude=./.git --exclude='*/target' --exclude=./target -cf - . | tar -xf - -C "$work/$n"
done
for n in 1 2; do
  echo "build $n in $work/$n"
  (cd "$work/$n" && mvn -B -q -DskipTests "$@" -pl "$published" -am package)
  (cd "$work/$n" && find . -path '*/target/*.jar' -not -path '*/target/*/*' | sort | xargs sha256sum) > "$work/$n.sha256"
done

jars=$(wc -l < "$work/1.sha256")
if diff "$work/1.sha256" "$work/2.sha256"; then
  sed 's/^\([0-9a-f]\{16\}\)[0-9a-f]*  \.\//\1  /' "$work/1.sha256"
  echo "reproducible: $jars jars, byte-identical in both builds"
else
  echo "NOT reproducible: the jars above differ between two builds of the same tree" >&2
  exit 1
fi
