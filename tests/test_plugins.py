"""Loading plugins: built-ins, entry points, FALSEFLAG_LOAD_PLUGINS, load errors, the test helper."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pluggy
import pytest

import falseflag
from falseflag import hookspecs, plugins
from falseflag.analysis import Analyzer, AnalyzerResult
from falseflag.plugins import register_plugin


@pytest.fixture
def isolated(monkeypatch):
    """An empty plugin manager that loads on first use: no built-ins, and no installed plugins
    unless a test names them in FALSEFLAG_LOAD_PLUGINS (other tests may have installed some)."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    monkeypatch.setattr(plugins, "pm", manager)
    monkeypatch.setattr(plugins, "_loaded", False)
    monkeypatch.setattr(plugins, "_import_errors", [])
    monkeypatch.setattr(plugins, "_distributions", {})
    monkeypatch.setattr(plugins, "BUILTIN_PLUGINS", ())
    monkeypatch.setenv(plugins.ENV_LOAD_PLUGINS, "")
    return manager


def analyzer(name: str) -> Analyzer:
    return Analyzer(name=name, title=name.title(), description="", version="1.0", run=lambda con: AnalyzerResult())


class Registers:
    """A throw-away plugin that registers whatever it is given."""

    def __init__(self, name: str, *items):
        self.__name__ = name
        self.items = items

    @falseflag.hookimpl
    def register_analyzers(self, register):
        for item in self.items:
            register(item)


PLUGIN_MODULE = '''
import falseflag

@falseflag.hookimpl
def register_analyzers(register):
    register(falseflag.Analyzer(name="{analyzer}", title="t", description="", version="2.0",
                                run=lambda con: falseflag.AnalyzerResult()))
'''


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A folder on sys.path where tests create fake installed distributions."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


def fake_module(site: Path, source: str) -> str:
    """A module, importable by the returned (unique) name."""
    module = f"ff_test_{uuid.uuid4().hex[:8]}"
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return module


def fake_distribution(site: Path, dist: str, version: str, entry_name: str, source: str) -> str:
    """An installed distribution with one ``falseflag`` entry point to a module holding ``source``."""
    module = fake_module(site, source)
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[falseflag]\n{entry_name} = {module}\n", encoding="utf-8")
    return module


def test_importing_falseflag_loads_no_plugin():
    code = "import sys, falseflag; print(falseflag.plugins._loaded, [m for m in sys.modules if m.startswith('falseflag.builtin')])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False []"


def test_entry_points_load_once_with_distribution_and_version(isolated, site, monkeypatch):
    fake_distribution(site, "falseflag-good", "2.3.4", "good", PLUGIN_MODULE.format(analyzer="good-one"))
    monkeypatch.setenv(plugins.ENV_LOAD_PLUGINS, "falseflag-good")
    analyzers = plugins.get_analyzers()
    assert analyzers["good-one"].plugin == "good"
    assert (analyzers["good-one"].distribution, analyzers["good-one"].distribution_version) == ("falseflag-good", "2.3.4")
    loads = []
    monkeypatch.setattr(plugins, "_load", lambda *args: loads.append(args))
    plugins.get_analyzers()
    plugins.load_plugins()
    assert loads == []  # loaded once, on first use


def test_a_plugin_that_fails_to_import_is_recorded(isolated, site, monkeypatch):
    fake_distribution(site, "falseflag-good", "1.0", "good", PLUGIN_MODULE.format(analyzer="good-one"))
    fake_distribution(site, "falseflag-broken", "0.9", "broken", "raise ImportError('needs a missing library')\n")
    fake_distribution(site, "falseflag-syntax", "0.1", "syntax", "def (:\n")
    monkeypatch.setenv(plugins.ENV_LOAD_PLUGINS, "falseflag-good,falseflag-broken,falseflag-syntax")
    assert "good-one" in plugins.get_analyzers()
    errors = {e.plugin: e for e in plugins.get_load_errors()}
    assert set(errors) == {"broken", "syntax"}
    assert (errors["broken"].distribution, errors["broken"].version) == ("falseflag-broken", "0.9")
    assert "ImportError: needs a missing library" in errors["broken"].message
    assert "SyntaxError" in errors["syntax"].message
    assert "falseflag-broken 0.9" in str(errors["broken"])
    infos = {p.name: p for p in plugins.get_plugins()}
    assert infos["broken"].error and infos["broken"].hooks == ()
    assert infos["good"].hooks == ("register_analyzers",) and infos["good"].error is None


def test_hookimpl_with_unknown_arguments_is_recorded(isolated, site, monkeypatch):
    monkeypatch.setenv(plugins.ENV_LOAD_PLUGINS, "falseflag-wrong")
    fake_distribution(site, "falseflag-wrong", "1.0", "wrong", """
        import falseflag

        @falseflag.hookimpl
        def register_analyzers(register, something_else):
            pass
    """)
    (error,) = plugins.get_load_errors()
    assert error.plugin == "wrong" and "cannot be registered" in error.message and "something_else" in error.message


@pytest.mark.parametrize(
    ("setting", "loaded"),
    [
        (None, {"one-analyzer", "two-analyzer"}),
        ("", set()),
        ("falseflag-one", {"one-analyzer"}),
        (" Falseflag_One , falseflag-two ", {"one-analyzer", "two-analyzer"}),
    ],
)
def test_falseflag_load_plugins_limits_installed_plugins(isolated, site, monkeypatch, setting, loaded):
    fake_distribution(site, "falseflag-one", "1.0", "one", PLUGIN_MODULE.format(analyzer="one-analyzer"))
    fake_distribution(site, "falseflag-two", "1.0", "two", PLUGIN_MODULE.format(analyzer="two-analyzer"))
    if setting is None:
        monkeypatch.delenv(plugins.ENV_LOAD_PLUGINS)
    else:
        monkeypatch.setenv(plugins.ENV_LOAD_PLUGINS, setting)
    # Unset, every installed plugin loads: other tests may have installed more than these two.
    assert set(plugins.get_analyzers()) & {"one-analyzer", "two-analyzer"} == loaded
    assert [e for e in plugins.get_load_errors() if e.distribution in ("falseflag-one", "falseflag-two")] == []


def test_two_plugins_of_the_same_name_are_reported(isolated, site, monkeypatch):
    fake_distribution(site, "falseflag-first", "1.0", "same-name", PLUGIN_MODULE.format(analyzer="first"))
    fake_distribution(site, "falseflag-second", "1.0", "same-name", PLUGIN_MODULE.format(analyzer="second"))
    monkeypatch.setenv(plugins.ENV_LOAD_PLUGINS, "falseflag-first,falseflag-second")
    assert len(plugins.get_analyzers()) == 1
    (error,) = plugins.get_load_errors()
    assert error.plugin == "same-name" and "already registered" in error.message


def test_a_named_plugin_that_is_not_installed_is_reported(isolated, monkeypatch):
    monkeypatch.setenv(plugins.ENV_LOAD_PLUGINS, "falseflag-nowhere")
    (error,) = plugins.get_load_errors()
    assert error.plugin == "falseflag-nowhere" and plugins.ENV_LOAD_PLUGINS in error.message


def test_builtins_always_load_first_even_with_no_installed_plugins(isolated, site, monkeypatch):
    builtin = fake_module(site, PLUGIN_MODULE.format(analyzer="shared-name"))
    monkeypatch.setattr(plugins, "BUILTIN_PLUGINS", (builtin, "falseflag_no_such_builtin_module"))
    monkeypatch.setenv(plugins.ENV_LOAD_PLUGINS, "")
    analyzers = plugins.get_analyzers()
    assert analyzers["shared-name"].plugin == builtin
    assert analyzers["shared-name"].distribution == "falseflag"
    (error,) = plugins.get_load_errors()
    assert error.plugin == "falseflag_no_such_builtin_module" and error.distribution == "falseflag"
    assert {p.name for p in plugins.get_plugins(include_builtin=False)} == set()


def test_builtins_win_a_duplicate_name_and_the_other_is_reported(isolated, site, monkeypatch):
    builtin = fake_module(site, PLUGIN_MODULE.format(analyzer="same"))
    monkeypatch.setattr(plugins, "BUILTIN_PLUGINS", (builtin,))
    monkeypatch.setenv(plugins.ENV_LOAD_PLUGINS, "falseflag-copycat")
    fake_distribution(site, "falseflag-copycat", "3.0", "copycat", PLUGIN_MODULE.format(analyzer="same"))
    assert plugins.get_analyzers()["same"].plugin == builtin
    (error,) = plugins.get_load_errors()
    assert (error.plugin, error.distribution, error.version) == ("copycat", "falseflag-copycat", "3.0")
    assert "'same' is already registered" in error.message and builtin in error.message


def test_register_plugin_registers_for_the_block_only(isolated):
    with register_plugin(Registers("throw-away", analyzer("temporary"))) as name:
        assert name == "throw-away"
        found = plugins.get_analyzers()["temporary"]
        assert (found.plugin, found.distribution) == ("throw-away", None)
        assert "throw-away" in {p.name for p in plugins.get_plugins()}
    assert "temporary" not in plugins.get_analyzers()
    assert not plugins.pm.has_plugin("throw-away")


def test_plugins_lists_the_hooks_a_plugin_implements(isolated):
    class Prepares:
        __name__ = "prepares"

        @falseflag.hookimpl
        def prepare_connection(self, connection):
            pass

    with register_plugin(Prepares()), register_plugin(Registers("registers", analyzer("x"))):
        infos = {p.name: p for p in plugins.get_plugins()}
    assert infos["prepares"].hooks == ("prepare_connection",)
    assert infos["registers"].hooks == ("register_analyzers",)
    assert infos["prepares"].to_dict()["hooks"] == ["prepare_connection"]


def test_bad_registrations_are_load_errors_and_do_not_hide_good_ones(isolated):
    class Raises:
        __name__ = "raises"

        @falseflag.hookimpl
        def register_analyzers(self, register):
            register(analyzer("before-the-crash"))
            raise RuntimeError("registration blew up")

    bad = Registers("bad", "not an analyzer", analyzer("../escape"), analyzer("has space"), analyzer("fine"))
    with register_plugin(Raises()), register_plugin(bad):
        analyzers = plugins.get_analyzers()
        errors = plugins.get_load_errors()
    assert set(analyzers) == {"before-the-crash", "fine"}
    messages = [(e.plugin, e.message) for e in errors]
    assert ("raises", "register_analyzers raised RuntimeError: registration blew up") in messages
    assert sum(1 for plugin, _ in messages if plugin == "bad") == 3
    assert any("str, not a falseflag.Analyzer" in m for _, m in messages)
    assert any("'../escape' is not allowed" in m for _, m in messages)


def test_the_hookspecs_are_the_documented_two():
    specs = {name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "falseflag_spec")}
    assert specs == {"register_analyzers", "prepare_connection"}
    assert falseflag.hookimpl is hookspecs.hookimpl
