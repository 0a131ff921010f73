"""docs/plugins.md documents every hook and structure, and its tutorial and test examples work."""

from __future__ import annotations

import dataclasses
import importlib.util
import inspect
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import falseflag
from falseflag import analysis, hookspecs
from falseflag.plugins import ENTRY_POINT_GROUP, ENV_LOAD_PLUGINS, register_plugin

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")


def hookspec_names() -> list[str]:
    return [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(fn, f"{hookspecs.PROJECT}_spec")]


def headings() -> set[str]:
    return {m.group(1).strip().strip("`") for m in re.finditer(r"^#{2,4} (.+)$", DOC, re.MULTILINE)}


def block_after(marker: str, language: str) -> str:
    """The first fenced code block in ``language`` after ``marker`` in the page."""
    at = DOC.index(marker)
    match = re.compile(rf"^```{language}\n(.*?)^```", re.MULTILINE | re.DOTALL).search(DOC, at)
    assert match, f"no {language} block after {marker!r}"
    return match.group(1)


@pytest.mark.parametrize("hook", hookspec_names())
def test_every_hook_has_a_heading_with_its_signature(hook):
    params = ", ".join(inspect.signature(getattr(hookspecs, hook)).parameters)
    assert f"{hook}({params})" in headings(), f"docs/plugins.md needs a heading '### {hook}({params})'"


def test_there_are_hooks_to_document():
    assert hookspec_names()


@pytest.mark.parametrize("structure", [analysis.Analyzer, analysis.AnalyzerResult, analysis.Finding, analysis.Evidence])
def test_every_field_of_every_structure_is_documented(structure):
    assert structure.__name__ in headings()
    for field in dataclasses.fields(structure):
        assert f"`{field.name}`" in DOC, f"{structure.__name__}.{field.name} is not in docs/plugins.md"


def test_result_table_members_are_documented():
    assert "ResultTable" in headings()
    public = [n for n, _ in inspect.getmembers(analysis.ResultTable) if not n.startswith("_") and n != "from_relation"]
    for name in [*public, "name", "description", "arrow"]:
        assert f"`{name}" in DOC, f"ResultTable.{name} is not in docs/plugins.md"


def test_loading_is_documented():
    for needle in (ENV_LOAD_PLUGINS, f"[project.entry-points.{ENTRY_POINT_GROUP}]", "falseflag plugins", "register_plugin"):
        assert needle in DOC, needle


def write_tutorial(folder: Path) -> Path:
    folder.mkdir()
    (folder / "pyproject.toml").write_text(block_after("Create `pyproject.toml`", "toml"), encoding="utf-8")
    (folder / "falseflag_headlines.py").write_text(block_after("Create `falseflag_headlines.py`", "python"), encoding="utf-8")
    return folder


def import_tutorial_module(folder: Path):
    spec = importlib.util.spec_from_file_location("falseflag_headlines_docs", folder / "falseflag_headlines.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_tutorial_plugin_installs_and_runs(tmp_path):
    project = write_tutorial(tmp_path / "falseflag-headlines")
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["entry-points"][ENTRY_POINT_GROUP] == {"headlines": "falseflag_headlines"}
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--quiet", "--target", str(site), str(project)],
        check=True, capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(site), ENV_LOAD_PLUGINS: "falseflag-headlines"}
    command = [sys.executable, "-c", "from falseflag.cli import cli; cli()"]
    listed = subprocess.run([*command, "analyzers", "--json"], capture_output=True, text=True, env=env)
    entry = {a["name"]: a for a in json.loads(listed.stdout)}["headline-length"]
    assert (entry["plugin"], entry["distribution"], entry["distribution_version"]) == ("headlines", "falseflag-headlines", "0.1.0")
    ran = subprocess.run([*command, "analyze", "headline-length", "--format", "json"], capture_output=True, text=True, env=env)
    payload = json.loads(ran.stdout)
    assert payload["errors"] == []
    titled = falseflag.connect().execute("SELECT count(*) FROM articles WHERE title_start IS NOT NULL").fetchall()[0][0]
    assert payload["results"]["headline-length"]["tables"]["headlines"]["num_rows"] == titled


def test_the_testing_examples_pass(tmp_path):
    module = import_tutorial_module(write_tutorial(tmp_path / "tutorial"))
    namespace: dict = {}
    exec(block_after("Run your analyzer with `falseflag.analyze`", "python"), namespace)
    exec(block_after("datasette style", "python"), namespace)
    with register_plugin(module, name="headlines-docs"):
        (tmp_path / "one").mkdir()
        namespace["test_headline_length"](tmp_path / "one")
    (tmp_path / "two").mkdir()
    namespace["test_with_a_throw_away_plugin"](tmp_path / "two")


def test_the_tutorial_tests_pass_with_pytest_as_written(tmp_path):
    project = write_tutorial(tmp_path / "falseflag-headlines")
    tests = block_after("Run your analyzer with `falseflag.analyze`", "python") + "\n\n" + block_after("datasette style", "python")
    (project / "test_headlines.py").write_text(tests, encoding="utf-8")
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--quiet", "--target", str(site), str(project)],
        check=True, capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(site), ENV_LOAD_PLUGINS: "falseflag-headlines"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_headlines.py"],
        cwd=project, capture_output=True, text=True, env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
