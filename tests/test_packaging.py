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


# --- every third-party import is a declared dependency ---------------------------------------

EXTRA_MODULES = {"falseflag.ingest": "ingest", "falseflag.report": "report", "falseflag.engines.spark": "spark"}
"""Modules that may import what an extra installs (they are loaded only when that feature is used)."""


def _declared() -> dict[str | None, set[str]]:
    """Declared requirements of the installed distribution: None for the core, else by extra."""
    import importlib.metadata as metadata

    from packaging.requirements import Requirement

    declared: dict[str | None, set[str]] = {}
    for line in metadata.requires("falseflag") or []:
        requirement = Requirement(line)
        extra = None
        if requirement.marker is not None:
            extra = next((e for e in ("pandas", "test", "ingest", "report", "spark") if requirement.marker.evaluate({"extra": e})), None)
        declared.setdefault(extra, set()).add(_normal(requirement.name))
    return declared


def _normal(name: str) -> str:
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(top-level module, imported only for type checking) of every import in a source file."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(n) for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], id(node) in typing_only) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module.split(".")[0], id(node) in typing_only))
    return found


def test_every_module_imports_and_every_third_party_import_is_declared():
    import importlib
    import importlib.metadata as metadata
    import pkgutil

    declared = _declared()
    providers = metadata.packages_distributions()
    package_dir = Path(falseflag.__file__).parent
    undeclared = []
    for info in pkgutil.walk_packages([str(package_dir)], prefix="falseflag."):
        importlib.import_module(info.name)
        path = package_dir.joinpath(*info.name.split(".")[1:])
        source = path / "__init__.py" if info.ispkg else path.with_suffix(".py")
        extra = next((e for prefix, e in EXTRA_MODULES.items() if info.name == prefix or info.name.startswith(prefix + ".")), None)
        allowed = declared.get(None, set()) | (declared.get(extra, set()) if extra else set())
        for module, typing_only in _imports(source):
            if module in sys.stdlib_module_names or module == "falseflag" or module == "__future__":
                continue
            distributions = {_normal(d) for d in providers.get(module, [module])}
            ok = distributions & allowed or (typing_only and distributions & set().union(*declared.values()))
            if not ok:
                undeclared.append(f"{info.name} imports {module} ({', '.join(sorted(distributions))})")
    assert not undeclared, undeclared
