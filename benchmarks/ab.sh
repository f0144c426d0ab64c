#!/usr/bin/env bash
# Compares two builds of the benchmarks (e.g. before and after a change) on one benchmark, alternating A, B, A, B, ...
# so that drift of a noisy machine falls on both; prints every run's score and the mean of each side.
#
#   benchmarks/ab.sh A.jar B.jar PATTERN [rounds=2] [extra JMH options...]
#   e.g. benchmarks/ab.sh /tmp/before.jar benchmarks/target/benchmarks.jar 'NbpTrainingBenchmark.chip' 2 \
#            -p threads=1 -p placement=auto
#
# Make A.jar by copying benchmarks/target/benchmarks.jar before the change. Each run: 4 warm-up and 8 measurement
# iterations of 2 s unless the extra options say otherwise. The pattern should select one benchmark and one set of
# parameters, or the means mix them.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: benchmarks/ab.sh A.jar B.jar PATTERN [rounds] [extra JMH options...]" >&2
  exit 2
fi
a="$1"; b="$2"; pattern="$3"; shift 3
rounds=2
if [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]]; then
  rounds="$1"; shift
fi
for jar in "$a" "$b"; do
  if [ ! -f "$jar" ]; then
    echo "ab.sh: no such jar: $jar" >&2
    exit 2
  fi
done
defaults=()
for pair in "-wi 4" "-i 8" "-w 2s" "-r 2s"; do
  opt="${pair%% *}"
  given=0
  for x in "$@"; do
    [ "$x" = "$opt" ] && given=1
  done
  [ "$given" = 0 ] && defaults+=($pair)
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for side in A B; do
    jar="$a"; [ "$side" = B ] && jar="$b"
    java -jar "$jar" "$pattern" -jvmArgsPrepend --add-modules=jdk.incubator.vector "${defaults[@]}" "$@" -rf csv -rff "$tmp/run.csv" > "$tmp/log" 2>&1 || {
      echo "ab.sh: run $side$r failed:" >&2; tail -20 "$tmp/log" >&2; exit 1; }
    score="$(awk -F, 'NR == 2 { gsub(/"/, "", $5); gsub(/"/, "", $7); print $5 " " $7 }' "$tmp/run.csv")"
    echo "$side round $r: $score"
    echo "$side ${score%% *}" >> "$tmp/scores"
  done
done
awk '{ s[$1] += $2; n[$1]++ } END { printf "mean A %.4g, mean B %.4g, B/A %.3f\n", s["A"] / n["A"], s["B"] / n["B"], (s["B"] / n["B"]) / (s["A"] / n["A"]) }' "$tmp/scores"
