"""``falseflag validate``."""

import click


@click.command("validate")
def validate_command() -> None:
    """Validate a data package (not written yet)."""
    raise click.ClickException("not implemented")
