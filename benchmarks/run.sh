#!/usr/bin/env bash
# Builds benchmarks.jar and runs a named subset of the JMH suite with defaults sized for a 2-core machine,
# writing JMH's JSON results to benchmarks/results/<subset>.json (or $OUT).
#
#   benchmarks/run.sh [subset] [extra JMH options...]
#
# subsets: training   nBP training samples/s on the chip (1 and 2 threads) and the reference algorithm
#          inference  nBP inference, us per sample on the chip
#          kernels    compartment updates, dense and sparse synaptic events, learning updates, machine baseline
#          cuba       the CUBA network, ms per biological second (1 and 2 threads)
#          scaling    training us per sample for hidden 100/400/1600 and 400/784 inputs
#          epoch      seconds to train a fresh circuit on 20,000 samples seen once (what ./nbp train --samples 20000
#                     spends training; add -p placement=paper for the paper placement, about 70 s per operation)
#          fullchip   one chip of 128 x 1,024 compartments, us per step, busy and quiet, 1 and 2 threads
#          quick      kernels + cuba on one thread with short iterations (about 1 minute)
#          all        everything (about 12 minutes)
#          example    runs the CUBA example main instead of JMH
#          scale-chips  not JMH (docs/scaling.md): 'scale-chips memory [chips] [neurons]' prints bytes per synapse and
#                     per compartment of compiled boards; 'scale-chips run CHIPS [steps] [threads]' builds, compiles
#                     and runs a structured network of CHIPS full chips (32: 4.2 million compartments, 420 million
#                     synapses, about 12 GB of heap; JAVA_OPTS sets the JVM options, default -Xmx12g)
# Every subset runs with -prof gc (allocation per operation) unless PROF= is set empty.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
subset="${1:-quick}"
shift || true
jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -path "$root/*/target" -prune -o \( -name '*.java' -o -name 'pom.xml' \) -newer "$jar" -print -quit)" ]; then
  echo "run.sh: building benchmarks.jar ..." >&2
  (cd "$root" && mvn -B -q -DskipTests package -pl benchmarks -am) >&2
fi
if [ "$subset" = "example" ]; then
  exec java --add-modules jdk.incubator.vector -cp "$jar" io.github.loihiemu.bench.CubaExample "$@"
fi
if [ "$subset" = "scale-chips" ]; then
  # shellcheck disable=SC2086
  exec java --add-modules jdk.incubator.vector ${JAVA_OPTS:--Xmx12g} -Dloihiemu.log=DEBUG -cp "$jar" io.github.loihiemu.bench.ScaleChips "$@"
fi
case "$subset" in
  training)  pattern='NbpTrainingBenchmark' ;;
  inference) pattern='NbpInferenceBenchmark' ;;
  kernels)   pattern='KernelBenchmark' ;;
  cuba)      pattern='CubaBenchmark' ;;
  scaling)   pattern='ScalingBenchmark' ;;
  epoch)     pattern='NbpEpochBenchmark' ;;
  fullchip)  pattern='FullChipBenchmark' ;;
  quick)     pattern='KernelBenchmark|CubaBenchmark'; set -- -p threads=1 -wi 2 -i 3 -w 1s -r 2s "$@" ;;
  all)       pattern='.*' ;;
  *) echo "run.sh: unknown subset '$subset' (training, inference, kernels, cuba, scaling, epoch, fullchip, quick, all, example, scale-chips)" >&2; exit 2 ;;
esac
mkdir -p "$here/results"
out="${OUT:-$here/results/$subset.json}"
prof=()
if [ "${PROF-gc}" != "" ]; then
  prof=(-prof "${PROF-gc}")
fi
echo "run.sh: $subset -> $out" >&2
# the forks run the vector kernels (docs/performance.md)
java -jar "$jar" "$pattern" -jvmArgsPrepend --add-modules=jdk.incubator.vector "${prof[@]}" -rf json -rff "$out" "$@"
