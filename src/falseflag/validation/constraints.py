"""The column constraints of a Table Schema field, each written once for polars and once for DuckDB.

A ``Constraint`` is one check of one field (``type``, ``enum``, ``pattern``, ``minimum``,
``maximum``, ``unique``), named after what it enforces. Both of its forms are built here,
side by side, from the same Field: ``polars`` is the expression the pandera schemas
(``columns.py``) run, ``sql`` is the same test as a DuckDB expression. Validation uses the
SQL form to pick, inside DuckDB, the few rows that may fail; pandera then checks just those
rows and names every failure. tests/test_validate_schemas.py checks that the two forms agree.

This module imports neither pandera nor polars, so a corpus with no bad value never loads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..db import quote_literal
from ..package import Field, TableSchema

if TYPE_CHECKING:
    import polars as pl

TYPE_PATTERNS = {
    "integer": r"^[+-]?[0-9]+$",
    "year": r"^[0-9]{4}$",
    "number": r"^(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:nan|inf|-inf))$",
    "boolean": r"^(?:true|True|TRUE|1|false|False|FALSE|0)$",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "datetime": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?$",
    "time": r"^[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?$",
}
"""How a value of each Table Schema type is written in a CSV file (the default formats)."""

TYPE_WORDS = {
    "integer": "an integer",
    "year": "a year (YYYY)",
    "number": "a number",
    "boolean": "a boolean (true/false, True/False, TRUE/FALSE, 1/0)",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a datetime (YYYY-MM-DDThh:mm:ss)",
    "time": "a time (hh:mm:ss)",
}

Expr = Callable[["pl.Expr"], "pl.Expr"]
SQL = Callable[[str], str]


@dataclass(frozen=True)
class Constraint:
    """One check of one field, in its two forms."""

    name: str
    """The check name problems carry: type, enum, pattern, minimum, maximum or unique."""
    error: str
    polars: Expr
    """Column -> whether each value passes (null where undecided; missing values pass anyway)."""
    sql: Callable[[str], str] | None
    """The same test in DuckDB SQL: quoted column -> SQL (NULL where undecided), for raw text.
    None for ``unique``, which is not a test of one value."""


def _contains(pattern: str) -> Expr:
    return lambda c: c.str.contains(pattern)


def _int64(c: pl.Expr) -> pl.Expr:
    import polars as pl

    return c.cast(pl.Int64, strict=False)


def _float64(c: pl.Expr) -> pl.Expr:
    import polars as pl

    return c.cast(pl.Float64, strict=False)


def _matches(pattern: str) -> SQL:
    return lambda c: f"regexp_full_match({c}, {quote_literal(pattern)})"


def _well_formed(field_type: str) -> tuple[Expr, SQL]:
    """(polars, SQL) tests that a text is a value of ``field_type``."""
    pattern = TYPE_PATTERNS[field_type]
    matches = _matches(pattern)
    if field_type in ("integer", "year"):  # the pattern allows digits that overflow 64 bits
        return (
            lambda c: c.str.contains(pattern) & _int64(c).is_not_null(),
            lambda c: f"{matches(c)} AND TRY_CAST({c} AS BIGINT) IS NOT NULL",
        )
    if field_type == "date":  # the pattern allows 2022-02-30
        return (
            lambda c: c.str.contains(pattern) & c.str.to_date("%Y-%m-%d", strict=False).is_not_null(),
            lambda c: f"{matches(c)} AND TRY_CAST({c} AS DATE) IS NOT NULL",
        )
    return _contains(pattern), matches


def as_text(value: object) -> str:
    """An enum value as it is written in a CSV file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number(value: Any) -> str:
    return repr(float(value)) if isinstance(value, float) else str(int(value))


def field_constraints(field: Field, *, typed: bool) -> list[Constraint]:
    """The constraints of one field. ``typed``: for columns of the field's own type, not text."""
    found = []
    if not typed and field.type in TYPE_PATTERNS:
        test, sql = _well_formed(field.type)
        found.append(Constraint("type", f"not {TYPE_WORDS[field.type]}", test, sql))
    if field.enum is not None:
        allowed = list(field.enum) if typed else [as_text(v) for v in field.enum]
        listed = ", ".join(quote_literal(as_text(v)) for v in field.enum)
        found.append(
            Constraint("enum", f"not one of {', '.join(map(str, allowed))}", lambda c: c.is_in(allowed), lambda c: f"{c} IN ({listed})")
        )
    if field.pattern is not None and field.type == "string":
        full = f"^(?:{field.pattern})$"
        found.append(Constraint("pattern", f"does not match {field.pattern}", _contains(full), _matches(full)))
    if field.type in ("integer", "number", "year"):
        low, high = field.minimum, field.maximum
        as_number: Expr = (lambda c: c) if typed else (_float64 if field.type == "number" else _int64)
        sql_type = "DOUBLE" if field.type == "number" else "BIGINT"
        # A value that is not a number fails the type check, not these.
        if low is not None:
            polars_test: Expr = lambda c: (as_number(c) >= low).fill_null(True)  # noqa: E731
            sql_test: SQL = lambda c: f"coalesce(TRY_CAST({c} AS {sql_type}) >= {_number(low)}, true)"  # noqa: E731
            found.append(Constraint("minimum", f"less than {low}", polars_test, sql_test))
        if high is not None:
            polars_test = lambda c: (as_number(c) <= high).fill_null(True)  # noqa: E731
            sql_test = lambda c: f"coalesce(TRY_CAST({c} AS {sql_type}) <= {_number(high)}, true)"  # noqa: E731
            found.append(Constraint("maximum", f"greater than {high}", polars_test, sql_test))
    if field.unique:
        found.append(Constraint("unique", "repeats an earlier value", lambda c: c.is_first_distinct(), None))
    return found


def is_required(field: Field, schema: TableSchema) -> bool:
    """Primary-key fields are required by the Table Schema spec even when not marked so."""
    return field.required or field.name in schema.primary_key


def has_checks(field: Field, schema: TableSchema) -> bool:
    """Whether the raw schema checks anything about a field's values."""
    return is_required(field, schema) or bool(field_constraints(field, typed=False))
