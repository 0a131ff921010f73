"""Finding and loading plugins: the built-in analyzers, then installed distributions.

One pluggy PluginManager, ``pm``, loaded once on first use. Installed plugins are the
entry points of group ``falseflag``; ``FALSEFLAG_LOAD_PLUGINS`` (comma-separated
distribution names, empty for none) limits which of them load. A plugin that fails to
import, or registers an analyzer badly, is recorded as a LoadError instead of stopping
everything else.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.metadata
import os
import re
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pluggy

from . import hookspecs
from .analysis import Analyzer

ENTRY_POINT_GROUP = hookspecs.PROJECT
ENV_LOAD_PLUGINS = "FALSEFLAG_LOAD_PLUGINS"
BUILTIN_PLUGINS = (
    "falseflag.builtin.hedging",
    "falseflag.builtin.attribution",
    "falseflag.builtin.agreement",
)
ANALYZER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
"""Analyzer and result-table names become file and folder names in ``--out``: a plain
identifier (no dots, so no name can be ``run.json`` or hide a file)."""
NAME_RULE = "start with a letter, then letters, digits, '-' and '_' (at most 64)"

pm = pluggy.PluginManager(hookspecs.PROJECT)
pm.add_hookspecs(hookspecs)


@dataclass(frozen=True)
class LoadError:
    """A plugin that could not be loaded, or that registered an analyzer badly."""

    plugin: str
    distribution: str | None
    version: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def __str__(self) -> str:
        return f"plugin {self.plugin!r}{_from(self.distribution, self.version)}: {self.message}"


@dataclass(frozen=True)
class PluginInfo:
    """One plugin as ``falseflag plugins`` shows it."""

    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "hooks": list(self.hooks)}


def _from(distribution: str | None, version: str | None) -> str:
    if not distribution:
        return ""
    return f" (distribution {distribution}{' ' + version if version else ''})"


_lock = threading.RLock()  # re-entrant: a plugin may ask for analyzers while being imported
_loaded = False
_import_errors: list[LoadError] = []
_distributions: dict[str, tuple[str, str | None]] = {}
"""Plugin name -> (distribution name, version), for plugins loaded from a distribution."""


def load_plugins() -> None:
    """Register the built-in plugins, then the installed ones; only the first call does anything."""
    global _loaded
    with _lock:
        if _loaded:
            return
        _loaded = True
        falseflag_version = _version("falseflag")
        for module_name in BUILTIN_PLUGINS:
            _load(module_name, ("falseflag", falseflag_version), lambda name=module_name: importlib.import_module(name))
        for entry_point, dist in _selected_entry_points():
            _load(entry_point.name, dist, entry_point.load)


def _selected_entry_points() -> list[tuple[importlib.metadata.EntryPoint, tuple[str, str | None]]]:
    """The ``falseflag`` entry points to load, honouring ``FALSEFLAG_LOAD_PLUGINS``."""
    wanted = os.environ.get(ENV_LOAD_PLUGINS)
    allowed = None if wanted is None else {_normalize(n) for n in wanted.split(",") if n.strip()}
    selected, found = [], set()
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = entry_point.dist
        dist_name = dist.name if dist is not None else entry_point.value.split(":")[0]
        if allowed is not None and _normalize(dist_name) not in allowed:
            continue
        found.add(_normalize(dist_name))
        selected.append((entry_point, (dist_name, dist.version if dist is not None else None)))
    for missing in sorted((allowed or set()) - found):
        _import_errors.append(
            LoadError(missing, missing, None, f"{ENV_LOAD_PLUGINS} names it, but no installed distribution of that name has a {ENTRY_POINT_GROUP!r} entry point")
        )
    return selected


def _load(name: str, dist: tuple[str, str | None], load: Any) -> None:
    if pm.has_plugin(name):
        _import_errors.append(LoadError(name, dist[0], dist[1], "another plugin of the same name is already registered; this one was skipped"))
        return
    try:
        plugin = load()
    except Exception as exc:  # a broken plugin must not stop the others
        _import_errors.append(LoadError(name, dist[0], dist[1], f"cannot be imported: {_describe(exc)}"))
        return
    try:
        pm.register(plugin, name=name)
    except Exception as exc:  # e.g. a hookimpl whose arguments the hook does not have
        _import_errors.append(LoadError(name, dist[0], dist[1], f"cannot be registered: {_describe(exc)}"))
        return
    _distributions[name] = dist


def _describe(exc: BaseException) -> str:
    """One line: the exception's type and its message, lines joined (pluggy puts the why on line two)."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def hookimpls(hook_name: str) -> list[pluggy.HookImpl]:
    """The implementations of a hook, built-ins first, in the order plugins were registered."""
    load_plugins()
    return list(getattr(pm.hook, hook_name).get_hookimpls())


def distribution_of(plugin_name: str) -> tuple[str | None, str | None]:
    """(distribution, version) a plugin was loaded from; (None, None) for one registered by hand."""
    return _distributions.get(plugin_name, (None, None))


def data_directories(plugin_name: str | None) -> list[Path]:
    """The folders a plugin's SQL may read its own data files from.

    A plugin (a module, or an object registered by hand) may name them in
    ``FALSEFLAG_DATA_DIRS``; otherwise a plugin module's are the folders of its package (a
    plugin that is a single module file has none). Folders that hold a file of the corpus
    are left out when the connection is made.
    """
    plugin = pm.get_plugin(plugin_name) if plugin_name else None
    if plugin is None:
        return []
    module = plugin if isinstance(plugin, types.ModuleType) else sys.modules.get(type(plugin).__module__)
    named = getattr(plugin, "FALSEFLAG_DATA_DIRS", None)
    if named is None and not isinstance(plugin, types.ModuleType):
        return []  # an object registered by hand: only what it names
    if module is None:
        return []
    if named is not None:
        return [Path(d) for d in ([named] if isinstance(named, (str, Path)) else named)]
    return [Path(p) for p in getattr(module, "__path__", ())]


def call_hookimpl(impl: pluggy.HookImpl, **kwargs: Any) -> Any:
    """Call one plugin's implementation of a hook, passing only the arguments it asks for."""
    return impl.function(*[kwargs[name] for name in impl.argnames])


def _collect() -> tuple[dict[str, Analyzer], list[LoadError]]:
    load_plugins()
    analyzers: dict[str, Analyzer] = {}
    problems: list[LoadError] = []
    for impl in hookimpls("register_analyzers"):
        dist_name, dist_version = distribution_of(impl.plugin_name)

        def problem(message: str) -> None:
            problems.append(LoadError(impl.plugin_name, dist_name, dist_version, message))

        registered: list[Any] = []
        try:
            call_hookimpl(impl, register=registered.append)
        except Exception as exc:
            problem(f"register_analyzers raised {_describe(exc)}")
        for analyzer in registered:
            if not isinstance(analyzer, Analyzer):
                problem(f"register() was given {type(analyzer).__name__}, not a falseflag.Analyzer")
            elif not isinstance(analyzer.name, str) or not ANALYZER_NAME.fullmatch(analyzer.name):
                problem(f"analyzer name {analyzer.name!r} is not allowed: {NAME_RULE}")
            elif analyzer.name in analyzers:
                other = analyzers[analyzer.name]
                problem(f"analyzer {analyzer.name!r} is already registered by plugin {other.plugin!r}{_from(other.distribution, other.distribution_version)}; this one was skipped")
            else:
                analyzers[analyzer.name] = dataclasses.replace(
                    analyzer, plugin=impl.plugin_name, distribution=dist_name, distribution_version=dist_version
                )
    return analyzers, problems


def get_analyzers() -> dict[str, Analyzer]:
    """Every registered analyzer by name, with ``plugin`` and ``distribution`` filled in."""
    return _collect()[0]


def get_load_errors() -> list[LoadError]:
    """Plugins that failed to load, and analyzers that could not be registered."""
    load_plugins()
    return [*_import_errors, *_collect()[1]]


def get_plugins(include_builtin: bool = True) -> list[PluginInfo]:
    """Every plugin: the registered ones with the hooks they implement, then those that failed to load."""
    load_plugins()
    errors: dict[str, list[str]] = {}
    for error in get_load_errors():
        errors.setdefault(error.plugin, []).append(error.message)
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:  # blocked
            continue
        dist_name, version = distribution_of(name)
        builtin = name in BUILTIN_PLUGINS
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
        infos.append(PluginInfo(name, dist_name, version, hooks, builtin, "; ".join(errors.pop(name, [])) or None))
    for error in _import_errors:
        if error.plugin in errors:
            infos.append(PluginInfo(error.plugin, error.distribution, error.version, (), error.plugin in BUILTIN_PLUGINS, "; ".join(errors.pop(error.plugin))))
    return [info for info in infos if include_builtin or not info.builtin]


@contextmanager
def register_plugin(plugin: object, name: str | None = None) -> Iterator[str]:
    """Register a plugin (a module or an object with hookimpls) until the ``with`` block ends.

    For tests::

        class Plugin:
            __name__ = "my-test-plugin"

            @falseflag.hookimpl
            def register_analyzers(self, register):
                register(falseflag.Analyzer(...))

        with register_plugin(Plugin()):
            run = falseflag.analyze(["my-analyzer"], package=tmp_path)
    """
    load_plugins()
    registered_name = pm.register(plugin, name=name)
    if registered_name is None:  # pluggy returns None for a blocked name
        raise ValueError(f"plugin name {name!r} is blocked")
    try:
        yield registered_name
    finally:
        pm.unregister(name=registered_name)
