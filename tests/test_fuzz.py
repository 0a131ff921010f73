"""A seeded, bounded fuzz of ``falseflag validate``: random byte and cell mutations of a copy of
the bundled corpus. Whatever the mutation, validate exits 0, 1 or 2, never with a traceback,
its ``--json`` is valid JSON, and it never says "valid" when a span's text is no longer the
article's text at its offsets (checked here independently, with Python's csv module).

FALSEFLAG_FUZZ_CASES sets how many cases run (default 240), FALSEFLAG_FUZZ_SEED the seed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from falseflag._bundle import bundled_root
from falseflag.cli import cli

CASES = int(os.environ.get("FALSEFLAG_FUZZ_CASES", "240"))
SEED = int(os.environ.get("FALSEFLAG_FUZZ_SEED", "20261207"))
SPANS = {
    "articles": [("title_start", "title_end", "title")],
    "boilerplate": [("char_start", "char_end", "text")],
    "entity_titles": [("char_start", "char_end", "text")],
    "mentions": [("char_start", "char_end", "text")],
    "quotes": [("char_start", "char_end", "text"), ("speaker_start", "speaker_end", "speaker_text"),
               ("cue_start", "cue_end", "cue"), ("relay_start", "relay_end", "relay_text")],
    "claim_mentions": [("char_start", "char_end", "text")],
}
ODD_VALUES = ["", "-1", "0", "99999999999999999999", "abc", '"', "a,b", "line\nbreak", "\u00a0", "é", "NULL", "1.5", "true", "[x]"]
ODD_BYTES = [b'"', b",", b"\n", b"\r", b"\xff", b"\x00", b"\xc3", b"a", b" "]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    root = bundled_root()
    folder = tmp_path_factory.mktemp("pristine")
    shutil.copy2(root / "datapackage.json", folder / "datapackage.json")
    shutil.copytree(root / "data", folder / "data")
    shutil.copytree(root / "schemas", folder / "schemas")
    return folder


def read_rows(path: Path) -> list[list[str]] | None:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh, strict=True))
    except (UnicodeDecodeError, csv.Error):
        return None


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def mutate(folder: Path, rng: random.Random) -> str:
    """Change one thing in the package; returns what was done."""
    files = sorted((folder / "data").glob("*.csv"))
    if rng.random() < 0.1:
        files = sorted((folder / "schemas").glob("*.json")) + [folder / "datapackage.json"]
    path = rng.choice(files)
    rows = read_rows(path) if path.suffix == ".csv" else None
    if rows and len(rows) > 1 and rng.random() < 0.6:
        r = rng.randrange(1, len(rows))
        c = rng.randrange(len(rows[r]))
        action = rng.choice(["set", "set", "copy", "shift", "drop", "duplicate"])
        if action == "set":
            rows[r][c] = rng.choice(ODD_VALUES)
        elif action == "copy":
            rows[r][c] = rows[rng.randrange(1, len(rows))][c]
        elif action == "shift" and rows[r][c].lstrip("-").isdigit():
            rows[r][c] = str(int(rows[r][c]) + rng.choice([-2, -1, 1, 2]))
        elif action == "drop":
            del rows[r]
        else:
            rows.insert(r, list(rows[r]))
        write_rows(path, rows)
        return f"{path.name}: {action} row {r} column {c}"
    data = bytearray(path.read_bytes())
    at = rng.randrange(len(data)) if data else 0
    action = rng.choice(["flip", "insert", "delete", "truncate"])
    if action == "flip" and data:
        data[at] = rng.choice(ODD_BYTES)[0]
    elif action == "insert":
        data[at:at] = rng.choice(ODD_BYTES)
    elif action == "delete" and data:
        del data[at]
    else:
        del data[at:]
    path.write_bytes(bytes(data))
    return f"{path.name}: {action} byte {at}"


def spans_broken(folder: Path) -> bool:
    """True when some span's text, in a file that reads cleanly, is not its article's text at its offsets."""
    articles = read_rows(folder / "data" / "articles.csv")
    if not articles or "text" not in articles[0] or "article_id" not in articles[0]:
        return False
    head = articles[0]
    texts = {row[head.index("article_id")]: row[head.index("text")] for row in articles[1:] if len(row) == len(head)}
    for table, spans in SPANS.items():
        rows = read_rows(folder / "data" / f"{table}.csv")
        if not rows:
            continue
        header = rows[0]
        for row in rows[1:]:
            if len(row) != len(header):
                continue
            record = dict(zip(header, row))
            text = texts.get(record.get("article_id", ""))
            if text is None:
                continue
            for start, end, words in spans:
                if not record.get(start) or not record.get(end):
                    continue
                try:
                    a, b = int(record[start]), int(record[end])
                except ValueError:
                    continue
                if 0 <= a <= b <= len(text) and text[a:b] != record.get(words, ""):
                    return True
    return False


def test_validate_survives_random_mutations(pristine, tmp_path):
    rng = random.Random(SEED)
    runner = CliRunner()
    codes = {0: 0, 1: 0, 2: 0}
    for case in range(CASES):
        folder = tmp_path / f"case-{case}"
        shutil.copytree(pristine, folder)
        done = [mutate(folder, rng) for _ in range(rng.choice([1, 1, 2, 3]))]
        result = runner.invoke(cli, ["validate", str(folder), "--json"])
        where = f"case {case} (seed {SEED}): {'; '.join(done)}"
        assert result.exception is None or isinstance(result.exception, SystemExit), f"{where}: {result.exception!r}"
        assert result.exit_code in (0, 1, 2), where
        assert "Traceback" not in result.output, where
        codes[result.exit_code] += 1
        if result.exit_code in (0, 1):
            report = json.loads(result.stdout)
            assert report["valid"] == (result.exit_code == 0), where
        if result.exit_code == 0:
            assert not spans_broken(folder), f"{where}: a span no longer matches its text, yet validate exited 0"
        shutil.rmtree(folder)
    assert codes[1] > CASES // 2  # most mutations are caught
