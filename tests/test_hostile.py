"""Hostile input: broken and odd packages, queries that try to write, output targets that would
destroy something. Each case checks the exit code, the message, that no traceback is shown,
and that no file changed (sha256 of every file of the package, before and after)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import falseflag
from falseflag._bundle import bundled_root
from falseflag.cli import cli


def fingerprint(folder: Path) -> dict[str, str]:
    """sha256 of every regular file below ``folder`` (links not followed)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def flat(text: str) -> str:
    """Terminal output with table borders and line breaks taken out, for finding a message in it."""
    import re

    return " ".join(re.sub("[\u2500-\u257f]", " ", text).split())


def invoke(*args: str, cwd: Path | None = None):
    """Run the command in-process; a traceback (an exception other than an exit) fails the test."""
    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, [str(a) for a in args])
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback for {args}") from result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def bundled_unchanged():
    root = bundled_root()
    before = fingerprint(root / "data") | {f"schemas/{k}": v for k, v in fingerprint(root / "schemas").items()}
    before["datapackage.json"] = hashlib.sha256((root / "datapackage.json").read_bytes()).hexdigest()
    yield root
    after = fingerprint(root / "data") | {f"schemas/{k}": v for k, v in fingerprint(root / "schemas").items()}
    after["datapackage.json"] = hashlib.sha256((root / "datapackage.json").read_bytes()).hexdigest()
    assert after == before, "the bundled corpus changed"


# --- falseflag sql cannot change the corpus or read past it --------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "COPY (SELECT 1) TO '{root}/data/articles.csv'",
        "COPY (SELECT 1) TO '{root}/data/articles.csv' (USE_TMP_FILE false)",
        "COPY (SELECT 1) TO '{root}/schemas/quotes.schema.json'",
        "SET log_query_path = '{root}/data/articles.csv'",
        "PRAGMA enable_profiling; SET profiling_output = '{root}/datapackage.json'; SELECT 1",
        "EXPORT DATABASE '{root}/data'",
        "ATTACH '{root}/data/new.duckdb' AS x",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('{root}/datapackage.json')",
        "INSTALL httpfs",
        "SET enable_external_access = true",
    ],
)
def test_sql_cannot_write_or_read_files(bundled_unchanged, query):
    result = invoke("sql", query.format(root=bundled_unchanged))
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert "root:" not in result.stdout


def test_sql_allow_writes_writes_only_inside_its_folder(package_copy, tmp_path):
    before = fingerprint(package_copy)
    out = tmp_path / "out"
    out.mkdir()
    written = invoke("sql", "COPY quotes TO 'quotes.csv'", "--package", package_copy, "--allow-writes", cwd=out)
    assert written.exit_code == 0, written.output
    assert (out / "quotes.csv").read_text(encoding="utf-8").startswith("quote_id,")
    into_package = invoke("sql", f"COPY (SELECT 1) TO '{package_copy}/data/articles.csv'", "--package", package_copy, "--allow-writes", out)
    assert into_package.exit_code == 1 and "only inside" in into_package.stderr
    (out / "link.csv").symlink_to(package_copy / "data" / "claims.csv")
    through_link = invoke("sql", f"COPY (SELECT 1) TO '{out}/link.csv' (USE_TMP_FILE false)", "--package", package_copy, "--allow-writes", out)
    assert through_link.exit_code == 1
    standing_in_package = invoke("sql", "SELECT 1", "--package", package_copy, "--allow-writes", cwd=package_copy)
    assert standing_in_package.exit_code == 2 and "holds the package's file" in standing_in_package.stderr
    assert fingerprint(package_copy) == before


def test_sql_values_keep_their_characters_in_every_format():
    values = ["[bold]x[/]", "[/]", "[they are]", "a\\b\\\\c", ":smile:", "*star* _under_", "<b>tag</b>", "x|y"]
    select = ", ".join(f"'{v}' AS c{i}" for i, v in enumerate(values))
    text = invoke("sql", f"SELECT {select}").stdout
    for v in values:
        assert v in text, v
    as_json = json.loads(invoke("sql", f"SELECT {select}", "--format", "json").stdout)
    assert list(as_json[0].values()) == values
    as_csv = invoke("sql", f"SELECT {select}", "--format", "csv").stdout
    import csv
    import io

    assert next(csv.reader(io.StringIO(as_csv.splitlines()[1] + "\n"))) == values
    markdown = invoke("sql", f"SELECT {select}", "--format", "markdown").stdout
    from markdown_it import MarkdownIt

    html = MarkdownIt().enable("table").render(markdown)
    cells = [c.split("</td>")[0] for c in html.split("<td>")[1:]]
    import html as html_module

    assert [html_module.unescape(c) for c in cells] == values
    bracketed = invoke("sql", "SELECT '[/] x' AS t")
    assert bracketed.exit_code == 0 and "[/] x" in bracketed.stdout


def test_sql_json_holds_every_duckdb_type():
    query = (
        "SELECT '\\xAA\\x00'::BLOB AS b, INTERVAL 3 DAY + INTERVAL 2 HOUR AS iv, '00000000-0000-0000-0000-000000000001'::UUID AS u, "
        "170141183460469231731687303715884105727::HUGEINT AS h, 1.25::DECIMAL(10, 2) AS d, 12345678901234567.89::DECIMAL(38, 2) AS big, "
        "[1, 2] AS l, {'a': [1]} AS s, MAP([1, 2], ['x', 'y']) AS m, 'nan'::DOUBLE AS nan, 'inf'::DOUBLE AS inf, '-inf'::DOUBLE AS ninf, "
        "DATE '2022-02-03' AS day, TIMESTAMPTZ '2022-01-01 10:00:00+00' AS ts, NULL AS nothing"
    )
    result = invoke("sql", query, "--format", "json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row == {
        "b": "\\xAA\\x00", "iv": "P3DT2H", "u": "00000000-0000-0000-0000-000000000001",
        "h": 170141183460469231731687303715884105727, "d": 1.25, "big": "12345678901234567.89",
        "l": [1, 2], "s": {"a": [1]}, "m": {"1": "x", "2": "y"}, "nan": "NaN", "inf": "Infinity", "ninf": "-Infinity",
        "day": "2022-02-03", "ts": row["ts"], "nothing": None,
    }
    assert row["ts"].startswith("2022-01-01")
    text = invoke("sql", query)
    assert text.exit_code == 0 and "P3DT2H" in text.stdout


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_an_empty_query_is_a_one_line_error(query):
    result = invoke("sql", query)
    assert result.exit_code == 2 and result.stderr == "Error: the query is empty\n"


def test_sql_shows_a_first_page_and_counts_the_rest():
    result = invoke("sql", "SELECT range AS n FROM range(200000)")
    assert result.exit_code == 0
    assert "40 rows of 200,000 shown" in result.stdout and "│ 39 " in result.stdout and "│ 40 " not in result.stdout
    limited = invoke("sql", "SELECT range AS n FROM range(10)", "--limit", "3")
    assert "3 rows of 10 shown" in limited.stdout
    every = invoke("sql", "SELECT range AS n FROM range(200000)", "--format", "csv")
    assert len(every.stdout.splitlines()) == 200_001


# --- reading a package: one loader, the same refusals everywhere -----------------------------------


def rewrite(path: Path, transform) -> None:
    path.write_bytes(transform(path.read_bytes()))


def read_table(path: Path) -> list[list[str]]:
    import csv

    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write_table(path: Path, rows: list[list[str]]) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def commands(package: Path) -> dict[str, tuple[str, ...]]:
    return {
        "validate": ("validate", package, "--json"),
        "sql": ("sql", "SELECT count(*) FROM entities", "--package", package),
        "analyze": ("analyze", "--package", package, "--format", "json"),
        "info": ("info", "--package", package, "--json"),
    }


def test_a_symlink_out_of_the_package_is_never_read(package_copy):
    target = package_copy / "data" / "outlets.csv"
    target.unlink()
    target.symlink_to("/etc/passwd")
    for name, args in commands(package_copy).items():
        result = invoke(*args)
        assert result.exit_code in (1, 2), name
        assert "root:x" not in result.output and "/bin/" not in result.stdout, name
        assert "leads outside the package" in flat(result.output), name


def test_a_fifo_is_refused_without_hanging(package_copy):
    target = package_copy / "data" / "claims.csv"
    target.unlink()
    os.mkfifo(target)
    for name, args in commands(package_copy).items():
        result = invoke(*args)
        assert result.exit_code in (1, 2) and "named pipe" in flat(result.output), name


@pytest.mark.parametrize(
    "path, message",
    [
        ("http://127.0.0.1:9/x.csv", "is a URL"),
        ("s3://bucket/x.csv", "is a URL"),
        ("data/*.csv", "glob"),
        ("data/claims.csv.gz", "compressed"),
        ("", "is empty"),
        ("../outside.csv", "relative path at or below"),
        ("/etc/passwd", "relative path at or below"),
    ],
)
def test_resource_paths_that_are_not_one_local_file_are_refused(package_copy, path, message):
    descriptor = json.loads((package_copy / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(r for r in descriptor["resources"] if r["name"] == "claims")
    entry["path"] = path
    entry.pop("format", None) if path.endswith(".gz") else None
    entry["format"] = "csv"
    (package_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for name, args in commands(package_copy).items():
        result = invoke(*args)
        expected = (1,) if name == "validate" else (2,)
        assert result.exit_code in expected and message in flat(result.output), (name, result.output)


def test_columns_are_read_by_header_name(package_copy):
    path = package_copy / "data" / "entities.csv"
    rows = read_table(path)
    i, j = rows[0].index("name"), rows[0].index("type")
    for row in rows:
        row[i], row[j] = row[j], row[i]
    write_table(path, rows)
    swapped = invoke("sql", "SELECT name, type FROM entities WHERE entity_id = 'jen-psaki'", "--package", package_copy, "--format", "json")
    assert json.loads(swapped.stdout) == [{"name": "Jen Psaki", "type": "person"}]
    assert invoke("validate", package_copy).exit_code == 1  # the order is still a problem for validation
    original = falseflag.analyze(["attribution"])
    reordered = falseflag.analyze(["attribution"], package=package_copy)
    assert len(reordered.results["attribution"].findings) == len(original.results["attribution"].findings)


def test_a_file_without_its_header_row_is_refused(package_copy):
    rewrite(package_copy / "data" / "outlets.csv", lambda b: b.split(b"\n", 1)[1])
    result = invoke("sql", "SELECT count(*) FROM outlets", "--package", package_copy)
    assert result.exit_code == 2 and "is missing from the file" in result.stderr


def test_a_blank_first_line_is_a_problem_not_a_traceback(package_copy):
    rewrite(package_copy / "data" / "outlets.csv", lambda b: b"\n" + b)
    result = invoke("validate", package_copy, "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert any(p["check"] == "empty-file" and "blank line" in p["message"] for p in problems)
    assert invoke("sql", "SELECT 1", "--package", package_copy).exit_code == 2


def test_a_trailing_empty_field_is_reported_and_refused(package_copy):
    rewrite(package_copy / "data" / "outlets.csv", lambda b: b.replace(b"\n", b",\n", 2).replace(b",\n", b"\n", 1))
    report = json.loads(invoke("validate", package_copy, "--json").stdout)
    assert any(p["check"] == "ragged-row" and p["table"] == "outlets" for p in report["problems"])
    refused = invoke("sql", "SELECT count(*) FROM outlets", "--package", package_copy)
    assert refused.exit_code == 2 and "more fields than the header" in refused.stderr


def test_a_file_that_is_not_utf8_is_refused_everywhere(package_copy):
    rewrite(package_copy / "data" / "entities.csv", lambda b: b.replace(b"Jen Psaki", b"Jen Ps\xffaki", 1))
    assert invoke("validate", package_copy).exit_code == 1
    for name in ("sql", "analyze", "info"):
        result = invoke(*commands(package_copy)[name])
        assert result.exit_code in (1, 2) and "utf-8" in flat(result.output).lower(), name


def test_a_long_valid_article_is_read_by_every_command(package_copy):
    path = package_copy / "data" / "articles.csv"
    rows = read_table(path)
    header = rows[0]
    text, sha = header.index("text"), header.index("sha256")
    long_text = rows[1][text] + "\n" + "Officials said more. " * 160_000  # 3.4 MB
    rows[1][text] = long_text
    rows[1][sha] = hashlib.sha256(long_text.encode("utf-8")).hexdigest()
    write_table(path, rows)
    assert invoke("validate", package_copy).exit_code == 0
    length = invoke("sql", "SELECT max(length(text)) AS n FROM articles", "--package", package_copy, "--format", "csv")
    assert length.stdout.split() == ["n", str(len(long_text))]
    assert invoke("analyze", "--package", package_copy, "--format", "json").exit_code == 0


def set_field(package: Path, table: str, field: str, change) -> None:
    path = package / "schemas" / f"{table}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    change(schema, next(f for f in schema["fields"] if f["name"] == field))
    path.write_text(json.dumps(schema), encoding="utf-8")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s, f: f.__setitem__("constraints", "required"), "constraints must be an object"),
        (lambda s, f: f.__setitem__("constraints", {"pattern": "[unclosed"}), "not a valid regular expression"),
        (lambda s, f: f.__setitem__("constraints", {"minimum": "zero"}), "minimum must be a number"),
        (lambda s, f: f.__setitem__("type", "integr"), "is not a Table Schema type"),
        (lambda s, f: s.__setitem__("primaryKey", ["no_such_field"]), "primaryKey names 'no_such_field'"),
        (lambda s, f: s["foreignKeys"][0].__setitem__("fields", ["ghost"]), "names 'ghost', which is not a field"),
    ],
)
def test_malformed_table_schemas_are_problems_naming_the_schema_and_field(package_copy, change, message):
    field = "char_start"
    set_field(package_copy, "quotes", field, change)
    result = invoke("validate", package_copy, "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    problem = next(p for p in problems if p["check"] == "schema")
    assert problem["file"] == "schemas/quotes.schema.json" and message in problem["message"]
    refused = invoke("sql", "SELECT 1", "--package", package_copy)
    assert refused.exit_code == 2 and "quotes.schema.json" in refused.stderr and message in refused.stderr


def test_a_data_file_holding_only_a_newline_or_nothing(package_copy):
    (package_copy / "data" / "claims.csv").write_bytes(b"\n")
    (package_copy / "data" / "outlets.csv").write_bytes(b"")
    report = json.loads(invoke("validate", package_copy, "--json").stdout)
    checks = {(p["table"], p["check"]) for p in report["problems"]}
    assert {("claims", "empty-file"), ("outlets", "empty-file")} <= checks
    assert invoke("sql", "SELECT 1", "--package", package_copy).exit_code == 2


def test_a_folder_or_a_dangling_link_in_place_of_a_data_file(package_copy):
    (package_copy / "data" / "claims.csv").unlink()
    (package_copy / "data" / "claims.csv").mkdir()
    (package_copy / "data" / "outlets.csv").unlink()
    (package_copy / "data" / "outlets.csv").symlink_to(package_copy / "data" / "gone.csv")
    report = json.loads(invoke("validate", package_copy, "--json").stdout)
    messages = {p["table"]: p["message"] for p in report["problems"] if p["table"] in ("claims", "outlets")}
    assert "is a folder" in messages["claims"] and "does not exist" in messages["outlets"]
    assert invoke("analyze", "--package", package_copy).exit_code == 2


# --- outputs: never the folder you stand in, never files falseflag did not write ------------------


@pytest.mark.parametrize("command", [("synth", "{out}", "-n", "5"), ("export", "{out}", "--format", "parquet"), ("analyze", "--out", "{out}")])
@pytest.mark.parametrize("out", [".", ".."])
def test_force_never_replaces_the_folder_you_stand_in_or_its_parents(tmp_path, command, out):
    here = tmp_path / "x" / "y"
    here.mkdir(parents=True)
    (here / "keep").write_text("keep", encoding="utf-8")
    before = fingerprint(tmp_path)
    result = invoke(*[c.format(out=out) for c in command], "--force", cwd=here)
    assert result.exit_code == 1 and "the folder you are in" in result.stderr
    assert fingerprint(tmp_path) == before


def test_export_never_destroys_the_package_it_reads(package_copy):
    before = fingerprint(package_copy)
    for target in (package_copy / "datapackage.json", package_copy, package_copy / "data"):
        result = invoke("export", target, "--package", package_copy, "--force", "--format", "parquet" if target.suffix != ".json" else "duckdb")
        assert result.exit_code == 1 and "package being read" in result.stderr, target
    result = invoke("analyze", "--package", package_copy, "--out", package_copy / "data", "--force")
    assert result.exit_code == 1
    assert fingerprint(package_copy) == before


def test_force_keeps_files_falseflag_did_not_write(tmp_path):
    out = tmp_path / "pq"
    (out / "sub").mkdir(parents=True)
    (out / "mine.txt").write_text("mine", encoding="utf-8")
    (out / "sub" / "deep.txt").write_text("deep", encoding="utf-8")
    refused = invoke("export", out, "--format", "parquet")
    assert refused.exit_code == 1 and "not written by falseflag" in refused.stderr
    assert invoke("export", out, "--format", "parquet", "--force").exit_code == 0
    assert (out / "mine.txt").read_text() == "mine" and (out / "sub" / "deep.txt").read_text() == "deep"
    assert invoke("validate", out).exit_code == 0
    again = invoke("export", out, "--format", "parquet", "--force")
    assert again.exit_code == 0 and (out / "mine.txt").read_text() == "mine"
    text = tmp_path / "notes.txt"
    text.write_text("my notes", encoding="utf-8")
    assert invoke("export", text, "--force").exit_code == 1 and text.read_text() == "my notes"
