"""Column checks: pandera schemas built from the Table Schemas, and running them on raw text.

One builder makes two kinds of schema from a ``TableSchema``:

* raw (``typed=False``): every column is text as it stands in the file; the checks say
  whether each value is well formed for its declared type and meets its constraints.
  Validation uses these, so that a bad value is reported instead of being coerced.
* typed (``typed=True``): columns have their polars types (Int64, Float64, Boolean, Date, ...)
  and the same constraints, for people who validate their own typed DataFrames.

All checks are polars expressions over whole columns; missing values pass every check
except ``required``, and ``unique`` flags only the repeats of a value (so each duplicate
is reported once, at the row that repeats an earlier one).
"""

from __future__ import annotations

from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from ..package import DataPackage, Field, TableSchema, load_package
from .constraints import TYPE_WORDS, Expr, as_text, field_constraints, has_checks, is_required
from .report import Problem

__all__ = ["POLARS_TYPES", "build_schema", "column_problems", "field_checks", "has_checks", "pandera_schema"]

POLARS_TYPES = {
    "string": pl.String,
    "integer": pl.Int64,
    "number": pl.Float64,
    "boolean": pl.Boolean,
    "date": pl.Date,
    "datetime": pl.Datetime,
    "time": pl.Time,
    "year": pl.Int64,
    "any": None,
}
"""Table Schema field type -> polars dtype of the typed schema."""


def _check(name: str, passes: Expr, error: str) -> pa.Check:
    """A vectorized pandera check named ``name``: missing values pass, ``passes`` decides the rest."""

    def run(data: PolarsData) -> pl.LazyFrame:
        column = pl.col(data.key)
        return data.lazyframe.select(column.is_null() | passes(column).fill_null(False))

    return pa.Check(run, name=name, error=error)


def field_checks(field: Field, *, typed: bool) -> list[pa.Check]:
    """The pandera checks of one field, each named after the constraint it enforces."""
    return [_check(c.name, c.polars, c.error) for c in field_constraints(field, typed=typed)]


def build_schema(schema: TableSchema, name: str | None = None, *, typed: bool = False, coerce: bool = False) -> pa.DataFrameSchema:
    """A pandera DataFrameSchema for a Table Schema (see the module docstring)."""
    columns = {}
    for field in schema.fields:
        dtype = POLARS_TYPES.get(field.type) if typed else pl.String
        nullable = not is_required(field, schema)
        columns[field.name] = pa.Column(
            dtype, nullable=nullable, checks=field_checks(field, typed=typed), coerce=coerce and typed, required=True
        )
    composite_key = list(schema.primary_key) if typed and len(schema.primary_key) > 1 else None
    return pa.DataFrameSchema(columns, name=name, strict=False, unique=composite_key)


def pandera_schema(
    table: str | TableSchema, *, typed: bool = False, package: str | Path | DataPackage | None = None, coerce: bool = False
) -> pa.DataFrameSchema:
    """The pandera (polars) schema of one table.

    ``table`` is a table name of ``package`` (default: the bundled corpus) or a TableSchema.
    ``typed=True`` gives the schema for DataFrames with typed columns (what
    ``con.sql("FROM quotes").pl()`` returns for ``con = falseflag.connect()``); the default
    checks raw text.
    ``coerce=True`` (typed only) lets pandera cast columns to the declared dtypes first.
    """
    if isinstance(table, TableSchema):
        return build_schema(table, typed=typed, coerce=coerce)
    pkg = package if isinstance(package, DataPackage) else load_package(package)
    return build_schema(pkg[table].schema, table, typed=typed, coerce=coerce)


def column_problems(
    frame: pl.DataFrame, schema: TableSchema, table: str, file: str, columns: list[str], *, unique: bool = False
) -> list[Problem]:
    """Run the raw pandera checks of ``columns`` lazily over ``frame`` (those text columns plus ``_row``).

    Returns one Problem per failing value. ``unique=False`` runs every check but ``unique``;
    those look at one value at a time, so ``frame`` may hold any subset of a table's rows.
    ``unique=True`` runs only the ``unique`` checks, which need every row holding a repeated
    value, in file order.
    """
    if not columns or frame.height == 0:
        return []
    pandera = _raw_schema(schema, table, columns, unique)
    try:
        pandera.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        failures = exc.failure_cases
    else:
        return []
    failures = failures.filter(pl.col("index").is_not_null())
    rows = frame.get_column("_row").gather(failures.get_column("index").cast(pl.Int64)).to_list()
    problems = []
    first_rows = _first_rows(frame, failures, pandera)
    for (column, check, number, value), row in zip(
        failures.select("column", "check", "check_number", "failure_case").iter_rows(), rows
    ):
        name = _check_name(pandera, column, check, number)
        field = schema.field(column)
        message = _message(name, field, value, first_rows.get((column, value)))
        problems.append(Problem(table, file, row, column, name, value, message))
    return problems


def _raw_schema(schema: TableSchema, table: str, columns: list[str], unique: bool) -> pa.DataFrameSchema:
    """The raw schema of ``columns``, with only the ``unique`` checks or with all the others."""
    selected = {}
    for name in columns:
        field = schema.field(name)
        checks = [c for c in field_checks(field, typed=False) if (c.name == "unique") == unique]
        selected[name] = pa.Column(pl.String, nullable=unique or not is_required(field, schema), checks=checks, required=True)
    return pa.DataFrameSchema(selected, name=table, strict=False)


def _check_name(schema: pa.DataFrameSchema, column: str, check: str, number: int | None) -> str:
    if number is not None:
        return schema.columns[column].checks[number].name
    if check == "not_nullable":
        return "required"
    if check.startswith("dtype"):
        return "type"
    return check


def _first_rows(frame: pl.DataFrame, failures: pl.DataFrame, schema: pa.DataFrameSchema) -> dict[tuple[str, str], int]:
    """For values failing ``unique``: the row where each value first appears."""
    firsts: dict[tuple[str, str], int] = {}
    for column in failures.get_column("column").unique().to_list():
        checks = [c.name for c in schema.columns[column].checks]
        if "unique" not in checks:
            continue
        repeated = failures.filter((pl.col("column") == column) & (pl.col("check_number") == checks.index("unique")))
        values = repeated.get_column("failure_case").unique()
        first = frame.filter(pl.col(column).is_in(values.implode())).group_by(column).agg(pl.col("_row").min())
        firsts.update({(column, v): r for v, r in first.iter_rows()})
    return firsts


def _message(check: str, field: Field, value: str | None, first_row: int | None) -> str:
    name = field.name
    if check == "required":
        return f"{name} is required but empty"
    if check == "type":
        return f"{value!r} is not {TYPE_WORDS.get(field.type, field.type)}"
    if check == "enum":
        return f"{value!r} is not one of: {', '.join(map(as_text, field.enum or ()))}"
    if check == "pattern":
        return f"{value!r} does not match the pattern {field.pattern}"
    if check == "minimum":
        return f"{value} is less than the minimum {field.minimum}"
    if check == "maximum":
        return f"{value} is greater than the maximum {field.maximum}"
    if check == "unique":
        where = f" (first in row {first_row})" if first_row is not None else ""
        return f"{value!r} appears more than once in {name}{where}"
    return f"{value!r} fails {check}"
