#!/usr/bin/env bash
# Runs the nbp command line; builds the jar first when it is missing or older than any source.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/nbp-network/target/nbp-network-0.1.0-SNAPSHOT-cli.jar"
# only the modules the jar holds count: an edit elsewhere must not rebuild it on every call
sources=()
for m in datasets loihi-core nbp-network; do sources+=("$here/$m/src" "$here/$m/pom.xml"); done
if [ ! -f "$jar" ] || [ -n "$(find "${sources[@]}" "$here/pom.xml" \( -name '*.java' -o -name '*.xml' -o -name '*.properties' \) -newer "$jar" -print -quit)" ]; then
  echo "nbp: building the jar (mvn -q -DskipTests package) ..." >&2
  (cd "$here" && mvn -B -q -DskipTests -pl nbp-network -am package) >&2
  # Maven leaves an up-to-date jar untouched; mark it current so the check above does not fire again
  touch "$jar"
fi
# the JVM options every run wants (the vector module, class-data sharing): scripts/launch-jar.sh
. "$here/scripts/launch-jar.sh"
launch_jar "$jar" "$@"
