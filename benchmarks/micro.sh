#!/usr/bin/env bash
# JMH micro benchmarks of MailGuard's policy core (docs/benchmarks.md). Extra arguments go to JMH,
# e.g. `benchmarks/micro.sh inspectMail -i 10`. Results: benchmarks/target/jmh.json.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl benchmarks -am
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)" org.openjdk.jmh.Main \
    -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc -rf json -rff benchmarks/target/jmh.json "$@"
