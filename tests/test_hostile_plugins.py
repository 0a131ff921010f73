"""Hostile plugins: analyzers that exit, hang, raise, return what cannot be written or pick names
that would clobber files; and runs stopped by Ctrl-C or SIGTERM. Every case ends with a clear
message and a non-zero exit, the other analyzers still run, and nothing half-written is left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

import falseflag
from falseflag.analysis import Analyzer, AnalyzerResult, Evidence, Finding
from falseflag.cli import cli
from falseflag.plugins import register_plugin

from builders import ThrowAwayPlugin as Plugin


def make(name: str, run) -> Analyzer:
    return Analyzer(name=name, title=name, description="", version="0", run=run, tables=("articles",))


def fine(con):
    result = AnalyzerResult(summary="fine ran")
    result.add_table("n", con.sql("SELECT count(*) AS n FROM articles"))
    return result


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout
    return result


def test_sys_exit_in_an_analyzer_is_its_error_and_the_rest_still_run():
    def exits(con):
        sys.exit(0)

    with register_plugin(Plugin("quitter", make("exits", exits), make("fine", fine))):
        result = invoke("analyze", "exits", "fine")
    assert result.exit_code == 1
    assert "Error: analyzer 'exits' (plugin 'quitter') failed: called sys.exit(0)" in result.stderr
    assert "fine ran" in result.stdout


def test_a_raising_analyzer_is_one_line_and_the_traceback_comes_with_debug():
    def raises(con):
        raise ValueError("broken on purpose")

    with register_plugin(Plugin("raiser", make("raises", raises))):
        plain = invoke("analyze", "raises")
        debug = invoke("analyze", "raises", "--debug")
    assert plain.exit_code == 1 and plain.stderr.strip() == "Error: analyzer 'raises' (plugin 'raiser') failed: ValueError: broken on purpose"
    assert debug.exit_code == 1 and "Traceback (most recent call last)" in debug.stderr and "broken on purpose" in debug.stderr


@pytest.mark.parametrize("how", ["python", "sql"])
def test_an_analyzer_that_never_returns_is_stopped_by_the_timeout(how):
    def python_loop(con):
        while True:
            pass

    def endless_query(con):
        con.execute("SELECT count(*) FROM range(1000000000000) a, range(1000000000000) b").fetchall()

    started = time.monotonic()
    with register_plugin(Plugin("hanger", make("hangs", python_loop if how == "python" else endless_query), make("fine", fine))):
        result = invoke("analyze", "hangs", "fine", "--timeout", "1")
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert "Error: analyzer 'hangs' (plugin 'hanger') was stopped: stopped after the time limit of 1 s" in result.stderr
    assert "left running" not in result.stderr and "fine ran" in result.stdout


def test_findings_that_cannot_be_written_are_the_analyzers_error(tmp_path):
    def circular(con):
        data: dict = {}
        data["self"] = data
        result = AnalyzerResult()
        text = con.sql("SELECT text FROM articles ORDER BY article_id LIMIT 1").fetchall()[0][0]
        article = con.sql("SELECT article_id FROM articles ORDER BY article_id LIMIT 1").fetchall()[0][0]
        result.findings.append(Finding("loop", "contains itself", (Evidence(article, 0, 3, text[:3]),), data))
        result.findings.append(Finding("plain", "writable", (Evidence(article, 0, 3, text[:3]),), {"n": 1}))
        return result

    out = tmp_path / "out"
    with register_plugin(Plugin("looper", make("circular", circular), make("fine", fine))):
        written = invoke("analyze", "--out", out)
        as_json = invoke("analyze", "circular", "--format", "json")
    assert written.exit_code == 1 and "cannot be written as JSON" in written.stderr
    findings = json.loads((out / "circular" / "findings.json").read_text(encoding="utf-8"))
    assert [f["kind"] for f in findings] == ["plain"]
    assert (out / "fine" / "n.csv").is_file()
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["results"]["circular"]["num_findings"] == 1


@pytest.mark.parametrize("name", ["run.json", "../up", ".hidden", "a/b", "with space", ""])
def test_an_analyzer_name_that_is_not_a_plain_identifier_is_refused(tmp_path, name):
    with register_plugin(Plugin("namer", make(name, fine), make("fine", fine))):
        result = invoke("analyze", "--out", tmp_path / "out")
        listed = invoke("analyzers", "--json")
    assert result.exit_code == 1 and "is not allowed" in result.stderr
    assert name not in {a["name"] for a in json.loads(listed.stdout)}
    assert json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["ok"] is False
    builtin = set(falseflag.plugins.get_analyzers()) - {"fine"}
    assert {p.name for p in (tmp_path / "out").iterdir()} == {".falseflag-output.json", "fine", "run.json", *builtin}


def test_a_result_table_named_like_a_path_is_dropped(tmp_path):
    def sneaky(con):
        result = AnalyzerResult()
        result.add_table("../../escape", con.sql("SELECT 1 AS x"))
        result.add_table("findings", con.sql("SELECT 1 AS x"))
        return result

    with register_plugin(Plugin("sneak", make("sneaky", sneaky))):
        result = invoke("analyze", "--out", tmp_path / "out")
    assert result.exit_code == 1 and "'../../escape' is not allowed" in result.stderr
    assert not (tmp_path / "escape.csv").exists()
    assert sorted(p.name for p in (tmp_path / "out" / "sneaky").iterdir()) == ["findings.csv", "findings.json"]


# --- stopping a run: Ctrl-C and SIGTERM, in a real process ---------------------------------------


SLOW_PLUGIN = textwrap.dedent('''
    import sys, time
    import falseflag
    from falseflag.plugins import register_plugin


    def slow(con):
        print("analyzer started", file=sys.stderr, flush=True)
        while True:
            time.sleep(0.01)


    def fine(con):
        result = falseflag.AnalyzerResult(summary="fine")
        result.add_table("n", con.sql("SELECT count(*) AS n FROM articles"))
        return result


    class Plugin:
        __name__ = "slow"

        @falseflag.hookimpl
        def register_analyzers(self, register):
            register(falseflag.Analyzer(name="aa-fine", title="t", description="", version="0", run=fine))
            register(falseflag.Analyzer(name="slow", title="t", description="", version="0", run=slow))
            register(falseflag.Analyzer(name="zz-after", title="t", description="", version="0", run=fine))


    with register_plugin(Plugin()):
        sys.argv = ["falseflag", *sys.argv[1:]]
        from falseflag.cli import main
        main()
''')


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stopped_run_stops_whole_and_leaves_earlier_results_as_they_were(tmp_path, sig, code):
    script = tmp_path / "slow_plugin.py"
    script.write_text(SLOW_PLUGIN, encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "FALSEFLAG_LOAD_PLUGINS": ""}
    out = tmp_path / "results"
    first = subprocess.run([sys.executable, str(script), "analyze", "aa-fine", "--out", str(out)], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    process = subprocess.Popen(
        [sys.executable, str(script), "analyze", "aa-fine", "slow", "zz-after", "--out", str(out)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    line = ""
    while "analyzer started" not in line and time.monotonic() < deadline:
        line = process.stderr.readline()
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr and "nothing was left half-written" in stderr
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # the earlier results, untouched: no mix, no stale "ok"
    assert list(scratch.iterdir()) == []  # no falseflag-run-* folder left behind
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder either
