"""``falseflag sql``, ``falseflag info`` and ``falseflag export``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import duckdb

from .. import __version__
from ..db import connect, first_line, table_counts
from ..export import EXPORT_FORMATS, ExportError, export
from ..output import FORMATS, render_rows, to_json
from ..package import PackageError, load_package

package_option = click.option(
    "--package",
    "-p",
    "package",
    type=click.Path(path_type=Path),
    default=None,
    help="A data package folder or datapackage.json (default: the bundled corpus).",
)


def load_or_exit(path: Path | None):
    """Load a package, or exit 2 with a one-line message when it cannot be read."""
    try:
        return load_package(path)
    except PackageError as exc:
        click.echo(f"Error: cannot read the package: {exc}", err=True)
        sys.exit(2)


@click.command("sql")
@click.argument("query")
@package_option
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
def sql_command(query: str, package: Path | None, fmt: str) -> None:
    """Run a SQL QUERY against the corpus and print the result.

    Every table of the package is a view: outlets, articles, boilerplate, entities,
    entity_titles, mentions, quotes, claims, claim_mentions.

        falseflag sql "SELECT source_type, count(*) FROM quotes GROUP BY ALL"
    """
    pkg = load_or_exit(package)
    con = connect(pkg)
    try:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if columns else []
    except duckdb.Error as exc:
        click.echo(f"Error: {first_line(str(exc))}", err=True)
        sys.exit(1)
    finally:
        con.close()
    click.echo(render_rows(columns, rows, fmt))


@click.command("info")
@package_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def info_command(package: Path | None, as_json: bool) -> None:
    """Show the version, where the data lives, and the tables with their row counts."""
    pkg = load_or_exit(package)
    counts = table_counts(pkg)
    info = {
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
    if as_json:
        click.echo(to_json(info))
        return
    click.echo(f"falseflag {__version__}")
    click.echo(f"package   {info['package']['name']} {info['package']['version'] or ''}".rstrip())
    click.echo(f"data      {pkg.descriptor_path}")
    rows = [(t["name"], t["rows"] if t["rows"] is not None else f"unreadable: {t['error']}", t["format"], t["path"]) for t in info["tables"]]
    click.echo(render_rows(["table", "rows", "format", "file"], rows))


@click.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), default="duckdb", show_default=True)
@package_option
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def export_command(out: Path, fmt: str, package: Path | None, force: bool) -> None:
    """Export the corpus to OUT: a DuckDB database file, or a Parquet data package folder.

    The DuckDB file is written in storage format v1.0.0, so the stock `duckdb` program
    opens it from release 1.0 on (`duckdb OUT -c "SELECT count(*) FROM quotes"`).
    The Parquet export is a data package of the same shape that every falseflag
    command reads (`falseflag validate OUT`, `falseflag analyze --package OUT`).
    """
    pkg = load_or_exit(package)
    try:
        path = export(out, fmt, pkg, force=force)
    except (ExportError, duckdb.Error) as exc:
        click.echo(f"Error: {first_line(str(exc))}", err=True)
        sys.exit(1)
    click.echo(f"Wrote {path}")
