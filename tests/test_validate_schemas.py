"""The pandera schemas built from the Table Schemas, and docs/validation.md staying current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandera.polars as pa
import polars as pl
import pytest

import falseflag
from falseflag.package import Field, TableSchema, load_package
from falseflag.validation import CHECKS, all_rules, pandera_schema

REPO = Path(__file__).resolve().parents[1]


def failures(schema: pa.DataFrameSchema, frame: pl.DataFrame) -> set[tuple[str, str, int]]:
    """(column, check name, 0-based row) of every failure of a lazy validation."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return set()
    found = set()
    for column, check, number, index in cases.select("column", "check", "check_number", "index").iter_rows():
        name = schema.columns[column].checks[number].name if number is not None else check
        found.add((column, name, index))
    return found


@pytest.mark.parametrize("table", falseflag.TABLES)
def test_schemas_have_the_table_schema_columns(table):
    fields = load_package()[table].schema.field_names
    assert list(pandera_schema(table).columns) == fields
    assert list(pandera_schema(table, typed=True).columns) == fields


@pytest.mark.parametrize("table", falseflag.TABLES)
def test_typed_schema_accepts_the_bundled_tables(table):
    con = falseflag.connect()
    frame = con.sql(f"SELECT * FROM {table}").pl()
    pandera_schema(table, typed=True).validate(frame, lazy=True)


@pytest.mark.parametrize("table", falseflag.TABLES)
def test_raw_schema_accepts_the_bundled_files(table):
    resource = load_package()[table]
    frame = pl.read_csv(resource.path, infer_schema=False)
    pandera_schema(table).validate(frame, lazy=True)


def test_typed_schema_reports_constraint_failures():
    con = falseflag.connect()
    good = con.sql("SELECT * FROM articles").pl()
    bad = good.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(-5)).otherwise(pl.col("title_start")).alias("title_start"),
        pl.when(pl.int_range(pl.len()) == 1).then(pl.lit("Not An Id")).otherwise(pl.col("article_id")).alias("article_id"),
    )
    assert failures(pandera_schema("articles", typed=True), bad) == {
        ("title_start", "minimum", 0),
        ("article_id", "pattern", 1),
    }


def test_typed_schema_checks_dtypes_and_coerces_on_request():
    con = falseflag.connect()
    frame = con.sql("SELECT * FROM articles").pl().with_columns(pl.col("title_start").cast(pl.String))
    with pytest.raises(pa.errors.SchemaErrors):
        pandera_schema("articles", typed=True).validate(frame, lazy=True)
    pandera_schema("articles", typed=True, coerce=True).validate(frame, lazy=True)


def test_raw_boolean_check_reports_the_bad_value_and_coerces_nothing():
    schema = TableSchema((Field("flag", "boolean", required=True), Field("n", "integer", minimum=0)))
    frame = pl.DataFrame({"flag": ["true", "maybe", "0", "FALSE", None], "n": ["1", "-1", "x", None, "99999999999999999999"]})
    assert failures(pandera_schema(schema), frame) == {
        ("flag", "type", 1),
        ("flag", "not_nullable", 4),
        ("n", "minimum", 1),
        ("n", "type", 2),
        ("n", "type", 4),
    }


def test_unique_flags_repeats_only_and_ignores_missing_values():
    schema = TableSchema((Field("id", "string", unique=True),))
    frame = pl.DataFrame({"id": ["a", "b", "a", None, None, "a"]})
    assert failures(pandera_schema(schema), frame) == {("id", "unique", 2), ("id", "unique", 5)}


def test_composite_primary_key_is_unique_in_the_typed_schema():
    schema = TableSchema((Field("a", "integer"), Field("b", "string")), primary_key=("a", "b"))
    typed = pandera_schema(schema, typed=True)
    typed.validate(pl.DataFrame({"a": [1, 1], "b": ["x", "y"]}))
    with pytest.raises(pa.errors.SchemaErrors):
        typed.validate(pl.DataFrame({"a": [1, 1], "b": ["x", "x"]}), lazy=True)


def test_validation_docs_are_current():
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "--diff", "docs/validation.md"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, f"docs/validation.md is stale: run `cog -r docs/validation.md`\n{result.stdout}{result.stderr}"


def test_every_check_is_documented():
    docs = (REPO / "docs" / "validation.md").read_text(encoding="utf-8")
    pkg = load_package()
    names = set(CHECKS) | {r.name for r in all_rules(pkg)}
    for name in names:
        assert f"`{name}`" in docs, name
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src" / "falseflag" / "validation").glob("*.py"))
    used = set(re.findall(r'found\.add\(\s*"([a-z-]+)"', source))
    assert used and used <= set(CHECKS)
