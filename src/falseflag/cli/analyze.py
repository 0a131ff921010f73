"""``falseflag analyzers``, ``falseflag analyze`` and ``falseflag plugins``."""

import click


@click.command("analyzers")
def analyzers_command() -> None:
    """List analyzers (not written yet)."""
    raise click.ClickException("not implemented")


@click.command("analyze")
def analyze_command() -> None:
    """Run analyzers (not written yet)."""
    raise click.ClickException("not implemented")


@click.command("plugins")
def plugins_command() -> None:
    """List plugins (not written yet)."""
    raise click.ClickException("not implemented")
