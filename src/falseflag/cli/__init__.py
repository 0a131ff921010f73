"""The ``falseflag`` command: a thin layer over the library."""

from __future__ import annotations

import os
import signal
import sys

import click

from .. import __version__
from .analyze import analyze_command, analyzers_command, plugins_command
from .data import export_command, info_command, sql_command
from .evaluate import evaluate_command
from .ingest import ingest_command
from .report import report_command
from .synth import synth_command
from .validate import validate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="falseflag")
def cli() -> None:
    """Query, validate and analyze the falseflag corpus, or any corpus of the same shape."""


for command in (
    validate_command,
    sql_command,
    info_command,
    export_command,
    analyzers_command,
    analyze_command,
    plugins_command,
    synth_command,
    evaluate_command,
    ingest_command,
    report_command,
):
    cli.add_command(command)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that every temporary file is removed on the way out."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


def main() -> None:
    """The console script: ``cli`` with Ctrl-C (exit 130) and SIGTERM (exit 143) stopping the whole command cleanly."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        cli.main(prog_name="falseflag", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:
        stopped = exc if isinstance(exc, KeyboardInterrupt) else exc.__cause__
        terminated = isinstance(stopped, Terminated)
        click.echo("\nStopped (SIGTERM); nothing was left half-written." if terminated else "\nInterrupted; nothing was left half-written.", err=True)
        sys.exit(143 if terminated else 130)
    except BrokenPipeError:
        # The reader went away (`falseflag sql ... | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
