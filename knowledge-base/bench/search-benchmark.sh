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
mvn -B -q install -DskipTests -pl core,es-test-node,knowledge-base -am >&2
mvn -B -q -pl knowledge-base dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath >&2

# Swap our own modules' jars for copies of this checkout's class directories, so a rebuild while
# the benchmark runs does not change the classes under it.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for dir in knowledge-base/target/test-classes knowledge-base/target/classes core/target/test-classes \
           core/target/classes es-test-node/target; do
  mkdir -p "$work/$dir" && cp -r "$dir/." "$work/$dir/"
done
deps="$(tr ':' '\n' < knowledge-base/target/bench.classpath | grep -v '/io/yikou/' | paste -sd: -)"
cp="$work/knowledge-base/target/test-classes:$work/knowledge-base/target/classes"
cp="$cp:$work/core/target/test-classes:$work/core/target/classes:$deps"

# SharedData looks for ../shared beside the checkout (or a parent of it) unless YIKOU_SHARED_DIR is set.
java -Xms2g -Xmx2g -XX:+UseG1GC -Dyikou.shared.dir="${YIKOU_SHARED_DIR:-}" -Dyikou.repo.dir="$root" \
    -Dyikou.es.node.dir="$work/es-test-node/target" -Dlogback.configurationFile="$root/knowledge-base/bench/logback-bench.xml" \
    -cp "$cp" io.yikou.kb.bench.KbSearchBenchmark "$@"
