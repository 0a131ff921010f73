"""The analyzers that ship with falseflag.

Each module is an ordinary plugin (``register_analyzers``, and ``prepare_connection``
where it reads data files), registered exactly as a third-party plugin would be. Their
SQL and lexicons live in the ``analyzers/`` folder (``falseflag._bundle.analyzers_dir()``).
"""

from . import agreement, attribution, hedging

PLUGINS = (hedging, attribution, agreement)
"""The built-in plugin modules, in the order their analyzers run."""

__all__ = ["PLUGINS", "agreement", "attribution", "hedging"]
