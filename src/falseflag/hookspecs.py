"""The hooks a falseflag plugin can implement.

Plugins are modules or objects with functions decorated by ``falseflag.hookimpl`` and
named after a hook below; the built-in analyzers are plugins of exactly this kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import duckdb

    from .analysis import Analyzer

hookspec = pluggy.HookspecMarker("falseflag")
hookimpl = pluggy.HookimplMarker("falseflag")


@hookspec
def register_analyzers(register: Callable[[Analyzer], None]) -> None:
    """Register analyzers by calling ``register(Analyzer(...))`` once for each."""


@hookspec
def prepare_connection(connection: duckdb.DuckDBPyConnection) -> None:
    """Add macros, views or small lookup tables to the connection an analyzer runs on.

    Called on every fresh connection before an analyzer runs, after the corpus tables
    are attached read-only and before outside file access is switched off: this is the
    place to read a plugin's own data files.
    """
