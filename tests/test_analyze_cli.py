"""``falseflag analyzers``, ``analyze`` and ``plugins``: in-process with throw-away plugins, and
through real installed distributions (the example plugin, and broken ones built here)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pluggy
import pytest
from click.testing import CliRunner

import falseflag
from falseflag import hookspecs, plugins
from falseflag._bundle import default_package_path
from falseflag.analysis import Analyzer, AnalyzerResult, Evidence, Finding
from falseflag.cli import cli
from falseflag.cli.render import TEXT_MAX_COLUMNS, TEXT_MAX_ROWS
from falseflag.plugins import register_plugin

from builders import ThrowAwayPlugin as Plugin

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "falseflag-loaded-language"
EXAMPLE_DIST = "falseflag-loaded-language"
TEXT = "The regime said it would act. Others doubt it."


# --- in-process, with throw-away plugins -------------------------------------------------


@pytest.fixture
def isolated(monkeypatch):
    """An empty plugin manager: no built-in or installed plugins, only what a test registers."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    monkeypatch.setattr(plugins, "pm", manager)
    monkeypatch.setattr(plugins, "_loaded", False)
    monkeypatch.setattr(plugins, "_import_errors", [])
    monkeypatch.setattr(plugins, "_distributions", {})
    monkeypatch.setattr(plugins, "BUILTIN_PLUGINS", ())
    monkeypatch.setenv(plugins.ENV_LOAD_PLUGINS, "")


@pytest.fixture
def package(tmp_path: Path) -> Path:
    folder = tmp_path / "pkg"
    folder.mkdir()
    source = default_package_path().parent
    shutil.copy(source / "datapackage.json", folder)
    shutil.copytree(source / "schemas", folder / "schemas")
    (folder / "data").mkdir()
    rows = {"outlets": [{"outlet_id": "o1"}], "articles": [{"article_id": "a1", "outlet_id": "o1", "text": TEXT}]}
    for name, resource in falseflag.load_package(folder).resources.items():
        with open(resource.path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=resource.schema.field_names)
            writer.writeheader()
            writer.writerows(rows.get(name, []))
    return folder


def long_table(con):
    result = AnalyzerResult(summary="many rows")
    result.add_table("long", con.sql(f"SELECT printf('r%03d', range) AS label, range AS n FROM range({TEXT_MAX_ROWS + 5})"))
    start = TEXT.index("regime")
    result.findings.append(Finding("epithet", "calls it a regime", (Evidence("a1", start, start + 6, "regime"),)))
    return result


def fails(con):
    raise RuntimeError("deliberate failure\nwith a second line that stays in the traceback")


def make(name: str, run, sql_files=()) -> Analyzer:
    return Analyzer(name=name, title=f"Title of {name}", description="d", version="1.2", run=run, sql_files=tuple(sql_files))


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_analyzers_lists_name_title_version_plugin(isolated):
    with register_plugin(Plugin("list-plugin", make("lister", long_table))):
        text = invoke("analyzers")
        as_json = invoke("analyzers", "--json")
    assert text.exit_code == 0
    assert all(s in text.stdout for s in ("lister", "Title of lister", "1.2", "list-plugin"))
    (entry,) = json.loads(as_json.stdout)
    assert {k: entry[k] for k in ("name", "title", "version", "plugin", "distribution")} == {
        "name": "lister", "title": "Title of lister", "version": "1.2", "plugin": "list-plugin", "distribution": None,
    }


def test_analyzers_sql_prints_each_file_under_a_header(isolated, tmp_path):
    first, second = tmp_path / "first.sql", tmp_path / "second.sql"
    first.write_text("SELECT 1;\n", encoding="utf-8")
    second.write_text("SELECT 2;\n", encoding="utf-8")
    with register_plugin(Plugin("p", make("with-sql", long_table, [str(first), str(second)]), make("no-sql", long_table))):
        result = invoke("analyzers", "--sql", "with-sql")
        none = invoke("analyzers", "--sql", "no-sql")
        unknown = CliRunner().invoke(cli, ["analyzers", "--sql", "nope"])
    lines = result.stdout.splitlines()
    assert lines.index(f"-- with-sql: {first}") < lines.index("SELECT 1;") < lines.index(f"-- with-sql: {second}") < lines.index("SELECT 2;")
    assert "no SQL files" in none.stdout
    assert unknown.exit_code == 2 and "'nope'" in unknown.stderr and "with-sql" in unknown.stderr


def test_analyze_tables_truncates_long_tables_and_shows_evidence(isolated, package):
    with register_plugin(Plugin("p", make("long", long_table))):
        result = invoke("analyze", "--package", str(package), "--tables")
    assert result.exit_code == 0, result.output
    assert "r000" in result.stdout and f"r{TEXT_MAX_ROWS - 1:03d}" in result.stdout
    assert f"r{TEXT_MAX_ROWS:03d}" not in result.stdout
    assert "… 5 more rows (use --out or --format json)" in result.stdout
    assert "a1[4:10] «regime»" in result.stdout and "calls it a regime" in result.stdout
    assert "many rows" in result.stdout and result.stderr == ""


def test_analyze_markdown_and_json_are_complete(isolated, package):
    with register_plugin(Plugin("p", make("long", long_table))):
        markdown = invoke("analyze", "long", "--package", str(package), "--format", "markdown")
        as_json = invoke("analyze", "long", "--package", str(package), "--format", "json")
    assert f"| r{TEXT_MAX_ROWS + 4:03d} |" in markdown.stdout and "more rows" not in markdown.stdout
    assert "## long: Title of long" in markdown.stdout
    payload = json.loads(as_json.stdout)
    assert payload["ok"] is True and payload["errors"] == []
    assert len(payload["results"]["long"]["tables"]["long"]["rows"]) == TEXT_MAX_ROWS + 5
    assert payload["results"]["long"]["findings"][0]["evidence"][0]["text"] == "regime"


def test_a_failing_analyzer_exits_1_with_one_line_and_the_rest_written(isolated, package, tmp_path):
    out = tmp_path / "new" / "results"
    with register_plugin(Plugin("fragile", make("fails", fails), make("long", long_table))):
        result = invoke("analyze", "--package", str(package), "--out", str(out), "--table-format", "parquet")
    assert result.exit_code == 1
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert error_lines == ["Error: analyzer 'fails' (plugin 'fragile') failed: RuntimeError: deliberate failure"]
    assert "Traceback" not in result.output
    assert "calls it a regime" in result.stdout  # the other analyzer's results are still shown
    assert (out / "long" / "long.parquet").is_file() and (out / "long" / "findings.json").is_file()
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["errors"][0]["analyzer"] == "fails" and "RuntimeError" in record["errors"][0]["traceback"]


def wide_and_many(con):
    """A table wider than the text mode shows, and many findings of two kinds."""
    result = AnalyzerResult(summary="wide")
    columns = ", ".join(f"range AS c{i:02d}" for i in range(TEXT_MAX_COLUMNS + 3))
    result.add_table("wide", con.sql(f"SELECT {columns} FROM range(50)"))
    start = TEXT.index("regime")
    evidence = (Evidence("a1", start, start + 6, "regime"),)
    result.findings.extend(Finding("epithet", f"epithet {i}", evidence) for i in range(30))
    result.findings.extend(Finding("other", f"other {i}", evidence) for i in range(2))
    return result


def test_by_default_the_terminal_shows_the_first_finding_of_each_kind_and_the_files_get_everything(isolated, package, tmp_path):
    out = tmp_path / "results"
    with register_plugin(Plugin("p", make("wide", wide_and_many))):
        result = invoke("analyze", "--package", str(package), "--out", str(out))
    assert result.exit_code == 0, result.output
    words = result.stdout.replace(")", " ").split()
    assert "epithet 0" in result.stdout and "other 0" in result.stdout  # each kind of finding is shown
    assert "epithet 1" not in result.stdout and "other 1" not in result.stdout
    assert "32 findings (30 epithet, 2 other)" in result.stdout and "wide" in words
    assert "a1[4:10] «regime»" in result.stdout and f"Every table and finding is in {out}" in result.stdout
    assert "c00" not in words  # tables only with --tables
    with open(out / "wide" / "wide.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 51 and len(rows[0]) == TEXT_MAX_COLUMNS + 3
    assert len(json.loads((out / "wide" / "findings.json").read_text(encoding="utf-8"))) == 32
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["results"]["wide"]["files"] == ["wide/wide.csv", "wide/findings.json"]
    assert set(record["stage_seconds"]) >= {"read", "check", "write"}


def test_tables_shows_the_first_findings_of_each_kind_and_the_first_columns(isolated, package):
    with register_plugin(Plugin("p", make("wide", wide_and_many))):
        result = invoke("analyze", "--package", str(package), "--tables")
    assert f"epithet {TEXT_MAX_ROWS - 1}" in result.stdout and f"epithet {TEXT_MAX_ROWS}" not in result.stdout
    assert "other 1" in result.stdout
    assert f"… {32 - TEXT_MAX_ROWS - 2} more rows (use --out or --format json)" in result.stdout
    assert "… 3 more columns (use --out or --format json)" in result.stdout
    assert f"c{TEXT_MAX_COLUMNS - 1:02d}" in result.stdout and f"c{TEXT_MAX_COLUMNS:02d}" not in result.stdout


def test_an_out_folder_that_cannot_be_made_fails_before_running(isolated, package, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    ran = []

    def records(con):
        ran.append(True)
        return long_table(con)

    with register_plugin(Plugin("p", make("long", records))):
        result = invoke("analyze", "--package", str(package), "--out", str(blocker / "results"))
    assert result.exit_code == 1 and result.stderr.startswith("Error: cannot write to ") and not ran


def test_unreadable_package_and_unknown_names_exit_2(isolated, package, tmp_path):
    with register_plugin(Plugin("p", make("long", long_table))):
        missing = CliRunner().invoke(cli, ["analyze", "--package", str(tmp_path / "nowhere")])
        unknown = CliRunner().invoke(cli, ["analyze", "nope", "--package", str(package)])
        fields = falseflag.load_package(package)["articles"].schema.field_names
        with open(package / "data" / "articles.csv", "a", newline="", encoding="utf-8") as fh:
            csv.DictWriter(fh, fieldnames=fields).writerow({"article_id": "a2", "outlet_id": "o1", "text": "x", "title_start": "abc"})
        broken = CliRunner().invoke(cli, ["analyze", "--package", str(package)])
    for result in (missing, unknown, broken):
        assert result.exit_code == 2
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("Error: ")
        assert "Traceback" not in result.output
    assert "cannot read the package" in missing.stderr and "nowhere" in missing.stderr
    assert "'nope'" in unknown.stderr and "long" in unknown.stderr
    assert "cannot read the package" in broken.stderr


def test_plugins_lists_plugins_and_their_hooks(isolated):
    with register_plugin(Plugin("listed", make("x", long_table))):
        text = invoke("plugins")
        as_json = invoke("plugins", "--json")
    assert "listed" in text.stdout and "register_analyzers" in text.stdout
    assert json.loads(as_json.stdout) == [
        {"name": "listed", "distribution": None, "version": None, "hooks": ["register_analyzers"], "builtin": False, "error": None}
    ]


# --- real distributions, through the installed command ---------------------------------


def falseflag_command(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("falseflag")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from falseflag.cli import cli; cli()"]
    return subprocess.run([*command, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd)


def pip(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def installed_version(dist: str) -> str | None:
    code = f"import importlib.metadata as m\ntry: print(m.version({dist!r}))\nexcept m.PackageNotFoundError: print('')"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() or None


@pytest.fixture(scope="session")
def example_installed() -> str:
    """Install the example plugin into this environment (uninstalled afterwards unless it was there before)."""
    before = installed_version(EXAMPLE_DIST)
    pip("install", "--no-deps", "--no-build-isolation", "--quiet", str(EXAMPLE))
    yield tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    if before is None:
        subprocess.run([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", EXAMPLE_DIST], capture_output=True)


BROKEN_IMPORT = {
    "name": "falseflag-broken-import",
    "module": "falseflag_broken_import",
    "entry": "broken_import",
    "source": "raise ImportError('falseflag-broken-import needs a library that is not installed')\n",
}
BROKEN_ANALYZER = {
    "name": "falseflag-broken-analyzer",
    "module": "falseflag_broken_analyzer",
    "entry": "broken_analyzer",
    "source": textwrap.dedent('''
        import falseflag


        def run(connection):
            raise RuntimeError("this analyzer always fails")


        @falseflag.hookimpl
        def register_analyzers(register):
            register(falseflag.Analyzer(name="always-fails", title="Always fails", description="",
                                        version="0.1.0", run=run))
    '''),
}


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory) -> Path:
    """Two broken plugin distributions, built here and installed into a folder of their own."""
    root = tmp_path_factory.mktemp("broken")
    site = root / "site"
    for spec in (BROKEN_IMPORT, BROKEN_ANALYZER):
        project = root / spec["name"]
        project.mkdir()
        (project / f"{spec['module']}.py").write_text(spec["source"], encoding="utf-8")
        (project / "pyproject.toml").write_text(textwrap.dedent(f'''
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "{spec['name']}"
            version = "0.1.0"

            [project.entry-points.falseflag]
            {spec['entry']} = "{spec['module']}"
        '''), encoding="utf-8")
        pip("install", "--no-deps", "--no-build-isolation", "--quiet", "--target", str(site), str(project))
    return site


def article_texts() -> dict[str, str]:
    return dict(falseflag.connect().execute("SELECT article_id, text FROM articles").fetchall())


def test_the_installed_example_is_listed_with_its_distribution_and_version(example_installed):
    result = falseflag_command("analyzers", "--json")
    entry = {a["name"]: a for a in json.loads(result.stdout)}["loaded-language"]
    assert entry["distribution"] == EXAMPLE_DIST and entry["distribution_version"] == example_installed
    assert entry["version"] == example_installed and entry["plugin"] == "loaded_language"
    assert [Path(p).name for p in entry["sql_files"]] == ["matches.sql", "per_outlet.sql"]
    sql = falseflag_command("analyzers", "--sql", "loaded-language")
    assert sql.returncode == 0 and "-- loaded-language: " in sql.stdout and "regexp_split_to_array" in sql.stdout
    plugins_json = {p["name"]: p for p in json.loads(falseflag_command("plugins", "--json").stdout)}
    assert plugins_json["loaded_language"]["hooks"] == ["prepare_connection", "register_analyzers"]
    assert plugins_json["loaded_language"]["version"] == example_installed


def test_the_installed_example_runs_and_its_evidence_is_the_text(example_installed):
    result = falseflag_command("analyze", "loaded-language", "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["errors"] == []
    assert result.returncode == (0 if payload["ok"] else 1)  # built-ins still being written count as load errors
    found = payload["results"]["loaded-language"]
    texts = article_texts()
    matches = found["tables"]["matches"]["rows"]
    assert len(found["findings"]) == len(matches)
    for finding in found["findings"]:
        for evidence in finding["evidence"]:
            assert texts[evidence["article_id"]][evidence["char_start"]:evidence["char_end"]] == evidence["text"]
    for row in matches:
        assert texts[row["article_id"]][row["char_start"]:row["char_end"]] == row["text"]
    outlets = {r["outlet_id"] for r in found["tables"]["per_outlet"]["rows"]}
    assert outlets == {o for (o,) in falseflag.connect().execute("SELECT outlet_id FROM outlets").fetchall()}


def test_falseflag_load_plugins_hides_the_example(example_installed):
    hidden = json.loads(falseflag_command("analyzers", "--json", env={"FALSEFLAG_LOAD_PLUGINS": ""}).stdout)
    shown = json.loads(falseflag_command("analyzers", "--json", env={"FALSEFLAG_LOAD_PLUGINS": EXAMPLE_DIST}).stdout)
    assert "loaded-language" not in {a["name"] for a in hidden}
    assert "loaded-language" in {a["name"] for a in shown}
    unknown = falseflag_command("analyze", "loaded-language", env={"FALSEFLAG_LOAD_PLUGINS": ""})
    assert unknown.returncode == 2 and "unknown analyzer 'loaded-language'" in unknown.stderr


def test_the_example_passes_its_own_tests(example_installed):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=EXAMPLE, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_broken_plugins_are_reported_and_the_others_still_run_and_are_written(example_installed, broken_site, tmp_path):
    out = tmp_path / "results"
    env = {"PYTHONPATH": os.pathsep.join([str(broken_site), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    result = falseflag_command("analyze", "--out", str(out), env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(line.startswith(("Error: ", "Wrote ")) for line in lines), lines
    import_line = next(line for line in lines if "broken_import" in line)
    assert "falseflag-broken-import 0.1.0" in import_line and "needs a library that is not installed" in import_line
    analyzer_line = next(line for line in lines if "always-fails" in line)
    assert "falseflag-broken-analyzer" in analyzer_line and "this analyzer always fails" in analyzer_line
    assert "loaded-language" in result.stdout
    assert (out / "loaded-language" / "matches.csv").is_file() and (out / "loaded-language" / "findings.json").is_file()
    assert not (out / "always-fails").exists()
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert "always-fails" in {e["analyzer"] for e in record["errors"]}
    assert {"plugin": "broken_import", "distribution": "falseflag-broken-import", "version": "0.1.0"}.items() <= next(
        e for e in record["load_errors"] if e["plugin"] == "broken_import"
    ).items()
    listed = {p["name"]: p for p in json.loads(falseflag_command("plugins", "--json", env=env).stdout)}
    assert listed["broken_import"]["distribution"] == "falseflag-broken-import" and "ImportError" in listed["broken_import"]["error"]
    assert listed["broken_analyzer"]["error"] is None


def test_a_bad_memory_limit_or_temp_dir_is_one_line_and_exit_2(isolated, package, tmp_path):
    result = invoke("analyze", "--package", str(package), "--memory-limit", "plenty")
    assert result.exit_code == 2 and "'--memory-limit': 'plenty' is not a memory size" in result.stderr
    result = invoke("analyze", "--package", str(package), "--temp-dir", str(tmp_path / "missing"))
    assert result.exit_code == 2 and "--temp-dir" in result.stderr and "Traceback" not in result.output
    work = tmp_path / "work"
    work.mkdir()
    with register_plugin(Plugin("p", make("long", long_table))):
        result = invoke("analyze", "--package", str(package), "--memory-limit", "500MB", "--temp-dir", str(work), "-q")
    assert result.exit_code == 0 and "calls it a regime" in result.stdout and list(work.iterdir()) == []
