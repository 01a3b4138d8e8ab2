#!/usr/bin/env bash
# Runs the knowledge-base search benchmark (not part of mvn verify).
#   knowledge-base/bench/search-benchmark.sh [CORPUS_SIZE [REQUESTS]] [--no-es]
# Defaults: 100000 articles, 5000 timed requests per system. Needs ../shared beside the checkout
# or a parent of it (or YIKOU_SHARED_DIR) for the government service guides.
#
# The JVM runs this checkout's own classes (target directories), not the yikou jars in the local
# Maven repository, which other checkouts on the same machine may replace while it runs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# One reactor builds the modules and writes the classpath, so nothing is installed into the local
# Maven repository (other checkouts on the machine share it). Each module writes its own
# target/bench.classpath; only knowledge-base's is read.
mvn -B -q package dependency:build-classpath -DskipTests -pl core,es-test-node,knowledge-base -am \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >&2

# Swap our own modules' jars for copies of this checkout's class directories, so a rebuild while
# the benchmark runs does not change the classes under it.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for dir in knowledge-base/target/test-classes knowledge-base/target/classes core/target/test-classes \
           core/target/classes es-test-node/target; do
  mkdir -p "$work/$dir" && cp -r "$dir/." "$work/$dir/"
done
# The reactor lists our modules as their jars under this checkout: leave them out.
deps="$(tr ':' '\n' < knowledge-base/target/bench.classpath | grep -v -e '/io/yikou/' -e "^$root/" | paste -sd: -)"
cp="$work/knowledge-base/target/test-classes:$work/knowledge-base/target/classes"
cp="$cp:$work/core/target/test-classes:$work/core/target/classes:$deps"

# SharedData looks for ../shared beside the checkout (or a parent of it) unless YIKOU_SHARED_DIR is set.
java -Xms2g -Xmx2g -XX:+UseG1GC -Dyikou.shared.dir="${YIKOU_SHARED_DIR:-}" -Dyikou.repo.dir="$root" \
    -Dyikou.es.node.dir="$work/es-test-node/target" -Dlogback.configurationFile="$root/knowledge-base/bench/logback-bench.xml" \
    -cp "$cp" io.yikou.kb.bench.KbSearchBenchmark "$@"
