"""The ``falseflag`` command: a thin layer over the library."""

from __future__ import annotations

import click

from .. import __version__
from .analyze import analyze_command, analyzers_command, plugins_command
from .data import export_command, info_command, sql_command
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
):
    cli.add_command(command)
