"""Running analyzers: the corpus read once, a fresh locked-down DuckDB per analyzer.

DuckDB reads every table of the package once, into Arrow tables held in memory. Each
analyzer gets a new in-memory DuckDB database of its own: the Arrow tables are registered
on it, a small read-only database file of views over them is attached as ``corpus``, every
table has a view in ``main``, and file access is switched off and the settings locked before
it runs. SQL cannot change Arrow data, and whatever an analyzer creates or drops lives in its
own database only: it cannot change what the next analyzer sees or write a file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import platform
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from . import plugins
from .analysis import Analyzer, AnalyzerResult, Evidence, Finding, ResultTable
from .db import first_line, quote_ident, quote_literal, scan_sql, text_slice, to_arrow
from .writing import TABLE_FORMATS, ResultWriter
from .package import DataPackage, PackageError, load_package

LOCK_DOWN = (
    # No file can be read or written any more, but for the analyzer's own copy of the
    # catalog (harmless: only this analyzer attaches it) and DuckDB's own spill folder.
    "SET enable_external_access = false",
    "SET lock_configuration = true",
)

ANALYZER_MEMORY_LIMIT = "2GB"
"""DuckDB memory of one analyzer's database; beyond it DuckDB spills to a private temporary folder."""

ANALYZER_SPILL_LIMIT = "8GB"
"""Disk space one analyzer's database may spill to; beyond it the analyzer fails (and the disk stays usable)."""

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
    stage_seconds: dict[str, float] = field(default_factory=dict)
    created: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))

    @property
    def ok(self) -> bool:
        """True when every plugin loaded and every analyzer ran and gave valid output."""
        return not self.errors and not self.load_errors

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the time spent in the block to ``stage_seconds[stage]``."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + time.perf_counter() - started

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
            "stage_seconds": {stage: round(seconds, 3) for stage, seconds in self.stage_seconds.items()},
        }

    def write(self, out_dir: str | Path, table_format: str = "csv") -> list[Path]:
        """Write ``<analyzer>/<table>.csv|.parquet``, ``<analyzer>/findings.json`` and ``run.json``.

        ``out_dir`` is created if needed; only files inside it are written (existing ones
        overwritten). Returns the paths written.
        """
        with ResultWriter(out_dir, table_format) as writer:
            for name, result in self.results.items():
                writer.add(name, result)
            return writer.finish(self)


def versions() -> dict[str, str | None]:
    from . import __version__

    return {"falseflag": __version__, "duckdb": duckdb.__version__, "pyarrow": pa.__version__, "python": platform.python_version()}


def analyze(
    names: Iterable[str] | str | None = None,
    package: str | Path | DataPackage | None = None,
    *,
    on_result: Callable[[str, AnalyzerResult], None] | None = None,
) -> AnalysisRun:
    """Run all analyzers, or the named ones, on a corpus (None: the bundled one).

    Raises UnknownAnalyzerError for a name no analyzer has, and PackageError when the
    package cannot be read. Everything else that goes wrong (a plugin that does not load,
    an analyzer that raises, evidence that does not match the text) is recorded in the
    returned AnalysisRun, and the other analyzers still run. ``on_result(name, result)``
    is called with each analyzer's checked result as soon as it is there (a
    ResultWriter's ``add`` writes it while the next analyzer runs).
    """
    pkg = package if isinstance(package, DataPackage) else load_package(package)
    available = plugins.get_analyzers()
    selected = _select(available, names)
    run = AnalysisRun(package=pkg, analyzers=selected, load_errors=plugins.get_load_errors())
    with _cyclic_gc_paused(), tempfile.TemporaryDirectory(prefix="falseflag-run-") as tmp:
        with run.timed("read"):
            corpus = Corpus.read(pkg, Path(tmp), _needed_tables(pkg, selected.values()))
        checker = _evidence_checker(corpus)
        try:
            for analyzer in selected.values():
                started = time.perf_counter()
                ran, returned = _run_one(analyzer, corpus, run.errors)
                run.seconds[analyzer.name] = time.perf_counter() - started
                if ran:
                    with run.timed("check"):
                        result = _valid_result(analyzer, returned, run.errors)
                        _check_evidence(checker, analyzer, result.findings, run.errors)
                    run.results[analyzer.name] = result
                    if on_result is not None:
                        on_result(analyzer.name, result)
        finally:
            checker.close()
    return run


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Python's cycle collector off for the block.

    Analyzers make millions of objects that live on (findings, their evidence, rows), and
    the collector would walk all of them again and again while finding nothing to free.
    Objects are still freed as soon as nothing refers to them; cycles wait for the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


def _needed_tables(pkg: DataPackage, analyzers: Iterable[Analyzer]) -> list[str]:
    """The tables of the package that the analyzers read (``articles`` always: evidence is checked against it)."""
    wanted = {"articles"}
    for analyzer in analyzers:
        if analyzer.tables is None:
            return list(pkg.resources)
        wanted.update(analyzer.tables)
    return [name for name in pkg.resources if name in wanted]


class Corpus:
    """Tables of a package, read once into Arrow, and a read-only catalog of views over them.

    ``connect()`` gives a new in-memory DuckDB database on which the tables are read-only:
    ``corpus.<table>`` (a view in an attached read-only catalog file) and ``main.<table>``
    (a view over that), both reading the Arrow data registered on the connection.
    """

    def __init__(self, tables: dict[str, pa.Table], folder: Path):
        self.tables = tables
        self.folder = folder
        self.catalog = folder / "corpus.duckdb"

    @classmethod
    def read(cls, pkg: DataPackage, folder: Path, names: Iterable[str] | None = None) -> Corpus:
        """Read the package's tables (or the named ones) with DuckDB; write the catalog into ``folder``."""
        con = duckdb.connect()
        tables: dict[str, pa.Table] = {}
        wanted = set(pkg.resources if names is None else names)
        try:
            for resource in pkg.resources.values():
                if resource.name not in wanted:
                    continue
                try:
                    tables[resource.name] = _in_batches(to_arrow(con.sql(scan_sql(resource))))
                except duckdb.Error as exc:
                    raise PackageError(pkg.descriptor_path, f"cannot read the data ({first_line(str(exc))}); `falseflag validate` says more") from None
        finally:
            con.close()
        corpus = cls(tables, folder)
        con = corpus._register(duckdb.connect(str(corpus.catalog)))
        try:
            for name in tables:
                con.execute(f"CREATE VIEW {quote_ident(name)} AS SELECT * FROM {quote_ident(_arrow_name(name))}")
        finally:
            con.close()
        return corpus

    def connect(self, tables: Iterable[str] | None = None, *, private: bool = True) -> duckdb.DuckDBPyConnection:
        """A new database with the corpus attached and a view in ``main`` of each table (or of the named ones).

        ``private``: for an analyzer, which gets a folder of its own holding its copy of the
        catalog and DuckDB's spill files, and at most ANALYZER_MEMORY_LIMIT of memory.
        """
        catalog = self.catalog
        config: dict[str, str] = {}
        if private:
            work = Path(tempfile.mkdtemp(dir=self.folder, prefix="analyzer-"))
            catalog = work / self.catalog.name
            shutil.copyfile(self.catalog, catalog)
            config = {
                "memory_limit": ANALYZER_MEMORY_LIMIT,
                # Memory an analyzer frees stays with DuckDB for its next query instead of
                # going back to the system and being faulted in again (a large share of
                # the run time on a big corpus otherwise).
                "allocator_flush_threshold": ANALYZER_MEMORY_LIMIT,
                "temp_directory": str(work / "spill"),
                "max_temp_directory_size": ANALYZER_SPILL_LIMIT,
            }
        con = self._register(duckdb.connect(config=config))
        con.execute(f"ATTACH {quote_literal(str(catalog))} AS corpus (READ_ONLY)")
        for name in self.tables if tables is None else [t for t in tables if t in self.tables]:
            con.execute(f"CREATE VIEW main.{quote_ident(name)} AS SELECT * FROM corpus.{quote_ident(name)}")
        return con

    def _register(self, con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        for name, table in self.tables.items():
            con.register(_arrow_name(name), table)
        return con


BATCH_BYTES = 8_000_000
"""About how large each record batch of a corpus table is."""


def _in_batches(table: pa.Table) -> pa.Table:
    """The table cut into record batches of about BATCH_BYTES (no data is copied).

    DuckDB's threads scan an Arrow table a batch at a time: a table in one large batch, as
    a Parquet file of one row group gives, would be read by one thread.
    """
    rows = max(1, table.num_rows * BATCH_BYTES // max(table.nbytes, 1))
    return pa.Table.from_batches(table.to_batches(max_chunksize=rows), schema=table.schema)


def _arrow_name(table: str) -> str:
    """The name a table's Arrow data is registered under (the views in ``corpus`` read it)."""
    return f"falseflag_corpus_{table}"


def _run_one(analyzer: Analyzer, corpus: Corpus, errors: list[AnalyzerError]) -> tuple[bool, Any]:
    """Run one analyzer on a fresh, locked-down connection: (True, what it returned), or (False, None) after a crash."""
    con = corpus.connect(analyzer.tables)
    try:
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


def _evidence_checker(corpus: Corpus) -> duckdb.DuckDBPyConnection:
    """The connection ``_check_evidence`` uses: the articles, and each one's length worked out once.

    Its joins keep the side written on the right in the hash table: the evidence, not the
    (larger) article texts, which would otherwise be copied in for every check.
    """
    checker = corpus.connect(["articles"], private=False)
    checker.execute("CREATE TEMP TABLE article_lengths AS SELECT article_id, length(text) AS text_length FROM articles")
    checker.execute("SET disabled_optimizers = 'build_side_probe_side'")
    return checker


def _check_evidence(checker: duckdb.DuckDBPyConnection, analyzer: Analyzer, findings: list[Finding], errors: list[AnalyzerError]) -> None:
    """Every evidence span must be the article's text at its offsets; DuckDB compares them
    (``checker`` comes from ``_evidence_checker``)."""
    spans = [(i, finding.kind, e) for i, finding in enumerate(findings) for e in finding.evidence]
    if not spans:
        return
    try:
        evidence = pa.table({
            "finding": pa.array([i for i, _, _ in spans], pa.int64()),
            "kind": pa.array([str(kind) for _, kind, _ in spans], pa.string()),
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
        mismatches = checker.execute(f"""
            WITH measured AS (
                SELECT e.*, n.text_length FROM evidence e LEFT JOIN article_lengths n ON n.article_id = e.article_id
            ),
            spans AS (
                SELECT e.*,
                       CASE WHEN e.char_start >= 0 AND e.char_end >= e.char_start AND e.char_end <= e.text_length
                            THEN {text_slice("a.text", "e.text_length", "e.char_start", "e.char_end")} END AS actual
                FROM articles a RIGHT JOIN measured e ON a.article_id = e.article_id
            )
            SELECT count(*) OVER () AS wrong, finding, kind, article_id, char_start, char_end, text, text_length, actual
            FROM spans
            WHERE actual IS DISTINCT FROM text
            ORDER BY finding, char_start
            LIMIT {MAX_MISMATCHES_SHOWN}
        """).fetchall()
    except duckdb.Error as exc:
        errors.append(_error(analyzer, f"evidence cannot be checked: {first_line(str(exc))}", stage="evidence"))
        return
    finally:
        checker.unregister("evidence")
    if mismatches:
        wrong = mismatches[0][0]
        shown = [_mismatch(*row[1:]) for row in mismatches]
        more = wrong - len(shown)
        message = "; ".join(shown) + (f"; and {more} more" if more else "")
        errors.append(_error(analyzer, f"{wrong} of {len(spans)} evidence spans are wrong: {message}", stage="evidence"))


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
