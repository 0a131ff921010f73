"""What every command shares: one way to report a problem, the package option, progress."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from ..output import terminal_safe
from ..package import DataPackage, PackageError, load_package

package_option = click.option(
    "--package",
    "-p",
    "package",
    type=click.Path(path_type=Path),
    default=None,
    help="A data package folder or datapackage.json (default: the bundled corpus).",
)

quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress display on stderr.")


def fail(message: str) -> None:
    """A problem, on stderr: 'Error: ' and the message, its own lines kept (DuckDB's hints included)."""
    lines = [terminal_safe(line.rstrip()) for line in str(message).strip().splitlines() if line.strip()] or [""]
    click.echo("Error: " + "\n  ".join(lines), err=True)


def exit_with(message: str, code: int) -> NoReturn:
    fail(message)
    sys.exit(code)


def package_problem(exc: PackageError) -> str:
    where = f" (field {exc.field!r})" if exc.field and f"{exc.field!r}" not in exc.message else ""
    return f"cannot read the package: {exc.file}: {exc.message}{where}"


def load_or_exit(path: Path | None) -> DataPackage:
    """Load a package, or exit 2 with a one-line message when it cannot be read."""
    try:
        return load_package(path)
    except PackageError as exc:
        exit_with(package_problem(exc), 2)


def shows_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


@contextmanager
def progress(quiet: bool, description: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """A progress bar on stderr, only when stderr is a terminal and not ``quiet``.

    Yields ``update(completed=None, total=None, description=None, advance=0)``; a no-op
    when no bar is shown.
    """
    if not shows_progress(quiet):
        yield lambda **_: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, markup=False, emoji=False, highlight=False)
    with Progress(
        TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)

        def update(completed: int | None = None, total: int | None = None, description: str | None = None, advance: int = 0) -> None:
            kwargs = {k: v for k, v in {"completed": completed, "total": total, "description": description}.items() if v is not None}
            bar.update(task, advance=advance or None, **kwargs)

        yield update
