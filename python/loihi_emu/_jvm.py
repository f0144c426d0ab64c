"""Finding the project's jars and starting the JVM that runs the emulator.

The JVM is started once per Python process, on first use (JPype cannot restart it, nor add jars later). Its class
path is, in order:

1. ``LOIHI_EMU_JARS``: jar files or folders of jars, separated by ``os.pathsep``;
2. otherwise the jars of this checkout:

   - the shaded jar ``nbp-network/target/nbp-network-*-cli.jar``, which holds loihi-core, datasets, nbp-network and
     their runtime dependencies (slf4j, logback);
   - where the checkout has the ``loihi-nir`` module (NIR graphs, ``loihi_emu.load_nir``): its jar
     ``loihi-nir/target/loihi-nir-*.jar`` and its runtime dependencies (jhdf and what it needs, ejml, slf4j-api)
     from the local Maven repository, as listed in ``loihi-nir/target/runtime-classpath.txt`` by Maven's
     ``dependency:build-classpath``. They are on the class path whether or not NIR is used, because the JVM cannot
     take them later; reading the list costs nothing measurable at start-up.

   When one of these is missing or older than a main source file or pom of its modules, Maven builds them first
   (``mvn -B -q -DskipTests -pl nbp-network,loihi-nir -am package dependency:build-classpath ...``; without
   loihi-nir, ``mvn -B -q -DskipTests -pl nbp-network -am package`` as the ``./nbp`` script does).

The JVM itself is the one Maven would use: ``JAVA_HOME`` when set, else the ``java`` found on ``PATH``, else JPype's
default search.
"""

import logging
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import jpype

_log = logging.getLogger("loihi_emu")

#: The modules whose main code ends up in the shaded jar (benchmarks does not).
_MODULES = ("datasets", "loihi-core", "nbp-network")
_BUILD = ("mvn", "-B", "-q", "-DskipTests", "-pl", "nbp-network", "-am", "package")
#: The modules whose main code loihi-nir's jar depends on (loihi-core comes from the shaded jar).
_NIR_MODULES = ("loihi-core", "loihi-nir")
#: loihi-nir's runtime dependencies, one class path line written by dependency:build-classpath (relative to the
#: module; every module of the build writes its own, only loihi-nir's is read).
_NIR_CLASS_PATH = "target/runtime-classpath.txt"
#: The build with loihi-nir: both jars, and the list of loihi-nir's third-party runtime jars (the project's own
#: modules left out: loihi-core is in the shaded jar).
_BUILD_WITH_NIR = ("mvn", "-B", "-q", "-DskipTests", "-pl", "nbp-network,loihi-nir", "-am", "package",
                   "dependency:build-classpath", f"-Dmdep.outputFile={_NIR_CLASS_PATH}", "-DincludeScope=runtime",
                   "-DexcludeGroupIds=io.github.loihiemu")
#: nbp-network's logback configuration: warnings to stderr. Without it logback's default logs DEBUG to stdout.
_LOGBACK_CONFIG = "nbp-logback.xml"

_lock = threading.Lock()
_class_path = None


def repository_root():
    """The checkout this package lives in (``python/loihi_emu`` -> the folder holding ``pom.xml``)."""
    return Path(__file__).resolve().parent.parent.parent


def _shaded_jar(root):
    found = sorted((root / "nbp-network" / "target").glob("nbp-network-*-cli.jar"))
    return found[-1] if found else None


def _nir_jar(root):
    """loihi-nir's own jar (not a -sources, -javadoc or -tests jar), or None."""
    found = sorted(j for j in (root / "loihi-nir" / "target").glob("loihi-nir-*.jar")
                   if not j.name.endswith(("-sources.jar", "-javadoc.jar", "-tests.jar")))
    return found[-1] if found else None


def _newest_source(root, modules=_MODULES):
    """The newest modification time among the files that go into the modules' jars (poms and main sources)."""
    newest = (root / "pom.xml").stat().st_mtime
    for module in modules:
        pom = root / module / "pom.xml"
        if pom.exists():
            newest = max(newest, pom.stat().st_mtime)
        for folder, _, files in os.walk(root / module / "src" / "main"):
            for name in files:
                newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime)
    return newest


def _has_nir(root):
    return (root / "loihi-nir" / "pom.xml").is_file()


def _build(root, reason):
    command = _BUILD_WITH_NIR if _has_nir(root) else _BUILD
    if shutil.which("mvn") is None:
        raise RuntimeError(f"loihi_emu: {reason}, and Maven (mvn) is not on PATH to build it; run "
                           f"`{' '.join(command)}` in {root}, or set LOIHI_EMU_JARS to the project's jars")
    # a first build takes a minute or more: say why the first call waits
    _log.warning("loihi_emu: %s; building it with `%s` in %s (a minute or two, once) ...", reason, " ".join(command),
                 root)
    done = subprocess.run(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-40:])
        raise RuntimeError(f"loihi_emu: the Maven build in {root} failed (exit status {done.returncode}):\n{tail}")


def _from_environment(value):
    jars = []
    for entry in filter(None, value.split(os.pathsep)):
        path = Path(entry).expanduser()
        if path.is_dir():
            jars.extend(str(j) for j in sorted(path.glob("*.jar")))
        elif path.is_file():
            jars.append(str(path))
        else:
            raise FileNotFoundError(f"LOIHI_EMU_JARS: {entry} is neither a jar file nor a folder")
    if not jars:
        raise FileNotFoundError(f"LOIHI_EMU_JARS={value!r} names no jar")
    return jars


def _nir_dependencies(root):
    """The jars listed in loihi-nir's class path file (None when the file is missing)."""
    listing = root / "loihi-nir" / _NIR_CLASS_PATH
    if not listing.is_file():
        return None
    return [entry for entry in listing.read_text(encoding="utf-8").strip().split(os.pathsep) if entry]


def _stale(root):
    """Why the checkout's jars must be built first, or None when they are there and newer than their sources."""
    jar = _shaded_jar(root)
    if jar is None:
        return "the shaded jar nbp-network/target/nbp-network-*-cli.jar is missing"
    if jar.stat().st_mtime < _newest_source(root):
        return f"{jar.name} is older than the sources"
    if not _has_nir(root):
        return None
    jar = _nir_jar(root)
    if jar is None:
        return "loihi-nir's jar loihi-nir/target/loihi-nir-*.jar is missing"
    if jar.stat().st_mtime < _newest_source(root, _NIR_MODULES):
        return f"{jar.name} is older than the sources"
    listing = root / "loihi-nir" / _NIR_CLASS_PATH
    dependencies = _nir_dependencies(root)
    if dependencies is None:
        return f"the list of loihi-nir's runtime dependencies, loihi-nir/{_NIR_CLASS_PATH}, is missing"
    if listing.stat().st_mtime < max((root / "pom.xml").stat().st_mtime,
                                     (root / "loihi-nir" / "pom.xml").stat().st_mtime):
        return f"loihi-nir/{_NIR_CLASS_PATH} is older than the poms"
    for entry in dependencies:
        if not Path(entry).is_file():
            return f"{entry}, a runtime dependency of loihi-nir, is missing"
    return None


def _checkout_jars(root):
    """The checkout's class path, built first where needed."""
    reason = _stale(root)
    if reason is not None:
        _build(root, reason)
    jar = _shaded_jar(root)
    if jar is None:
        raise RuntimeError(f"loihi_emu: the Maven build in {root} made no nbp-network/target/*-cli.jar")
    jars = [str(jar)]
    if _has_nir(root):
        nir = _nir_jar(root)
        dependencies = _nir_dependencies(root)
        if nir is None or dependencies is None:
            raise RuntimeError(f"loihi_emu: the Maven build in {root} made no loihi-nir/target/loihi-nir-*.jar or "
                               f"no loihi-nir/{_NIR_CLASS_PATH}")
        jars.append(str(nir))
        jars.extend(d for d in dependencies if d not in jars)
    return jars


def class_path():
    """The jars the JVM starts with (building the checkout's jars first if they are missing or stale)."""
    global _class_path
    if _class_path is None:
        value = os.environ.get("LOIHI_EMU_JARS")
        if value:
            _class_path = _from_environment(value)
        else:
            root = repository_root()
            if not (root / "pom.xml").is_file():
                raise FileNotFoundError(f"loihi_emu: no Maven project at {root} to take the jars from; set "
                                        "LOIHI_EMU_JARS to the project's jars (os.pathsep-separated files or folders)")
            _class_path = _checkout_jars(root)
    return list(_class_path)


def _jvm_library():
    """libjvm of JAVA_HOME, else of the ``java`` on PATH, else whatever JPype finds."""
    home = os.environ.get("JAVA_HOME")
    if not home:
        java = shutil.which("java")
        if java:
            home = str(Path(java).resolve().parent.parent)
    names = {"linux": "libjvm.so", "darwin": "libjli.dylib", "win32": "jvm.dll"}
    name = names.get(sys.platform, "libjvm.so")
    if home and Path(home).is_dir():
        found = sorted(Path(home).rglob(name), key=lambda p: ("server" not in p.parts, str(p)))
        if found:
            return str(found[0])
    return jpype.getDefaultJVMPath()


def _has_vector_module(library):
    """Whether the Java runtime of ``library`` (its ``release`` file's module list) holds jdk.incubator.vector."""
    # lib/server/libjvm.so or lib/libjli.dylib: the home is at most three levels up
    for parent in list(Path(library).resolve().parents)[:3]:
        release = parent / "release"
        if release.is_file():
            try:
                return "jdk.incubator.vector" in release.read_text(errors="replace")
            except OSError:
                return False
    return False


def _has_resource(jars, name):
    for jar in jars:
        try:
            with zipfile.ZipFile(jar) as z:
                if name in z.namelist():
                    return True
        except (OSError, zipfile.BadZipFile):
            continue
    return False


def _jpype_support_jar():
    """JPype's own Java classes, when they have to be on the class path (else None).

    JPype's native module looks for ``org.jpype.jar`` beside itself, then on the class path. Debian's
    python3-jpype installs it as /usr/share/java/org.jpype.jar instead, where the module does not look, so the JVM
    fails to start ("ClassNotFoundException: org.jpype.classloader.DynamicClassLoader") unless it is added.
    """
    import _jpype
    if (Path(_jpype.__file__).parent / "org.jpype.jar").is_file():
        return None
    debian = Path("/usr/share/java/org.jpype.jar")
    return str(debian) if debian.is_file() else None


def start_jvm(*options):
    """Starts the JVM on the project's jars, with extra JVM ``options`` (e.g. ``"-Xmx8g"``), unless it runs.

    Call it before any other use of the package to pass options; later calls (and the package's own implicit
    call) do nothing once the JVM runs.
    """
    with _lock:
        if jpype.isJVMStarted():
            return
        jars = class_path()
        args = list(options)
        if not any(o.startswith("-Dlogback.configurationFile=") for o in args) and _has_resource(jars, _LOGBACK_CONFIG):
            args.append(f"-Dlogback.configurationFile={_LOGBACK_CONFIG}")
        library = _jvm_library()
        # the vector kernels (docs/performance.md) run where the JDK's incubating vector module is in the boot layer;
        # a runtime without it (a jlink image) would refuse to start with the option, and runs the scalar kernels
        if not any(o.startswith("--add-modules") for o in args) and _has_vector_module(library):
            args.append("--add-modules=jdk.incubator.vector")
        support = _jpype_support_jar()
        jpype.startJVM(library, *args, classpath=jars + ([support] if support else []), convertStrings=False)


class _JavaClasses:
    """The Java classes the package uses, loaded on first access (starting the JVM if needed)."""

    _NAMES = {
        "Network": "io.github.loihiemu.core.network.Network",
        "Topology": "io.github.loihiemu.core.network.Topology",
        "CompartmentPrototype": "io.github.loihiemu.core.compartment.CompartmentPrototype",
        "ConnectionPrototype": "io.github.loihiemu.core.synapse.ConnectionPrototype",
        "SignMode": "io.github.loihiemu.core.synapse.SignMode",
        "LearningRuleSpec": "io.github.loihiemu.core.learning.LearningRuleSpec",
        "Board": "io.github.loihiemu.core.chip.Board",
        "BoardConfig": "io.github.loihiemu.core.chip.BoardConfig",
        "MappingConfig": "io.github.loihiemu.core.mapping.MappingConfig",
        "Phase": "io.github.loihiemu.core.energy.Phase",
        "Dataset": "io.github.loihiemu.datasets.Dataset",
        "Split": "io.github.loihiemu.datasets.Split",
        "Datasets": "io.github.loihiemu.datasets.Datasets",
        "NbpTrainer": "io.github.loihiemu.nbp.NbpTrainer",
        "NbpTrainerConfig": "io.github.loihiemu.nbp.NbpTrainer$Config",
        "NbpWeights": "io.github.loihiemu.nbp.NbpWeights",
        "NbpInference": "io.github.loihiemu.nbp.NbpInference",
        "Path": "java.nio.file.Path",
        "NirReader": "io.github.loihiemu.nir.NirReader",
        "NirReaderMode": "io.github.loihiemu.nir.NirReader$Mode",
        "NirMapper": "io.github.loihiemu.nir.NirMapper",
        "MapOptions": "io.github.loihiemu.nir.MapOptions",
        "NirTimestep": "io.github.loihiemu.nir.NirTimestep",
        "NirExporter": "io.github.loihiemu.nir.NirExporter",
        "ExportOptions": "io.github.loihiemu.nir.ExportOptions",
        "NirWriter": "io.github.loihiemu.nir.NirWriter",
        "ArrayList": "java.util.ArrayList",
    }

    def __getattr__(self, name):
        qualified = self._NAMES.get(name)
        if qualified is None:
            raise AttributeError(name)
        start_jvm()
        try:
            cls = jpype.JClass(qualified)
        except Exception:           # JPype reports a missing class as a Java error or a TypeError
            if _class_path is None:
                raise RuntimeError(f"loihi_emu: Java class {qualified} is missing: the JVM was started before "
                                   "loihi_emu could give it the project's jars; start it with "
                                   "classpath=loihi_emu.class_path(), or let loihi_emu start it") from None
            hint = ""
            if qualified.startswith("io.github.loihiemu.nir."):
                hint = ("; NIR graphs need loihi-nir's jar and its runtime dependencies (jhdf, commons-lang3, "
                        "lz4-java, compress-lzf, ejml-core, ejml-ddense, slf4j-api) on the class path: add them to "
                        "LOIHI_EMU_JARS (`mvn -q dependency:build-classpath -pl loihi-nir` lists them)")
            raise RuntimeError(f"loihi_emu: Java class {qualified} is not in {', '.join(_class_path)}{hint}") from None
        setattr(self, name, cls)
        return cls


#: ``java.Network`` etc.: the Java classes, loaded lazily.
java = _JavaClasses()

