#!/usr/bin/env bash
# End-to-end comparison of stock James 3.8.1 and James with MailGuard (docs/benchmarks.md): builds
# everything (tests skipped), starts three servers on loopback and prints every raw figure, then last
# `guard/stock throughput ratio: R (median of N pairs)`. Options go to EndToEndComparison, e.g.
# `benchmarks/compare.sh --pairs 10 --seconds 2 --scenarios all`. About 11 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
exec java -Dmailguard.root=. -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)" \
    dev.mailguard.bench.EndToEndComparison "$@"
