"""``falseflag sql``, ``info`` and ``export``, and ``falseflag.connect``."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import falseflag
from falseflag.cli import cli
from falseflag.package import load_package

REPO = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def csv_row_count(table: str) -> int:
    with open(REPO / "data" / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def test_views_are_typed_from_the_table_schemas():
    con = falseflag.connect()
    pkg = load_package()
    for name, resource in pkg.resources.items():
        described = {row[0]: row[1] for row in con.execute(f'DESCRIBE "{name}"').fetchall()}
        assert described == {f.name: f.duckdb_type for f in resource.schema.fields}, name


def test_span_offsets_are_code_points_in_duckdb_and_python():
    con = falseflag.connect()
    rows = con.execute(
        "SELECT a.text, q.char_start, q.char_end, q.text, substring(a.text, q.char_start + 1, q.char_end - q.char_start) "
        "FROM quotes q JOIN articles a USING (article_id)"
    ).fetchall()
    for text, start, end, span, sql_span in rows:
        assert text[start:end] == span == sql_span


@pytest.mark.parametrize("fmt", ["text", "csv", "json", "markdown"])
def test_sql_prints_every_format(fmt):
    result = run("sql", "SELECT article_id, source_file FROM articles ORDER BY article_id", "--format", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        rows = json.loads(result.output)
        assert [r["article_id"] for r in rows] == sorted(r["article_id"] for r in rows)
        assert len(rows) == csv_row_count("articles")
    elif fmt == "csv":
        rows = list(csv.reader(result.output.splitlines()))
        assert rows[0] == ["article_id", "source_file"] and len(rows) == csv_row_count("articles") + 1
    elif fmt == "markdown":
        lines = result.output.splitlines()
        assert lines[0] == "| article_id | source_file |" and lines[1] == "|---|---|"
    else:
        assert "article_id" in result.output and "source_file" in result.output


def test_sql_error_keeps_duckdb_message_and_hints():
    result = CliRunner().invoke(cli, ["sql", "SELECT no_such_column FROM articles"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Binder Error: ") and "no_such_column" in result.stderr.splitlines()[0]
    assert "Candidate bindings" in result.stderr and "Traceback" not in result.stderr
    table = CliRunner().invoke(cli, ["sql", "SELECT * FROM quote"])
    assert table.exit_code == 1 and "Did you mean" in table.stderr and "quotes" in table.stderr


def test_sql_on_unreadable_package_exits_2(tmp_path):
    (tmp_path / "datapackage.json").write_text("{not json")
    result = CliRunner().invoke(cli, ["sql", "SELECT 1", "--package", str(tmp_path)])
    assert result.exit_code == 2
    assert "datapackage.json" in result.stderr and "not valid JSON" in result.stderr


def test_info_counts_match_the_files():
    result = run("info", "--json")
    info = json.loads(result.output)
    assert info["falseflag_version"] == falseflag.__version__
    assert {t["name"]: t["rows"] for t in info["tables"]} == {t: csv_row_count(t) for t in falseflag.TABLES}


def duckdb_program() -> str:
    found = shutil.which("duckdb", path=str(Path(sys.executable).parent)) or shutil.which("duckdb")
    if not found:
        pytest.fail("the duckdb program is missing: install the test extra (duckdb-cli)")
    return found


def test_duckdb_export_opens_in_the_duckdb_program(tmp_path):
    out = tmp_path / "corpus.duckdb"
    assert run("export", str(out)).exit_code == 0
    result = subprocess.run(
        [duckdb_program(), "-readonly", "-csv", str(out), "-c", "SELECT count(*) AS n FROM quotes"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["n", str(csv_row_count("quotes"))]


def test_parquet_export_is_a_package_with_the_same_rows(tmp_path):
    out = tmp_path / "parquet"
    assert run("export", str(out), "--format", "parquet").exit_code == 0
    descriptor = json.loads((out / "datapackage.json").read_text())
    assert {r["format"] for r in descriptor["resources"]} == {"parquet"}
    csv_con, pq_con = falseflag.connect(), falseflag.connect(out)
    for table in falseflag.TABLES:
        query = f"SELECT * FROM {table} ORDER BY ALL"
        assert pq_con.execute(query).fetchall() == csv_con.execute(query).fetchall(), table
        assert pq_con.execute(f"DESCRIBE {table}").fetchall() == csv_con.execute(f"DESCRIBE {table}").fetchall()


def test_export_never_overwrites_without_force_and_never_a_file_of_another_kind(tmp_path):
    out = tmp_path / "corpus.duckdb"
    assert run("export", str(out)).exit_code == 0
    first = out.read_bytes()
    result = CliRunner().invoke(cli, ["export", str(out)])
    assert result.exit_code == 1 and "already exists" in result.stderr and "--force" in result.stderr
    assert out.read_bytes() == first
    assert run("export", str(out), "--force").exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.duckdb"]
    precious = tmp_path / "notes.duckdb"
    precious.write_bytes(b"precious")
    refused = CliRunner().invoke(cli, ["export", str(precious), "--force"])
    assert refused.exit_code == 1 and "is not a DuckDB database" in refused.stderr
    assert precious.read_bytes() == b"precious"


def test_export_into_a_missing_folder_makes_it(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "new" / "x.duckdb")])
    assert result.exit_code == 0 and (tmp_path / "new" / "x.duckdb").is_file()
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(blocked / "x.duckdb")])
    assert result.exit_code == 1 and "cannot make the folder" in result.stderr and blocked.read_text() == "x"
