# Sourced by ./nbp and ./loihi: runs a command-line jar on the JVM with the options every run of it wants.
#
#   launch_jar JAR [ARGS...]
#
# - --add-modules jdk.incubator.vector: the vector kernels run where the JDK's incubating vector module is in the boot
#   layer (docs/performance.md).
# - Class-data sharing: the first run after a build (or after the JDK changed) archives the classes it loaded next to
#   the jar (JAR with .jsa for .jar); later runs map that archive instead of loading and verifying those classes
#   again, which takes about 0.2 s off every start (docs/performance.md). The archive is written under a name of its
#   own and renamed when the run ends, so that two first runs never leave a torn archive; a missing or stale archive
#   only costs that time. The JVM's messages about the archive are turned off: they would land in --json output.
launch_jar() {
  local jar="$1"
  shift
  local jsa="${jar%.jar}.jsa"
  local java_bin libjvm
  if ! java_bin="$(command -v java)"; then
    echo "$(basename "$0"): no java on the PATH (Java 17 or later is needed)" >&2
    exit 127
  fi
  libjvm="$(dirname "$(dirname "$(readlink -f "$java_bin")")")/lib/server/libjvm.so"
  local opts=(--add-modules jdk.incubator.vector -Xlog:cds=off -Xlog:cds+dynamic=off)
  if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ] && { [ ! -f "$libjvm" ] || [ "$jsa" -nt "$libjvm" ]; }; then
    exec java "${opts[@]}" -XX:SharedArchiveFile="$jsa" -jar "$jar" "$@"
  fi
  if [ ! -w "$(dirname "$jsa")" ]; then
    # the JVM fails a run whose archive it cannot write: where the jar's folder is read-only, run without one
    exec java "${opts[@]}" -jar "$jar" "$@"
  fi
  local tmp="$jsa.$$.tmp"
  # expanded now: the trap runs after this function's locals are gone
  trap "rm -f $(printf %q "$tmp")" EXIT
  local rc=0
  java "${opts[@]}" -XX:ArchiveClassesAtExit="$tmp" -jar "$jar" "$@" || rc=$?
  if [ "$rc" = 0 ] && [ -s "$tmp" ]; then
    mv -f "$tmp" "$jsa"
  fi
  exit "$rc"
}
