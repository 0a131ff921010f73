"""``falseflag sql``, ``falseflag info`` and ``falseflag export``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import duckdb

from .. import __version__
from ..connection import WriteDirError, connect, table_counts
from ..export import EXPORT_FORMATS, ExportError, export
from ..output import FORMATS, json_value, plural, render_rows, to_json, write_csv
from ..package import PackageError
from .common import exit_with, load_or_exit, package_option, package_problem

DEFAULT_LIMIT = 40
"""Rows ``falseflag sql`` shows in a terminal table or Markdown (``--limit``)."""

FETCH_ROWS = 10_000


@click.command("sql")
@click.argument("query")
@package_option
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--limit", "-n", type=click.IntRange(min=0), default=None,
              help=f"Rows to show (default {DEFAULT_LIMIT} for text and markdown, every row for csv and json; 0: every row).")
@click.option("--allow-writes", "write_dir", is_flag=False, flag_value=".", default=None, metavar="[DIR]",
              help="Let the query read and write files inside DIR (default: the current folder), "
                   "which must not hold a file of the package.")
def sql_command(query: str, package: Path | None, fmt: str, limit: int | None, write_dir: str | None) -> None:
    """Run a SQL QUERY against the corpus and print the result.

    Every table of the package is a table: outlets, articles, boilerplate, entities,
    entity_titles, mentions, quotes, claims, claim_mentions. The query cannot read or
    write any file, or change a setting, unless --allow-writes names a folder it may use;
    it can never change the package's files.

    \b
        falseflag sql "SELECT source_type, count(*) FROM quotes GROUP BY ALL"
        falseflag sql "COPY quotes TO 'quotes.parquet'" --allow-writes
    """
    if not query.strip():
        exit_with("the query is empty", 2)
    pkg = load_or_exit(package)
    try:
        con = connect(pkg, allow_writes=write_dir)
    except PackageError as exc:
        exit_with(package_problem(exc), 2)
    except WriteDirError as exc:
        exit_with(f"--allow-writes: {exc}", 2)
    try:
        if not con.extract_statements(query):
            exit_with("the query is empty (it holds only comments)", 2)
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        if fmt in ("csv", "json") and not limit:
            _stream(cursor, columns, fmt)
        else:
            shown = limit if limit is not None else (DEFAULT_LIMIT if fmt in ("text", "markdown") else 0)
            _page(cursor, columns, fmt, shown)
    except duckdb.Error as exc:
        exit_with(_query_error(exc, write_dir), 1)
    finally:
        con.close()


def _query_error(exc: duckdb.Error, write_dir: str | None) -> str:
    message = str(exc).strip()
    if "disabled by configuration" in message and write_dir is None:
        message += "\nfalseflag sql reads and writes no file unless you pass --allow-writes DIR"
    elif "disabled by configuration" in message:
        message += f"\nwith --allow-writes, files may be read and written only inside {Path(write_dir).resolve()}"
    return message


def _chunks(cursor: duckdb.DuckDBPyConnection, size: int = FETCH_ROWS) -> Iterator[list[tuple]]:
    while True:
        rows = cursor.fetchmany(size)
        if not rows:
            return
        yield rows


def _stream(cursor: duckdb.DuckDBPyConnection, columns: list[str], fmt: str) -> None:
    """Every row to stdout as it comes, in CSV or a JSON array."""
    out = sys.stdout
    if not columns:
        out.write("[]\n" if fmt == "json" else "")
        return
    if fmt == "csv":
        write_csv(out, columns, [])
        for rows in _chunks(cursor):
            write_csv(out, columns, rows, header=False)
        return
    first = True
    out.write("[")
    for rows in _chunks(cursor):
        for row in rows:
            item = to_json(dict(zip(columns, (json_value(v) for v in row))))
            out.write(("\n" if first else ",\n") + "  " + item.replace("\n", "\n  "))
            first = False
    out.write("\n]\n" if not first else "]\n")


def _page(cursor: duckdb.DuckDBPyConnection, columns: list[str], fmt: str, limit: int) -> None:
    """The first ``limit`` rows (0: all), then how many more there are."""
    if not columns:
        click.echo("OK")
        return
    rows = cursor.fetchall() if limit == 0 else cursor.fetchmany(limit)
    more = 0 if limit == 0 else _count_rest(cursor)
    click.echo(render_rows(columns, rows, fmt))
    if fmt in ("text", "markdown"):
        total = len(rows) + more
        note = f"{plural(total, 'row')}" if not more else f"{plural(len(rows), 'row')} of {total:,} shown; --limit N shows more, --format csv every row"
        click.echo(("\n" if fmt == "markdown" else "") + f"({note})")


def _count_rest(cursor: duckdb.DuckDBPyConnection) -> int:
    """Rows left in a result (fetched in large batches, then dropped)."""
    return sum(len(rows) for rows in _chunks(cursor, 100_000))


@click.command("info")
@package_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def info_command(package: Path | None, as_json: bool) -> None:
    """Show the version, where the data lives, and the tables with their row counts.

    Exit code 1 when a table cannot be read (its row says why), 2 when the descriptor cannot.
    """
    pkg = load_or_exit(package)
    counts = table_counts(pkg)
    info: dict[str, Any] = {
        "falseflag_version": __version__,
        "package": {
            "name": pkg.descriptor.get("name"),
            "title": pkg.descriptor.get("title"),
            "version": pkg.version,
            "path": str(pkg.descriptor_path),
        },
        "tables": [
            {"name": name, "path": str(res.path), "format": res.format, "rows": counts[name] if isinstance(counts[name], int) else None,
             **({"error": counts[name]} if isinstance(counts[name], str) else {})}
            for name, res in pkg.resources.items()
        ],
    }
    readable = all(t["rows"] is not None for t in info["tables"])
    if as_json:
        click.echo(to_json(info))
        sys.exit(0 if readable else 1)
    click.echo(f"falseflag {__version__}")
    click.echo(f"package   {info['package']['name']} {info['package']['version'] or ''}".rstrip())
    click.echo(f"data      {pkg.descriptor_path}")
    rows = [(t["name"], t["rows"] if t["rows"] is not None else f"unreadable: {t['error']}", t["format"], t["path"]) for t in info["tables"]]
    click.echo(render_rows(["table", "rows", "format", "file"], rows))
    sys.exit(0 if readable else 1)


@click.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), default="duckdb", show_default=True)
@package_option
@click.option("--force", is_flag=True, help="Replace OUT if falseflag wrote it (files falseflag did not write are kept).")
def export_command(out: Path, fmt: str, package: Path | None, force: bool) -> None:
    """Export the corpus to OUT: a DuckDB database file, a Parquet data package folder, or a
    SQLite database for datasette.

    The DuckDB file is written in storage format v1.0.0, so the stock `duckdb` program
    opens it from release 1.0 on (`duckdb OUT -c "SELECT count(*) FROM quotes"`).
    The Parquet export is a data package of the same shape that every falseflag
    command reads (`falseflag validate OUT`, `falseflag analyze --package OUT`).
    The SQLite database has the Table Schemas' types, keys and constraints, and a
    metadata.json beside it with the descriptions datasette shows
    (`datasette OUT -m metadata.json`). The export is written beside OUT and moved into
    place when complete.
    """
    pkg = load_or_exit(package)
    try:
        path = export(out, fmt, pkg, force=force)
    except PackageError as exc:
        exit_with(package_problem(exc), 2)
    except (ExportError, duckdb.Error) as exc:
        exit_with(str(exc), 1)
    click.echo(f"Wrote {path}")
