#!/usr/bin/env bash
# Runs the nbp command line; builds the jar first when it is missing or older than any source.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/nbp-network/target/nbp-network-0.1.0-SNAPSHOT-cli.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here" -path "$here/*/target" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' \) -newer "$jar" -print -quit)" ]; then
  echo "nbp: building the jar (mvn -q -DskipTests package) ..." >&2
  (cd "$here" && mvn -B -q -DskipTests package) >&2
fi
exec java -jar "$jar" "$@"
