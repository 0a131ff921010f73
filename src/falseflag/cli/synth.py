"""``falseflag synth``."""

import click


@click.command("synth")
def synth_command() -> None:
    """Generate a synthetic corpus (not written yet)."""
    raise click.ClickException("not implemented")
