"""Writing analyzer results into a folder: tables as CSV or Parquet, findings as JSON, run.json.

A ResultWriter takes each analyzer's result as soon as it is ready and writes its files in
background threads (DuckDB lets other threads run while it writes), so that writing one
analyzer's results overlaps with running the next.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from .analysis import AnalyzerResult, Finding, ResultTable
from .db import quote_literal
from .output import to_json, to_json_bytes
from .outputs import OutputError, output_folder

if TYPE_CHECKING:
    import polars

    from .runner import AnalysisRun

TABLE_FORMATS = ("csv", "parquet")

WRITERS = 2
"""Files written at the same time."""


class ResultWriter:
    """Writes ``<analyzer>/<table>.csv|.parquet`` and ``<analyzer>/findings.json`` as results come, then ``run.json``.

    The files go to a staging folder beside ``out_dir``, which replaces ``out_dir`` when
    ``finish`` has written ``run.json`` (``falseflag.outputs.output_folder``): an earlier
    run's results in ``out_dir`` are replaced whole, and a run that fails or is stopped
    leaves them as they were. A folder falseflag did not write is refused unless
    ``force`` (its files are kept). ``protected`` are files that must not be replaced (the
    package being read). Use ``add`` for each result, then ``finish`` (which waits for the
    files); ``close`` stops the threads and drops the staging folder when ``finish`` is not
    reached. A result whose files cannot be written is returned by ``finish`` as an error
    of its analyzer.
    """

    def __init__(self, out_dir: str | Path, table_format: str = "csv", *, force: bool = False, protected: list[Path] = ()):
        if table_format not in TABLE_FORMATS:
            raise ValueError(f"unknown table format {table_format!r}; expected one of {', '.join(TABLE_FORMATS)}")
        self.out_dir = Path(out_dir)
        self._output = output_folder(self.out_dir, force=force, replace_own=True, protected=list(protected), what="analysis results")
        self.root = self._output.__enter__().resolve()
        self._open = True
        self.table_format = table_format
        self.files: dict[str, list[Path]] = {}
        self.failed: dict[str, str] = {}
        self._pending: list[tuple[str, Path, Future[None]]] = []
        self._pool = ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="falseflag-write")

    def add(self, name: str, result: AnalyzerResult) -> None:
        """Start writing one analyzer's tables and findings (largest files first)."""
        _inside(self.root, name).mkdir(exist_ok=True)
        jobs: list[tuple[Path, Callable[[Path], None], int]] = [
            (_inside(self.root, f"{name}/{table_name}.{self.table_format}"), partial(_write_table, table, table_format=self.table_format), table.arrow.nbytes)
            for table_name, table in result.tables.items()
        ]
        jobs.append((_inside(self.root, f"{name}/findings.json"), partial(_write_findings, result.findings), 1000 * len(result.findings)))
        self.files[name] = [path for path, _, _ in jobs]
        for path, write, _ in sorted(jobs, key=lambda job: -job[2]):
            self._pending.append((name, path, self._pool.submit(write, path)))

    def finish(self, run: AnalysisRun) -> list[Path]:
        """Wait for every file, write ``run.json``, put the folder in place and return the paths written.

        An analyzer whose files could not be written (findings JSON cannot hold) is dropped
        from the output, and recorded in ``self.failed``; a disk error is raised.
        """
        try:
            with run.timed("write"):
                for name, path, pending in self._pending:
                    try:
                        pending.result()
                    except TypeError as exc:  # a value JSON cannot hold: the analyzer's fault
                        self.failed.setdefault(name, f"{path.name} cannot be written: {exc}")
            self._pool.shutdown(wait=True)
            if self.failed:
                from .runner import write_error

                for name, message in self.failed.items():
                    shutil.rmtree(_inside(self.root, name), ignore_errors=True)
                    self.files.pop(name, None)
                    run.errors.append(write_error(run, name, message))
            record = run.to_dict(data=False)
            record["table_format"] = self.table_format
            record["results"] = {name: r for name, r in record["results"].items() if name not in self.failed}
            for name, paths in self.files.items():
                if name in record["results"]:
                    record["results"][name]["files"] = [p.relative_to(self.root).as_posix() for p in paths]
            path = _inside(self.root, "run.json")
            path.write_text(to_json(record) + "\n", encoding="utf-8")
            written = [p for paths in self.files.values() for p in paths] + [path]
            self._open = False
            self._output.__exit__(None, None, None)
        except BaseException:
            self.close()
            raise
        final = self.out_dir.resolve()
        return [final / p.relative_to(self.root) for p in written]

    def close(self) -> None:
        """Stop the threads; without a ``finish``, drop what was staged (the target stays as it was)."""
        for _, _, pending in self._pending:
            pending.cancel()
        self._pool.shutdown(wait=True)
        if self._open:
            self._open = False
            self._output.__exit__(OutputError, OutputError("not finished"), None)

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _inside(root: Path, relpath: str) -> Path:
    path = root / relpath
    if not path.resolve().is_relative_to(root):
        raise ValueError(f"refusing to write {path}: it leads outside {root}")
    return path


def _write_table(table: ResultTable, path: Path, table_format: str) -> None:
    frame = _as_polars(table.arrow) if table_format == "csv" else None
    if frame is not None:
        frame.write_csv(path)  # several times faster than DuckDB's writer for wide tables of short strings
        return
    options = "FORMAT parquet" if table_format == "parquet" else "FORMAT csv, HEADER true"
    con = duckdb.connect()
    try:
        con.register("result_table", table.arrow)
        con.execute(f"COPY result_table TO {quote_literal(str(path))} ({options})")
    finally:
        con.close()


def polars_writes_as_duckdb(table: pa.Table) -> bool:
    """True when polars writes ``table`` as CSV byte for byte as DuckDB does.

    That holds for strings, integers, booleans and dates, with one exception: DuckDB also
    quotes a string holding '#' (its comment character), polars does not.
    """
    return _as_polars(table) is not None


def _as_polars(table: pa.Table) -> polars.DataFrame | None:
    """The table as a polars frame when ``polars_writes_as_duckdb``, else None."""
    if not _plain_types(table):
        return None
    import polars as pl

    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return None if _has_hash(frame) else frame


def _plain_types(table: pa.Table) -> bool:
    """Only strings (dictionary-encoded or not), integers, booleans and dates."""
    for column in table.columns:
        kind = column.type
        if pa.types.is_dictionary(kind):
            if not _plain_strings(kind.value_type):
                return False
        elif not (_plain_strings(kind) or pa.types.is_integer(kind) or pa.types.is_boolean(kind) or pa.types.is_date32(kind)):
            return False
    return True


def _plain_strings(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def _has_hash(frame: polars.DataFrame) -> bool:
    """True when a string of the frame holds '#' (polars scans the strings several times faster than Arrow)."""
    import polars as pl
    import polars.selectors as cs

    found = frame.select(cs.string(include_categorical=True).cast(pl.String).str.contains("#", literal=True).any())
    return any(found.row(0)) if found.width else False


def _write_findings(findings: list[Finding], path: Path) -> None:
    """A JSON array with one finding per line."""
    with open(path, "wb") as fh:
        fh.write(b"[")
        for i, finding in enumerate(findings):
            fh.write((b"\n" if i == 0 else b",\n") + to_json_bytes(finding))
        fh.write(b"\n]\n" if findings else b"]\n")


__all__ = ["TABLE_FORMATS", "ResultWriter"]
