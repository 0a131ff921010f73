"""What the terminal shows: whole headers and ids, records when a table is too wide, escaped
control characters, suggestions for mistyped names, and progress only on a terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import falseflag
from falseflag.cli import cli
from falseflag.output import render_rows, terminal_safe


def test_headers_and_ids_stay_whole_and_only_long_text_wraps():
    quotes = falseflag.connect().sql("SELECT claim_mention_id, claim_id, article_id, text FROM claim_mentions ORDER BY 1 LIMIT 8").fetchall()
    columns = ["claim_mention_id", "claim_id", "article_id", "text"]
    text = render_rows(columns, quotes, width=100)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 100
    header = next(line for line in lines if "claim_mention_id" in line)
    assert all(name in header for name in columns)
    for row in quotes:
        assert any(row[0] in line and row[1] in line for line in lines), row[:2]


def test_a_table_too_wide_for_the_terminal_becomes_one_block_per_row():
    columns = [f"a_rather_long_column_name_{i}" for i in range(8)]
    rows = [tuple(f"value-{r}-{i}" for i in range(8)) for r in range(3)]
    text = render_rows(columns, rows, width=100)
    assert "1 of 3" in text and "3 of 3" in text
    for name in columns:
        assert text.count(name) == 3  # each column named in each block, whole
    assert max(len(line) for line in text.splitlines()) <= 100


def test_control_characters_are_shown_as_escapes_in_the_terminal_only():
    value = "red\x1b[31m alarm\rback\x00"
    assert terminal_safe(value) == "red\\x1b[31m alarm\\rback\\0"
    shown = CliRunner().invoke(cli, ["sql", "SELECT 'red' || chr(27) || '[31m alarm' AS v"])
    assert "\x1b" not in shown.stdout and "red\\x1b[31m alarm" in shown.stdout
    raw = CliRunner().invoke(cli, ["sql", "SELECT 'red' || chr(27) || '[31m alarm' AS v", "--format", "csv"])
    assert "red\x1b[31m alarm" in raw.stdout


def test_an_unknown_analyzer_suggests_the_closest_names():
    result = CliRunner().invoke(cli, ["analyze", "hedgin"])
    assert result.exit_code == 2 and "did you mean hedging?" in result.stderr
    listed = CliRunner().invoke(cli, ["analyzers", "--sql", "atribution"])
    assert listed.exit_code == 2 and "did you mean attribution?" in listed.stderr


def run_in_terminal(*args: str, env: dict | None = None) -> str:
    """Run ``falseflag ARGS`` with stderr on a pseudo-terminal; what it wrote there."""
    leader, follower = pty.openpty()
    command = [sys.executable, "-c", "from falseflag.cli import main; main()", *args]
    environment = {**os.environ, "COLUMNS": "100", "FALSEFLAG_LOAD_PLUGINS": "", **(env or {})}  # the built-in analyzers only
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower, env=environment)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=60)
    os.close(leader)
    assert process.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_shows_on_a_terminal_and_not_with_quiet(tmp_path: Path):
    shown = run_in_terminal("synth", str(tmp_path / "corpus"), "--articles", "300", "--workers", "1")
    assert "articles written" in shown
    quiet = run_in_terminal("synth", str(tmp_path / "quiet"), "--articles", "300", "--workers", "1", "--quiet")
    assert "articles written" not in quiet
    validated = run_in_terminal("validate", str(tmp_path / "corpus"))
    assert "reading articles" in validated or "checking" in validated
    analyzed = run_in_terminal("analyze", "--package", str(tmp_path / "corpus"), "--out", str(tmp_path / "results"))
    assert "analyzer hedging (1 of 3)" in analyzed
    assert "Wrote 34 files to" in analyzed


def test_progress_is_not_written_when_stderr_is_not_a_terminal(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-c", "from falseflag.cli import main; main()", "synth", str(tmp_path / "c"), "--articles", "50"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0 and result.stderr == ""
