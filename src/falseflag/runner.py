"""Running analyzers: the corpus loaded once, a fresh locked-down DuckDB database per analyzer.

The tables the selected analyzers read are loaded once into a DuckDB database file
(``falseflag.store``). Each analyzer gets a new in-memory database with that file attached
read-only and a view per table; only its own plugin's ``prepare_connection`` runs on it,
with file access already off (but for the plugin's own data folder) and every setting
locked. What an analyzer creates or drops lives in its own
database only: it cannot change what another analyzer reads, or write the corpus. Each
analyzer runs in a thread of its own so that a time limit, Ctrl-C or SIGTERM can stop it
(``falseflag.supervise``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import platform
import re
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
from .db import first_line, text_slice
from .output import to_json_bytes
from .package import DataPackage, load_package
from .store import Store, work_folder
from .supervise import Outcome, Stopped, supervise
from .writing import TABLE_FORMATS, ResultWriter

ANALYZER_MEMORY_LIMIT = "2GB"
"""The default DuckDB memory of the load and of each analyzer's database (they run one at a time);
beyond it DuckDB spills to a private temporary folder. ``analyze(memory_limit=...)`` sets another."""

ANALYZER_SPILL_LIMIT = "8GB"
"""Disk space one analyzer's database may spill to; beyond it the analyzer fails (and the disk stays usable)."""

MAX_MISMATCHES_SHOWN = 3


@dataclass(frozen=True)
class AnalyzerError:
    """An analyzer (or a plugin preparing its connection) that failed, or whose output was wrong.

    ``stage`` is ``prepare_connection``, ``run``, ``timeout`` (stopped at the time limit),
    ``result`` (malformed result), ``evidence`` (a span that is not the article's text at
    its offsets) or ``write`` (its result could not be written).
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
        what = {
            "run": "failed",
            "timeout": "was stopped",
            "result": "returned a malformed result",
            "evidence": "gave evidence that does not match the corpus",
            "write": "could not be written",
        }
        return f"analyzer {self.analyzer!r} ({source}) {what.get(self.stage, self.stage)}: {self.message}"


class UnknownAnalyzerError(LookupError):
    """Names that no registered analyzer has; the message suggests the closest names."""

    def __init__(self, unknown: list[str], available: list[str]):
        import difflib

        self.unknown = unknown
        self.available = available
        names = ", ".join(repr(n) for n in unknown)
        close = [m for n in unknown for m in difflib.get_close_matches(n, available, n=3, cutoff=0.5)]
        hint = f"; did you mean {' or '.join(dict.fromkeys(close))}?" if close else ""
        choices = ", ".join(available) if available else "none are installed"
        super().__init__(f"unknown analyzer{'s' if len(unknown) > 1 else ''} {names}{hint} (available: {choices})")


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

    def write(self, out_dir: str | Path, table_format: str = "csv", *, force: bool = False) -> list[Path]:
        """Write ``<analyzer>/<table>.csv|.parquet``, ``<analyzer>/findings.json`` and ``run.json``.

        The folder is written whole or not at all, replacing an earlier run's results
        (see ResultWriter). Returns the paths written.
        """
        from .connection import package_files

        with ResultWriter(out_dir, table_format, force=force, protected=package_files(self.package)) as writer:
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
    on_start: Callable[[str, int, int], None] | None = None,
    timeout: float | None = None,
    memory_limit: str | None = None,
    temp_dir: str | Path | None = None,
) -> AnalysisRun:
    """Run all analyzers, or the named ones, on a corpus (None: the bundled one).

    Raises UnknownAnalyzerError for a name no analyzer has, and PackageError when the
    package cannot be read. Everything else that goes wrong (a plugin that does not load,
    an analyzer that raises, exits, runs past ``timeout`` seconds, or gives evidence that
    does not match the text) is recorded in the returned AnalysisRun, and the other
    analyzers still run. ``on_start(name, n, total)`` is called as the n-th analyzer starts,
    ``on_result(name, result)`` with each checked result as soon as it is there (a
    ResultWriter's ``add`` writes it while the next analyzer runs). A KeyboardInterrupt
    stops the analyzer that is running and the whole run.

    ``memory_limit`` (like "3GB"; default ANALYZER_MEMORY_LIMIT) is DuckDB's memory while the
    corpus is loaded and while each analyzer runs; beyond it DuckDB spills to a private folder
    in ``temp_dir`` (default: FALSEFLAG_TMPDIR, else the system's temporary folder).
    """
    limit = check_memory_limit(memory_limit) if memory_limit is not None else ANALYZER_MEMORY_LIMIT
    pkg = package if isinstance(package, DataPackage) else load_package(package)
    available = plugins.get_analyzers()
    selected = _select(available, names)
    run = AnalysisRun(package=pkg, analyzers=selected, load_errors=plugins.get_load_errors())
    with _cyclic_gc_paused(), work_folder(parent=temp_dir) as tmp:
        with run.timed("read"):
            store = Store.build(pkg, Path(tmp), _needed_tables(pkg, selected.values()), memory_limit=limit)
        checker = _evidence_checker(store)
        try:
            for n, analyzer in enumerate(selected.values(), 1):
                if on_start is not None:
                    on_start(analyzer.name, n, len(selected))
                started = time.perf_counter()
                ran, returned = _run_one(analyzer, store, run.errors, timeout, limit)
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


def check_memory_limit(value: str) -> str:
    """``value`` if DuckDB reads it as a memory size ("3GB", "500MiB"); else ValueError saying why."""
    text = str(value).strip()
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", text, flags=re.IGNORECASE):
        raise ValueError(f"{value!r} is not a memory size (write it like 3GB, 1.5GB or 500MB)")
    try:
        duckdb.connect(config={"memory_limit": text}).close()
    except duckdb.Error as exc:
        raise ValueError(f"{value!r} is not a memory size DuckDB accepts: {first_line(str(exc))}") from None
    return text


def analyzer_config(work: Path, memory_limit: str = ANALYZER_MEMORY_LIMIT) -> dict[str, str]:
    """DuckDB settings of one analyzer's database: its memory budget and private spill folder."""
    return {
        "memory_limit": memory_limit,
        # Memory an analyzer frees stays with DuckDB for its next query instead of going
        # back to the system and being faulted in again.
        "allocator_flush_threshold": memory_limit,
        "temp_directory": str(work / "spill"),
        "max_temp_directory_size": ANALYZER_SPILL_LIMIT,
    }


def _run_one(
    analyzer: Analyzer, store: Store, errors: list[AnalyzerError], timeout: float | None, memory_limit: str = ANALYZER_MEMORY_LIMIT
) -> tuple[bool, Any]:
    """Run one analyzer on a fresh, locked-down connection, in a thread that can be stopped:
    (True, what it returned), or (False, None) after a crash, an exit or a time-out."""
    found: list[AnalyzerError] = []
    work = store.folder / f"analyzer-{len(errors)}-{time.monotonic_ns()}"

    def job(outcome: Outcome) -> Any:
        work.mkdir()
        con = store.connect(
            analyzer.tables,
            config=analyzer_config(work, memory_limit),
            readable=plugins.data_directories(analyzer.plugin),
        )
        outcome.connections.append(con)
        try:
            _prepare(con, analyzer, found)
            return analyzer.run(con)
        finally:
            con.close()

    outcome = supervise(job, timeout=timeout, name=f"falseflag-analyzer-{analyzer.name}")
    errors.extend(found)
    if outcome.timed_out:
        left = " (it did not stop, and was left running)" if outcome.abandoned else ""
        errors.append(_error(analyzer, f"stopped after the time limit of {timeout:g} s{left}", stage="timeout"))
        return False, None
    if outcome.error is not None:
        errors.append(_error(analyzer, _describe(outcome.error), outcome.traceback))
        return False, None
    return True, outcome.value


def _prepare(con: duckdb.DuckDBPyConnection, analyzer: Analyzer, errors: list[AnalyzerError]) -> None:
    """Call the analyzer's own plugin's prepare_connection; a crash is recorded, and the analyzer still runs."""
    for impl in plugins.hookimpls("prepare_connection"):
        if impl.plugin_name != analyzer.plugin:
            continue
        try:
            plugins.call_hookimpl(impl, connection=con, analyzer=analyzer)
        except Stopped:
            raise
        except BaseException as exc:  # noqa: BLE001 - SystemExit from a plugin is the plugin's failure
            distribution = plugins.distribution_of(impl.plugin_name)[0]
            errors.append(AnalyzerError(analyzer.name, impl.plugin_name, distribution, _describe(exc), traceback.format_exc(), "prepare_connection"))


def _describe(exc: BaseException) -> str:
    """One line for a person: the exception's type and the first line of its message."""
    if isinstance(exc, SystemExit):
        return f"called sys.exit({exc.code!r})"
    return first_line(f"{type(exc).__name__}: {exc}")


def _error(analyzer: Analyzer, message: str, tb: str = "", stage: str = "run") -> AnalyzerError:
    return AnalyzerError(analyzer.name, analyzer.plugin, analyzer.distribution, message, tb, stage)


def write_error(run: AnalysisRun, name: str, message: str) -> AnalyzerError:
    """An analyzer whose result could not be written."""
    analyzer = run.analyzers[name]
    return _error(analyzer, message, stage="write")


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
            problems.append(f"table name {name!r} is not allowed: {plugins.NAME_RULE}")
        elif not table.columns:
            problems.append(f"table {name!r} has no columns")
        else:
            tables[name] = table
    findings = []
    for i, finding in enumerate(result.findings):
        if not isinstance(finding, Finding):
            problems.append(f"finding {i} is a {type(finding).__name__}, not a Finding")
        elif not isinstance(finding.kind, str) or not isinstance(finding.message, str):
            problems.append(f"finding {i} has a kind or message that is not a string")
        elif not isinstance(finding.evidence, tuple) or not all(isinstance(e, Evidence) for e in finding.evidence):
            problems.append(f"finding {i} has evidence that is not a tuple of Evidence")
        elif not isinstance(finding.data, dict):
            problems.append(f"finding {i} has data that is not a dict")
        else:
            findings.append(finding)
    findings = _writable(findings, problems)
    if problems:
        errors.append(_error(analyzer, "; ".join(problems), stage="result"))
    summary = result.summary if isinstance(result.summary, str) else str(result.summary)
    return AnalyzerResult(tables=tables, findings=findings, summary=summary)


def _writable(findings: list[Finding], problems: list[str]) -> list[Finding]:
    """The findings whose data JSON can hold (one encoding of all of them, then one by one if that fails)."""
    try:
        to_json_bytes([f.data for f in findings])
        return findings
    except (TypeError, RecursionError):
        pass
    kept = []
    for i, finding in enumerate(findings):
        try:
            to_json_bytes(finding.data)
        except (TypeError, RecursionError) as exc:
            problems.append(f"finding {i} ({finding.kind}) has data that cannot be written as JSON ({first_line(str(exc))})")
            continue
        kept.append(finding)
    return kept


def _evidence_checker(store: Store) -> duckdb.DuckDBPyConnection:
    """The connection ``_check_evidence`` uses: the articles, and each one's length worked out once.

    Its joins keep the side written on the right in the hash table: the evidence, not the
    (larger) article texts, which would otherwise be copied in for every check.
    """
    checker = store.connect(["articles"], config={"disabled_optimizers": "build_side_probe_side"})
    checker.execute("CREATE TEMP TABLE article_lengths AS SELECT article_id, length(text) AS text_length FROM articles")
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
    checker.register("evidence", evidence)  # a Python object, not a file: allowed with file access off
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
