"""What ``python -m build`` makes of this tree is ready to publish.

The sdist is the whole project (the tests, docs and CI script run from an unpacked sdist as
from a clone); the wheel is the package alone; the metadata is complete and ``twine check``
accepts both. The build runs once for the module, from a copy of the tree (setuptools writes
into the tree it builds), without build isolation: the backend comes from the ``dev`` extra,
so no network is needed. ``.ci/run`` builds again with isolation, as a release would.
"""

from __future__ import annotations

import email.message
import email.parser
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

import pytest_tiktok_sandbox

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "pytest_tiktok_sandbox"
VERSION = pytest_tiktok_sandbox.__version__

# Never part of the project, wherever they lie (local environments, caches, build output).
_NOT_THE_PROJECT = (".git", ".venv", "venv", "node_modules", "build", "dist", "site", "*.egg-info")
_CACHES = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", ".benchmarks")
# Caches a developer's tree has inside the folders the sdist takes whole.
_PLANTED = (
    "tests/__pycache__/conftest.cpython-311.pyc",
    "tests/server/__pycache__/live_helpers.cpython-311-pytest-8.3.0.pyc",
    "docs/examples/tiktok_app/__pycache__/app.cpython-311.pyc",
    f"{PACKAGE}/__pycache__/plugin.cpython-311.pyc",
    f"{PACKAGE}/api/stale.pyc",
    "tests/.hypothesis/examples/0123/planted",
)
# What setuptools adds to an sdist besides the project's files.
_SDIST_EXTRAS = {"PKG-INFO", "setup.cfg"}


@dataclass(frozen=True)
class Dist:
    sdist: Path
    wheel: Path

    def sdist_files(self) -> set[str]:
        """The sdist's files, relative to its top folder."""
        with tarfile.open(self.sdist) as archive:
            names = [m.name for m in archive.getmembers() if m.isfile()]
        top = f"pytest_tiktok_sandbox-{VERSION}"
        assert all(name.startswith(f"{top}/") for name in names), names
        return {name.removeprefix(f"{top}/") for name in names}

    def wheel_files(self) -> set[str]:
        with zipfile.ZipFile(self.wheel) as archive:
            return set(archive.namelist())

    def wheel_text(self, name: str) -> str:
        with zipfile.ZipFile(self.wheel) as archive:
            return archive.read(f"pytest_tiktok_sandbox-{VERSION}.dist-info/{name}").decode()


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    source = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*_NOT_THE_PROJECT, *_CACHES))
    # What a developer's tree has among the files the sdist takes whole: it must leave them out.
    for junk in _PLANTED:
        (source / junk).parent.mkdir(parents=True, exist_ok=True)
        (source / junk).write_bytes(b"junk")
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, f"python -m build failed:\n{built.stdout[-3000:]}\n{built.stderr[-3000:]}"
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Dist(sdist, wheel)


def project_files() -> set[str]:
    """The project's files: what git tracks (or would: new files not ignored), else the tree."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\0")
        return {name for name in listed if name and (ROOT / name).is_file()}
    # An unpacked sdist: its own files, less what setuptools added.
    skip = set(_NOT_THE_PROJECT + _CACHES)
    files = set()
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if path.is_file() and not any(part in skip or part.endswith(".egg-info") for part in relative.parts):
            files.add(relative.as_posix())
    return files - _SDIST_EXTRAS


def metadata(dist: Dist) -> email.message.Message:
    return email.parser.Parser().parsestr(dist.wheel_text("METADATA"))


# -- the sdist ---------------------------------------------------------------------------------
def test_the_sdist_holds_every_file_of_the_project(dist: Dist) -> None:
    files = dist.sdist_files()
    missing = sorted(project_files() - files)
    assert not missing, f"left out of the sdist (MANIFEST.in): {missing}"
    # What running the tests, the type check and the docs build from an sdist needs, by name.
    for needed in ("README.md", "CHANGELOG.md", "LICENSE", "pyproject.toml", "mkdocs.yml", ".ci/run"):
        assert needed in files
    for folder in ("tests/", "docs/", "docs/examples/", "tests/server/scenarios/", f"{PACKAGE}/"):
        assert any(name.startswith(folder) for name in files), folder


def test_the_sdist_has_no_caches_or_build_output(dist: Dist) -> None:
    files = dist.sdist_files()
    assert not set(_PLANTED) & files
    junk = sorted(
        name
        for name in files
        if name.endswith((".pyc", ".pyo"))
        or set(PurePosixPath(name).parts) & set(_CACHES + _NOT_THE_PROJECT)
        or (name.split("/")[0].endswith(".egg-info") and name.count("/") != 1)
    )
    assert not junk


# -- the wheel ---------------------------------------------------------------------------------
def test_the_wheel_holds_the_package_and_nothing_else(dist: Dist) -> None:
    files = dist.wheel_files()
    info = f"pytest_tiktok_sandbox-{VERSION}.dist-info/"
    package = {name for name in project_files() if name.startswith(f"{PACKAGE}/")}
    assert f"{PACKAGE}/py.typed" in package
    assert {name for name in files if not name.startswith(info)} == package
    assert f"{info}licenses/LICENSE" in files


def test_the_wheel_registers_the_plugin_and_the_command(dist: Dist) -> None:
    entry_points = dist.wheel_text("entry_points.txt")
    assert "[pytest11]\ntiktok_sandbox = pytest_tiktok_sandbox.plugin\n" in entry_points
    assert "[console_scripts]\ntiktok-sandbox = pytest_tiktok_sandbox.cli:main\n" in entry_points


# -- metadata ----------------------------------------------------------------------------------
def test_the_metadata_is_complete(dist: Dist) -> None:
    meta = metadata(dist)
    assert meta["Name"] == "pytest-tiktok-sandbox"
    assert meta["Version"] == VERSION
    assert meta["Summary"]
    assert meta["Requires-Python"] == ">=3.10"
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta["Description-Content-Type"] == "text/markdown"
    description = meta.get_payload()
    assert isinstance(description, str)
    assert description == (ROOT / "README.md").read_text(encoding="utf-8"), "the README is the long description"
    classifiers = meta.get_all("Classifier") or []
    for classifier in ("Framework :: Pytest", "Typing :: Typed", "Topic :: Software Development :: Testing"):
        assert classifier in classifiers
    urls = dict(line.split(", ", 1) for line in meta.get_all("Project-URL") or [])
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())


def test_the_sdist_metadata_is_the_wheels(dist: Dist) -> None:
    with tarfile.open(dist.sdist) as archive:
        member = archive.extractfile(f"pytest_tiktok_sandbox-{VERSION}/PKG-INFO")
        assert member is not None
        sdist_meta = email.parser.Parser().parsestr(member.read().decode())
    wheel_meta = metadata(dist)
    for field in ("Name", "Version", "License-Expression", "Requires-Python", "Description-Content-Type"):
        assert sdist_meta[field] == wheel_meta[field], field
    assert sdist_meta.get_all("Classifier") == wheel_meta.get_all("Classifier")


def test_twine_accepts_both(dist: Dist) -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(dist.sdist), str(dist.wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
