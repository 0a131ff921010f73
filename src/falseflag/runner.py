"""Running analyzers: one snapshot of the corpus, a fresh read-only connection per analyzer.

The corpus is copied once into a temporary DuckDB file. Each analyzer gets an in-memory
connection that attaches that file read-only as ``corpus``, sees every table as a view in
``main``, and has file access switched off and its settings locked before it runs: it can
make temp tables, but cannot change what the next analyzer sees or write a file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import platform
import tempfile
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from . import plugins
from .analysis import Analyzer, AnalyzerResult, Evidence, Finding, ResultTable
from .db import first_line, materialize, quote_ident, quote_literal
from .output import to_json
from .package import DataPackage, PackageError, load_package

TABLE_FORMATS = ("csv", "parquet")

LOCK_DOWN = (
    "SET enable_external_access = false",
    # Without this an analyzer could DETACH the corpus and ATTACH the same file read-write.
    "SET disabled_filesystems = 'LocalFileSystem'",
    "SET lock_configuration = true",
)

MAX_MISMATCHES_SHOWN = 3


@dataclass(frozen=True)
class AnalyzerError:
    """An analyzer (or a plugin preparing its connection) that failed, or whose output was wrong.

    ``stage`` is ``prepare_connection``, ``run``, ``result`` (malformed result) or
    ``evidence`` (a span that is not the article's text at its offsets).
    """

    analyzer: str
    plugin: str | None
    distribution: str | None
    message: str
    traceback: str = ""
    stage: str = "run"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def __str__(self) -> str:
        source = f"plugin {self.plugin!r}" + (f", distribution {self.distribution}" if self.distribution else "")
        if self.stage == "prepare_connection":
            return f"{source}: prepare_connection failed (for analyzer {self.analyzer!r}): {self.message}"
        what = {"run": "failed", "result": "returned a malformed result", "evidence": "gave evidence that does not match the corpus"}
        return f"analyzer {self.analyzer!r} ({source}) {what.get(self.stage, self.stage)}: {self.message}"


class UnknownAnalyzerError(LookupError):
    """Names that no registered analyzer has."""

    def __init__(self, unknown: list[str], available: list[str]):
        self.unknown = unknown
        self.available = available
        names = ", ".join(repr(n) for n in unknown)
        choices = ", ".join(available) if available else "none are installed"
        super().__init__(f"unknown analyzer{'s' if len(unknown) > 1 else ''} {names}; available: {choices}")


@dataclass
class AnalysisRun:
    """The outcome of ``analyze``: results by analyzer name, and every problem met on the way."""

    package: DataPackage
    analyzers: dict[str, Analyzer]
    results: dict[str, AnalyzerResult] = field(default_factory=dict)
    errors: list[AnalyzerError] = field(default_factory=list)
    load_errors: list[plugins.LoadError] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    created: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))

    @property
    def ok(self) -> bool:
        """True when every plugin loaded and every analyzer ran and gave valid output."""
        return not self.errors and not self.load_errors

    def to_dict(self, *, data: bool = True) -> dict[str, Any]:
        """Versions, package, analyzers, errors and results; ``data=False`` leaves out rows and findings."""
        return {
            "versions": versions(),
            "created": self.created,
            "package": {
                "path": str(self.package.descriptor_path),
                "name": self.package.descriptor.get("name"),
                "version": self.package.version,
            },
            "ok": self.ok,
            "analyzers": [a.to_dict() for a in self.analyzers.values()],
            "results": {
                name: {**result.to_dict(data=data), "seconds": round(self.seconds.get(name, 0.0), 3)}
                for name, result in self.results.items()
            },
            "errors": [e.to_dict() for e in self.errors],
            "load_errors": [e.to_dict() for e in self.load_errors],
        }

    def write(self, out_dir: str | Path, table_format: str = "csv") -> list[Path]:
        """Write ``<analyzer>/<table>.csv|.parquet``, ``<analyzer>/findings.json`` and ``run.json``.

        ``out_dir`` is created if needed; only files inside it are written (existing ones
        overwritten). Returns the paths written.
        """
        if table_format not in TABLE_FORMATS:
            raise ValueError(f"unknown table format {table_format!r}; expected one of {', '.join(TABLE_FORMATS)}")
        root = Path(out_dir)
        root.mkdir(parents=True, exist_ok=True)
        root = root.resolve()
        record = self.to_dict(data=False)
        record["table_format"] = table_format
        written: list[Path] = []
        con = duckdb.connect()
        try:
            for name, result in self.results.items():
                _inside(root, name).mkdir(exist_ok=True)
                files = record["results"][name]["files"] = []
                for table_name, table in result.tables.items():
                    path = _inside(root, f"{name}/{table_name}.{table_format}")
                    _write_table(con, table, path, table_format)
                    written.append(path)
                    files.append(path.relative_to(root).as_posix())
                path = _inside(root, f"{name}/findings.json")
                path.write_text(to_json([f.to_dict() for f in result.findings]) + "\n", encoding="utf-8")
                written.append(path)
                files.append(path.relative_to(root).as_posix())
        finally:
            con.close()
        path = _inside(root, "run.json")
        path.write_text(to_json(record) + "\n", encoding="utf-8")
        written.append(path)
        return written


def versions() -> dict[str, str | None]:
    from . import __version__

    return {"falseflag": __version__, "duckdb": duckdb.__version__, "pyarrow": pa.__version__, "python": platform.python_version()}


def _inside(root: Path, relpath: str) -> Path:
    path = root / relpath
    if not path.resolve().is_relative_to(root):
        raise ValueError(f"refusing to write {path}: it leads outside {root}")
    return path


def _write_table(con: duckdb.DuckDBPyConnection, table: ResultTable, path: Path, table_format: str) -> None:
    options = "FORMAT parquet" if table_format == "parquet" else "FORMAT csv, HEADER true"
    con.register("result_table", table.arrow)
    try:
        con.execute(f"COPY result_table TO {quote_literal(str(path))} ({options})")
    finally:
        con.unregister("result_table")


def analyze(names: Iterable[str] | str | None = None, package: str | Path | DataPackage | None = None) -> AnalysisRun:
    """Run all analyzers, or the named ones, on a corpus (None: the bundled one).

    Raises UnknownAnalyzerError for a name no analyzer has, and PackageError when the
    package cannot be read. Everything else that goes wrong (a plugin that does not load,
    an analyzer that raises, evidence that does not match the text) is recorded in the
    returned AnalysisRun, and the other analyzers still run.
    """
    pkg = package if isinstance(package, DataPackage) else load_package(package)
    available = plugins.get_analyzers()
    selected = _select(available, names)
    run = AnalysisRun(package=pkg, analyzers=selected, load_errors=plugins.get_load_errors())
    with tempfile.TemporaryDirectory(prefix="falseflag-run-") as tmp:
        snapshot = Path(tmp) / "corpus.duckdb"
        tables = _snapshot(pkg, snapshot)
        checker = _attach(duckdb.connect(), snapshot)
        try:
            for analyzer in selected.values():
                started = time.perf_counter()
                ran, returned = _run_one(analyzer, snapshot, tables, run.errors)
                run.seconds[analyzer.name] = time.perf_counter() - started
                if ran:
                    result = _valid_result(analyzer, returned, run.errors)
                    _check_evidence(checker, analyzer, result.findings, run.errors)
                    run.results[analyzer.name] = result
        finally:
            checker.close()
    return run


def _select(available: dict[str, Analyzer], names: Iterable[str] | str | None) -> dict[str, Analyzer]:
    if isinstance(names, str):
        names = [names]
    wanted = list(dict.fromkeys(names or ()))
    if not wanted:
        return dict(available)
    unknown = [n for n in wanted if n not in available]
    if unknown:
        raise UnknownAnalyzerError(unknown, list(available))
    return {n: available[n] for n in wanted}


def _snapshot(pkg: DataPackage, path: Path) -> list[str]:
    """Copy every table of the package into a new DuckDB file; return the table names."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {quote_literal(str(path))} AS corpus")
        try:
            materialize(con, pkg, "corpus")
        except duckdb.Error as exc:
            raise PackageError(pkg.descriptor_path, f"cannot read the data ({first_line(str(exc))}); `falseflag validate` says more") from None
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'corpus' ORDER BY table_name"
        ).fetchall()]
        con.execute("DETACH corpus")
    finally:
        con.close()
    return tables


def _attach(con: duckdb.DuckDBPyConnection, snapshot: Path) -> duckdb.DuckDBPyConnection:
    con.execute(f"ATTACH {quote_literal(str(snapshot))} AS corpus (READ_ONLY)")
    return con


def _run_one(analyzer: Analyzer, snapshot: Path, tables: list[str], errors: list[AnalyzerError]) -> tuple[bool, Any]:
    """Run one analyzer on a fresh, locked-down connection: (True, what it returned), or (False, None) after a crash."""
    con = _attach(duckdb.connect(), snapshot)
    try:
        for table in tables:
            con.execute(f"CREATE VIEW main.{quote_ident(table)} AS SELECT * FROM corpus.{quote_ident(table)}")
        _prepare(con, analyzer, errors)
        for statement in LOCK_DOWN:
            con.execute(statement)
        try:
            return True, analyzer.run(con)
        except Exception as exc:
            errors.append(_error(analyzer, _describe(exc), traceback.format_exc()))
            return False, None
    finally:
        con.close()


def _prepare(con: duckdb.DuckDBPyConnection, analyzer: Analyzer, errors: list[AnalyzerError]) -> None:
    """Call every plugin's prepare_connection; a crash is recorded once per plugin and message."""
    for impl in plugins.hookimpls("prepare_connection"):
        try:
            plugins.call_hookimpl(impl, connection=con, analyzer=analyzer)
        except Exception as exc:
            message = _describe(exc)
            if any(e.stage == "prepare_connection" and e.plugin == impl.plugin_name and e.message == message for e in errors):
                continue
            distribution = plugins.distribution_of(impl.plugin_name)[0]
            errors.append(AnalyzerError(analyzer.name, impl.plugin_name, distribution, message, traceback.format_exc(), "prepare_connection"))


def _describe(exc: BaseException) -> str:
    """One line for a person: the exception's type and the first line of its message."""
    return first_line(f"{type(exc).__name__}: {exc}")


def _error(analyzer: Analyzer, message: str, tb: str = "", stage: str = "run") -> AnalyzerError:
    return AnalyzerError(analyzer.name, analyzer.plugin, analyzer.distribution, message, tb, stage)


def _valid_result(analyzer: Analyzer, result: Any, errors: list[AnalyzerError]) -> AnalyzerResult:
    """The well-formed part of what run() returned; every malformed part is recorded."""
    if not isinstance(result, AnalyzerResult):
        errors.append(_error(analyzer, f"run() returned {type(result).__name__}, not an AnalyzerResult", stage="result"))
        return AnalyzerResult()
    problems = []
    tables = {}
    for name, table in result.tables.items():
        if not isinstance(table, ResultTable):
            problems.append(f"table {name!r} is a {type(table).__name__}, not a ResultTable (use result.add_table)")
        elif not isinstance(name, str) or not plugins.ANALYZER_NAME.fullmatch(name):
            problems.append(f"table name {name!r} is not allowed: use letters, digits, '-', '_' and '.'")
        elif not table.columns:
            problems.append(f"table {name!r} has no columns")
        else:
            tables[name] = table
    findings = []
    for i, finding in enumerate(result.findings):
        if not isinstance(finding, Finding):
            problems.append(f"finding {i} is a {type(finding).__name__}, not a Finding")
        elif not all(isinstance(e, Evidence) for e in finding.evidence):
            problems.append(f"finding {i} has evidence that is not an Evidence")
        else:
            findings.append(finding)
    if problems:
        errors.append(_error(analyzer, "; ".join(problems), stage="result"))
    return AnalyzerResult(tables=tables, findings=findings, summary=result.summary if isinstance(result.summary, str) else str(result.summary))


def _check_evidence(checker: duckdb.DuckDBPyConnection, analyzer: Analyzer, findings: list[Finding], errors: list[AnalyzerError]) -> None:
    """Every evidence span must be the article's text at its offsets; DuckDB compares them."""
    spans = [(i, f.kind, e) for i, f in enumerate(findings) for e in f.evidence]
    if not spans:
        return
    try:
        evidence = pa.table({
            "finding": pa.array([i for i, _, _ in spans], pa.int64()),
            "kind": pa.array([str(k) for _, k, _ in spans], pa.string()),
            "article_id": pa.array([e.article_id for _, _, e in spans], pa.string()),
            "char_start": pa.array([e.char_start for _, _, e in spans], pa.int64()),
            "char_end": pa.array([e.char_end for _, _, e in spans], pa.int64()),
            "text": pa.array([e.text for _, _, e in spans], pa.string()),
        })
    except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
        errors.append(_error(analyzer, f"evidence must have a string article_id and text and integer offsets ({exc})", stage="evidence"))
        return
    checker.register("evidence", evidence)
    try:
        mismatches = checker.execute("""
            SELECT finding, kind, article_id, char_start, char_end, text, article_length, actual FROM (
                SELECT e.*, length(a.text) AS article_length,
                       CASE WHEN e.char_start >= 0 AND e.char_end >= e.char_start AND e.char_end <= length(a.text)
                            THEN substring(a.text, e.char_start + 1, e.char_end - e.char_start) END AS actual
                FROM evidence e LEFT JOIN corpus.articles a ON a.article_id = e.article_id
            ) WHERE actual IS DISTINCT FROM text
            ORDER BY finding, char_start
        """).fetchall()
    except duckdb.Error as exc:
        errors.append(_error(analyzer, f"evidence cannot be checked: {first_line(str(exc))}", stage="evidence"))
        return
    finally:
        checker.unregister("evidence")
    if mismatches:
        shown = [_mismatch(*row) for row in mismatches[:MAX_MISMATCHES_SHOWN]]
        more = len(mismatches) - len(shown)
        message = "; ".join(shown) + (f"; and {more} more" if more else "")
        errors.append(_error(analyzer, f"{len(mismatches)} of {len(spans)} evidence spans are wrong: {message}", stage="evidence"))


def _mismatch(finding: int, kind: str, article_id: str | None, start: int, end: int, text: str | None, length: int | None, actual: str | None) -> str:
    where = f"finding {finding} ({kind}): {article_id}[{start}:{end}]"
    if length is None:
        return f"{where}: no article {article_id!r} in the corpus"
    if actual is None:
        return f"{where} is outside the article's {length} characters"
    return f"{where} says «{_short(text)}» but the article has «{_short(actual)}» there"


def _short(text: str | None, limit: int = 60) -> str:
    text = "" if text is None else text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["AnalysisRun", "AnalyzerError", "TABLE_FORMATS", "UnknownAnalyzerError", "analyze", "versions"]
