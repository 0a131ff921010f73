"""The wheel carries the corpus, the schemas and the analyzers, under the falseflag package only."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import falseflag
from falseflag._bundle import bundled_root

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("falseflag-*.whl")
    return built


def test_wheel_contains_the_data_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = "falseflag/_bundled/"
    assert bundled + "datapackage.json" in names
    for path in (REPO / "data").glob("*.csv"):
        assert bundled + f"data/{path.name}" in names
    for path in (REPO / "schemas").glob("*.json"):
        assert bundled + f"schemas/{path.name}" in names
    for path in (REPO / "analyzers").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert bundled + path.relative_to(REPO).as_posix() in names


def test_wheel_has_no_generic_top_level_names(wheel):
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert tops == {"falseflag", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}


def test_bundled_copy_is_identical_to_the_repository(wheel):
    archive = zipfile.ZipFile(wheel)
    for rel in ["datapackage.json", *[p.relative_to(REPO).as_posix() for p in (REPO / "data").glob("*.csv")]]:
        assert archive.read(f"falseflag/_bundled/{rel}") == (REPO / rel).read_bytes(), rel


def test_installed_package_finds_its_corpus():
    root = bundled_root()
    assert (root / "datapackage.json").is_file()
    installed_from_wheel = (Path(falseflag.__file__).parent / "_bundled").is_dir()
    if installed_from_wheel:
        assert root == Path(falseflag.__file__).parent.resolve() / "_bundled"
    else:
        assert root == REPO


def test_the_corpus_is_found_from_any_directory(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import falseflag; print(falseflag.connect().execute('SELECT count(*) FROM articles').fetchall()[0][0])"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "5"
