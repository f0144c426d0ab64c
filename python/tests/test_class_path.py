"""How the jars are found, on a fake checkout (the JVM of this process is not touched: it starts only once)."""

import os
import types

import pytest

from loihi_emu import _jvm


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A fake checkout with sources, as seen by a fresh process (no class path chosen yet, no LOIHI_EMU_JARS)."""
    (tmp_path / "pom.xml").write_text("<project/>")
    for module in ("datasets", "loihi-core", "nbp-network"):
        (tmp_path / module / "src" / "main").mkdir(parents=True)
        (tmp_path / module / "pom.xml").write_text("<project/>")
    (tmp_path / "loihi-core" / "src" / "main" / "Board.java").write_text("class Board {}")
    monkeypatch.setattr(_jvm, "repository_root", lambda: tmp_path)
    monkeypatch.setattr(_jvm, "_class_path", None)
    monkeypatch.delenv("LOIHI_EMU_JARS", raising=False)
    return tmp_path


def fake_maven(monkeypatch, checkout, jar_made=True):
    """Replaces the Maven run: records the command, and writes the shaded jar as the real build would."""
    calls = []

    def run(command, cwd, **kwargs):
        calls.append((tuple(command), cwd))
        if jar_made:
            target = checkout / "nbp-network" / "target"
            target.mkdir(exist_ok=True)
            (target / "nbp-network-0.1.0-SNAPSHOT-cli.jar").write_bytes(b"jar")
        return types.SimpleNamespace(returncode=0 if jar_made else 1, stdout="[ERROR] no compiler\n")

    monkeypatch.setattr(_jvm.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(_jvm.subprocess, "run", run)
    return calls


def test_a_missing_jar_is_built_by_maven_with_a_message(checkout, monkeypatch, caplog):
    calls = fake_maven(monkeypatch, checkout)
    jars = _jvm.class_path()
    assert jars == [str(checkout / "nbp-network" / "target" / "nbp-network-0.1.0-SNAPSHOT-cli.jar")]
    assert calls == [(_jvm._BUILD, checkout)]
    assert "mvn -B -q -DskipTests -pl nbp-network -am package" in " ".join(calls[0][0])
    assert "is missing; building it with" in caplog.text


def test_a_jar_older_than_a_source_is_rebuilt_and_a_newer_one_is_used(checkout, monkeypatch, caplog):
    calls = fake_maven(monkeypatch, checkout)
    _jvm.class_path()
    jar = checkout / "nbp-network" / "target" / "nbp-network-0.1.0-SNAPSHOT-cli.jar"
    source = checkout / "loihi-core" / "src" / "main" / "Board.java"
    os.utime(jar, (1_000_000, 1_000_000))
    monkeypatch.setattr(_jvm, "_class_path", None)
    _jvm.class_path()
    assert len(calls) == 2 and "is older than the sources" in caplog.text
    os.utime(source, (1_000_000, 1_000_000))
    for pom in checkout.rglob("pom.xml"):
        os.utime(pom, (1_000_000, 1_000_000))
    os.utime(jar, (2_000_000, 2_000_000))
    monkeypatch.setattr(_jvm, "_class_path", None)
    _jvm.class_path()
    assert len(calls) == 2, "an up-to-date jar is used as it is"


def test_a_failed_build_or_no_maven_says_what_to_do(checkout, monkeypatch):
    fake_maven(monkeypatch, checkout, jar_made=False)
    with pytest.raises(RuntimeError, match=r"the Maven build in .* failed \(exit status 1\):\n\[ERROR\] no compiler"):
        _jvm.class_path()
    monkeypatch.setattr(_jvm.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="Maven \\(mvn\\) is not on PATH .* or set LOIHI_EMU_JARS"):
        _jvm.class_path()


def test_loihi_emu_jars_names_files_and_folders(checkout, monkeypatch, tmp_path):
    folder = tmp_path / "jars"
    folder.mkdir()
    for name in ("b.jar", "a.jar", "notes.txt"):
        (folder / name).write_text("")
    single = tmp_path / "single.jar"
    single.write_text("")
    monkeypatch.setenv("LOIHI_EMU_JARS", os.pathsep.join([str(folder), str(single)]))
    assert _jvm.class_path() == [str(folder / "a.jar"), str(folder / "b.jar"), str(single)]
    monkeypatch.setattr(_jvm, "_class_path", None)
    monkeypatch.setenv("LOIHI_EMU_JARS", str(tmp_path / "missing.jar"))
    with pytest.raises(FileNotFoundError, match="missing.jar is neither a jar file nor a folder"):
        _jvm.class_path()
    monkeypatch.setenv("LOIHI_EMU_JARS", str(checkout / "loihi-core"))
    with pytest.raises(FileNotFoundError, match="names no jar"):
        _jvm.class_path()


def test_the_jvm_is_the_one_maven_would_use(monkeypatch, tmp_path):
    home = tmp_path / "jdk"
    (home / "lib" / "server").mkdir(parents=True)
    (home / "lib" / "server" / "libjvm.so").write_text("")
    (home / "bin").mkdir()
    monkeypatch.setattr(_jvm.sys, "platform", "linux")
    monkeypatch.setenv("JAVA_HOME", str(home))
    assert _jvm._jvm_library() == str(home / "lib" / "server" / "libjvm.so")
    monkeypatch.delenv("JAVA_HOME")
    monkeypatch.setattr(_jvm.shutil, "which", lambda name: str(home / "bin" / "java"))
    assert _jvm._jvm_library() == str(home / "lib" / "server" / "libjvm.so")


@pytest.fixture
def nir_checkout(checkout, tmp_path):
    """The fake checkout with a loihi-nir module and two third-party jars in a fake local Maven repository."""
    (checkout / "loihi-nir" / "src" / "main").mkdir(parents=True)
    (checkout / "loihi-nir" / "pom.xml").write_text("<project/>")
    (checkout / "loihi-nir" / "src" / "main" / "NirReader.java").write_text("class NirReader {}")
    repository = tmp_path / "m2"
    repository.mkdir()
    for name in ("jhdf-0.13.0.jar", "ejml-core-0.46.1.jar"):
        (repository / name).write_bytes(b"jar")
    return checkout


def fake_maven_with_nir(monkeypatch, checkout, listing=True):
    """The Maven run that also makes loihi-nir's jar and (unless ``listing`` is False) its class path file."""
    calls = fake_maven(monkeypatch, checkout)
    plain = _jvm.subprocess.run
    repository = checkout / "m2"

    def run(command, cwd, **kwargs):
        done = plain(command, cwd, **kwargs)
        target = checkout / "loihi-nir" / "target"
        target.mkdir(exist_ok=True)
        (target / "loihi-nir-0.1.0-SNAPSHOT.jar").write_bytes(b"jar")
        (target / "loihi-nir-0.1.0-SNAPSHOT-sources.jar").write_bytes(b"jar")
        if listing:
            (target / "runtime-classpath.txt").write_text(
                os.pathsep.join(str(repository / n) for n in ("jhdf-0.13.0.jar", "ejml-core-0.46.1.jar")))
        return done

    monkeypatch.setattr(_jvm.subprocess, "run", run)
    return calls


def test_loihi_nir_and_its_dependencies_are_built_and_put_on_the_class_path(nir_checkout, monkeypatch, caplog):
    calls = fake_maven_with_nir(monkeypatch, nir_checkout)
    jars = _jvm.class_path()
    assert jars == [str(nir_checkout / "nbp-network" / "target" / "nbp-network-0.1.0-SNAPSHOT-cli.jar"),
                    str(nir_checkout / "loihi-nir" / "target" / "loihi-nir-0.1.0-SNAPSHOT.jar"),
                    str(nir_checkout / "m2" / "jhdf-0.13.0.jar"), str(nir_checkout / "m2" / "ejml-core-0.46.1.jar")]
    assert calls == [(_jvm._BUILD_WITH_NIR, nir_checkout)]
    command = " ".join(calls[0][0])
    assert "-pl nbp-network,loihi-nir -am package dependency:build-classpath" in command
    assert "-Dmdep.outputFile=target/runtime-classpath.txt -DincludeScope=runtime" in command
    assert "building it with" in caplog.text
    monkeypatch.setattr(_jvm, "_class_path", None)
    assert _jvm.class_path() == jars and len(calls) == 1, "up to date: no second build"


@pytest.mark.parametrize("change, reason", [
    ("source", "loihi-nir-0.1.0-SNAPSHOT.jar is older than the sources"),
    ("listing", "loihi-nir/target/runtime-classpath.txt, is missing"),
    ("pom", "loihi-nir/target/runtime-classpath.txt is older than the poms"),
    ("dependency", "jhdf-0.13.0.jar, a runtime dependency of loihi-nir, is missing"),
])
def test_a_stale_loihi_nir_is_rebuilt(nir_checkout, monkeypatch, caplog, change, reason):
    calls = fake_maven_with_nir(monkeypatch, nir_checkout)
    _jvm.class_path()
    for path in nir_checkout.rglob("*"):
        if path.is_file():
            os.utime(path, (2_000_000, 2_000_000))
    if change == "source":
        os.utime(nir_checkout / "loihi-nir" / "src" / "main" / "NirReader.java", (3_000_000, 3_000_000))
    elif change == "listing":
        (nir_checkout / "loihi-nir" / "target" / "runtime-classpath.txt").unlink()
    elif change == "pom":
        os.utime(nir_checkout / "loihi-nir" / "pom.xml", (3_000_000, 3_000_000))
        os.utime(nir_checkout / "loihi-nir" / "target" / "loihi-nir-0.1.0-SNAPSHOT.jar", (3_000_000, 3_000_000))
    else:
        (nir_checkout / "m2" / "jhdf-0.13.0.jar").unlink()
    monkeypatch.setattr(_jvm, "_class_path", None)
    caplog.clear()
    _jvm.class_path()
    assert len(calls) == 2 and reason in caplog.text


def test_a_build_without_the_loihi_nir_class_path_file_says_so(nir_checkout, monkeypatch):
    fake_maven_with_nir(monkeypatch, nir_checkout, listing=False)
    with pytest.raises(RuntimeError, match="made no loihi-nir/target/loihi-nir-\\*.jar or no loihi-nir/target/"
                                           "runtime-classpath.txt"):
        _jvm.class_path()


def test_the_vector_module_is_asked_for_only_where_the_runtime_has_it(tmp_path):
    """A runtime whose release file lists jdk.incubator.vector gets the option; one without it (a jlink image)
    would refuse to start with it, and one without a release file is not guessed at."""
    with_module = tmp_path / "jdk" / "lib" / "server"
    with_module.mkdir(parents=True)
    (tmp_path / "jdk" / "release").write_text('MODULES="java.base jdk.incubator.vector jdk.unsupported"\n')
    (with_module / "libjvm.so").write_text("")
    without = tmp_path / "image" / "lib" / "server"
    without.mkdir(parents=True)
    (tmp_path / "image" / "release").write_text('MODULES="java.base java.logging"\n')
    (without / "libjvm.so").write_text("")
    bare = tmp_path / "bare" / "lib" / "server"
    bare.mkdir(parents=True)
    (bare / "libjvm.so").write_text("")
    assert _jvm._has_vector_module(str(with_module / "libjvm.so"))
    assert not _jvm._has_vector_module(str(without / "libjvm.so"))
    assert not _jvm._has_vector_module(str(bare / "libjvm.so"))
