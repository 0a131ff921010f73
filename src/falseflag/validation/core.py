"""``validate()``: every check on a corpus, in one pass, into one ValidationReport.

The order is: the descriptor and schemas (``package``), each file (``files``), each
column (``columns``, pandera), then the cross-table rules (``rules``, DuckDB SQL).
Nothing here writes to the corpus: DuckDB runs in memory and spills, if it must, to a
temporary folder that is removed afterwards.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb

from ..db import quote_ident
from ..package import TABLES, DataPackage, PackageError, load_resource, read_json, resolve_descriptor
from .files import LoadedTable, load_table
from .report import Problem, SkippedRule, TableSummary, ValidationReport
from .rules import HELPERS, Rule, all_rules, doc_columns, span_checks_query
from .suspects import column_problems, may_fail

MEMORY_LIMIT = os.environ.get("FALSEFLAG_VALIDATE_MEMORY", "1.6GB")
"""DuckDB's memory budget while validating; beyond it DuckDB spills to a temporary folder."""

def validate(
    package: str | Path | DataPackage | None = None,
    *,
    frictionless: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> ValidationReport:
    """Check a corpus and report every problem at once.

    ``package`` is a folder, a ``datapackage.json``, a loaded DataPackage or None for the
    bundled corpus. Raises PackageError only when the descriptor itself cannot be read
    (missing, not JSON, not a JSON object); everything else is a Problem in the report.
    ``frictionless=True`` also runs frictionless' own validator and adds its errors,
    with check names prefixed ``frictionless:``. ``progress(stage, done, total)`` is called
    as tables are read and checks run.
    """
    if isinstance(package, DataPackage):
        pkg, problems = package, _missing_resources(package, set(package.resources))
    else:
        pkg, problems = open_package(package)
    report = ValidationReport(str(pkg.descriptor_path), problems)
    with tempfile.TemporaryDirectory(prefix="falseflag-validate-") as spill:
        con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "allocator_flush_threshold": MEMORY_LIMIT, "temp_directory": spill})
        con.execute("SET enable_progress_bar = false")
        # One thread more than cores: a large corpus spills, and a thread waiting on the
        # spill file then leaves no core idle.
        con.execute(f"SET threads = {(os.cpu_count() or 1) + 1}")
        try:
            _check(con, pkg, report, progress or (lambda stage, done, total: None))
        finally:
            con.close()
    if frictionless:
        from .reference import frictionless_problems

        report.problems.extend(frictionless_problems(pkg))
    report.sort()
    return report


def open_package(path: str | Path | None) -> tuple[DataPackage, list[Problem]]:
    """Load a descriptor and as many resources as can be loaded, reporting the rest.

    Raises PackageError when the descriptor is missing, not JSON or not a JSON object.
    """
    descriptor_path = resolve_descriptor(path).resolve()
    descriptor = read_json(descriptor_path)
    if not isinstance(descriptor, dict):
        raise PackageError(descriptor_path, "the descriptor must be a JSON object")
    pkg = DataPackage(descriptor_path=descriptor_path, descriptor=descriptor)
    name = descriptor_path.name
    problems: list[Problem] = []
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        problems.append(Problem(None, name, None, "resources", "descriptor", None, "the descriptor has no 'resources' list"))
        resources = []
    declared: set[str | None] = set()
    for i, entry in enumerate(resources):
        table = entry.get("name") if isinstance(entry, dict) and isinstance(entry.get("name"), str) else None
        declared.add(table)
        try:
            resource = load_resource(entry, i, descriptor_path)
        except PackageError as exc:
            file = _relative(exc.file, pkg.root)
            check = "resource" if file == name else "schema"
            problems.append(Problem(table, file, None, None, check, None, exc.message))
            continue
        if resource.name in pkg.resources:
            problems.append(
                Problem(resource.name, name, None, None, "resource", None, f"resource {resource.name!r} is declared twice")
            )
            continue
        pkg.resources[resource.name] = resource
    return pkg, problems + _missing_resources(pkg, declared) + shape_problems(pkg) + foreign_key_problems(pkg, declared)


def _missing_resources(pkg: DataPackage, declared: set[str | None]) -> list[Problem]:
    name = pkg.descriptor_path.name
    return [
        Problem(table, name, None, None, "missing-resource", None, f"the descriptor has no resource named {table!r}")
        for table in TABLES
        if table not in declared
    ]


def _relative(file: str, root: Path) -> str:
    try:
        return Path(file).resolve().relative_to(root).as_posix()
    except ValueError:
        return file


def _check(con: duckdb.DuckDBPyConnection, pkg: DataPackage, report: ValidationReport, progress: Callable[[str, int, int], None]) -> None:
    for schema in ("raw", "src", "flagged", "unchecked", "excluded"):
        con.execute(f"CREATE SCHEMA {schema}")
    loaded: dict[str, LoadedTable] = {}
    for done, (name, resource) in enumerate(pkg.resources.items()):
        progress(f"reading {name}", done, len(pkg.resources))
        problems, table = load_table(
            con, resource, pkg.root, may_fail(con, resource.schema), lambda present, table=name: doc_columns(table, present)
        )
        report.problems.extend(problems)
        report.tables.append(TableSummary(name, resource.relpath, resource.format, table.rows if table else None))
        if table is not None:
            loaded[name] = table
    for name, table in loaded.items():
        problems = column_problems(con, table)
        report.problems.extend(problems)
        unusable = table.broken_rows | {p.row for p in problems if p.check == "type"}
        _create_typed_views(con, table, unusable)
    progress("checking columns", len(pkg.resources), len(pkg.resources))
    _create_helpers(con, pkg, loaded)
    rules = all_rules(pkg)
    for done, rule in enumerate(rules):
        progress(f"checking {rule.name}", done, len(rules))
        _run_rule(con, rule, pkg, loaded, report)


def _create_helpers(con: duckdb.DuckDBPyConnection, pkg: DataPackage, loaded: dict[str, LoadedTable]) -> None:
    """The helper tables the rules read; one that reads an unreadable table or column is left out
    (and the rules using it are skipped)."""
    for name, query in HELPERS.items():
        _create_helper(con, name, query)
    spans = span_checks_query(pkg, {name: table.columns for name, table in loaded.items()})
    if spans is not None:
        _create_helper(con, "span_checks", spans)


def _create_helper(con: duckdb.DuckDBPyConnection, name: str, query: str) -> bool:
    try:
        con.execute(f"CREATE TABLE {quote_ident(name)} AS {query}")
    except (duckdb.BinderException, duckdb.CatalogException):
        return False
    return True


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?", [name]).fetchall()[0][0])


def foreign_key_problems(pkg: DataPackage, declared: set[str | None]) -> list[Problem]:
    """Foreign keys that refer to a resource the package lacks, or to fields its schema lacks."""
    problems = []
    for name, resource in pkg.resources.items():
        file = _relative(str(resource.schema_path), pkg.root) if resource.schema_path else pkg.descriptor_path.name
        for i, fk in enumerate(resource.schema.foreign_keys):
            parent = pkg.resources.get(fk.resource)
            if parent is None:
                if fk.resource not in declared and fk.resource not in TABLES:  # those are reported already
                    problems.append(Problem(name, file, None, ",".join(fk.fields), "schema", fk.resource,
                                            f"foreignKeys[{i}] refers to resource {fk.resource!r}, which the package does not have"))
                continue
            for field in fk.reference_fields:
                if field not in parent.schema.field_names:
                    problems.append(Problem(name, file, None, ",".join(fk.fields), "schema", field,
                                            f"foreignKeys[{i}] refers to {fk.resource}.{field}, which is not a field of {fk.resource}"))
    return problems


def shape_problems(pkg: DataPackage) -> list[Problem]:
    """Fields of a falseflag table whose type differs from the one falseflag's own schema declares."""
    from .._bundle import bundled_root
    from ..package import load_package

    try:
        reference = load_package(bundled_root())
    except (PackageError, FileNotFoundError):
        return []
    problems = []
    for name, resource in pkg.resources.items():
        if name not in reference.resources:
            continue
        ours = {f.name: f.type for f in reference[name].schema.fields}
        file = _relative(str(resource.schema_path), pkg.root) if resource.schema_path else pkg.descriptor_path.name
        for field in resource.schema.fields:
            expected = ours.get(field.name)
            if expected is not None and field.type != expected:
                problems.append(Problem(
                    name, file, None, field.name, "schema", field.type,
                    f"field {field.name!r} is declared {field.type}; falseflag's {name} table needs {expected}",
                ))
    return problems


def _create_typed_views(con: duckdb.DuckDBPyConnection, table: LoadedTable, unusable: set[int]) -> None:
    """``unchecked.<table>``: every row, typed; ``<table>``: the rows not in ``unusable``."""
    import pyarrow as pa

    name = quote_ident(table.resource.name)
    con.execute(f"CREATE VIEW unchecked.{name} AS {table.typed_select()}")
    con.register("_unusable", pa.table({"_row": pa.array(sorted(unusable), pa.int64())}))
    con.execute(f"CREATE TABLE excluded.{name} AS SELECT _row FROM _unusable")
    con.unregister("_unusable")
    keep = f" WHERE _row NOT IN (SELECT _row FROM excluded.{name})" if unusable else ""
    con.execute(f"CREATE VIEW main.{name} AS SELECT * FROM unchecked.{name}{keep}")


def _run_rule(
    con: duckdb.DuckDBPyConnection, rule: Rule, pkg: DataPackage, loaded: dict[str, LoadedTable], report: ValidationReport
) -> None:
    unreadable = [t for t in rule.tables if t not in loaded]
    if unreadable:
        report.skipped_rules.append(SkippedRule(rule.name, rule.table, f"cannot read table {', '.join(unreadable)}"))
        return
    lacking = [f"{rule.table}.{c}" for c in rule.columns if c not in loaded[rule.table].columns]
    if lacking:
        report.skipped_rules.append(SkippedRule(rule.name, rule.table, f"missing column {', '.join(lacking)}"))
        return
    missing_helpers = [h for h in (*HELPERS, "span_checks") if re.search(rf"\b{h}\b", rule.query) and not _has_table(con, h)]
    if missing_helpers:
        report.skipped_rules.append(SkippedRule(rule.name, rule.table, f"a table it reads could not be built ({', '.join(missing_helpers)}): see the schema problems"))
        return
    try:
        rows = con.execute(f"SELECT _row, field, value, message FROM ({rule.query})").fetchall()
    except (duckdb.BinderException, duckdb.CatalogException):
        lacking = [f"{t}.{c}" for t in rule.tables for c in loaded[t].missing_columns]
        if not lacking:
            raise
        named = [name for name in lacking if re.search(rf"\b{re.escape(name.split('.', 1)[1])}\b", rule.query)]
        lacking = named or lacking
        report.skipped_rules.append(SkippedRule(rule.name, rule.table, f"missing column {', '.join(lacking)}"))
        return
    file = pkg.resources[rule.table].relpath
    report.problems.extend(Problem(rule.table, file, row, field, rule.name, value, message) for row, field, value, message in rows)
