"""The hooks a falseflag plugin can implement.

Plugins are modules or objects with functions decorated by ``falseflag.hookimpl`` and
named after a hook below; the built-in analyzers are plugins of exactly this kind. A
hook implementation may accept any subset of the hook's arguments, by name.
docs/plugins.md documents every hook here; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import duckdb

    from .analysis import Analyzer

PROJECT = "falseflag"
"""The pluggy project name, which is also the entry-point group plugins register under."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_analyzers(register: Callable[[Analyzer], None]) -> None:
    """Register analyzers by calling ``register(Analyzer(...))`` once for each.

    ``plugin`` and ``distribution`` of each analyzer are filled in by falseflag.
    """


@hookspec
def prepare_connection(connection: duckdb.DuckDBPyConnection, analyzer: Analyzer) -> None:
    """Add macros, views or small lookup tables to the connection an analyzer runs on.

    Called on the fresh connection of each of the plugin's own analyzers (never on
    another plugin's), before ``analyzer`` runs: the corpus tables are attached
    read-only, file access is off but for the plugin's own data folders (its package
    folder, or those its module names in ``FALSEFLAG_DATA_DIRS``; name the files by
    absolute path), and every setting is locked. This is the place to read the plugin's
    data files.
    """
