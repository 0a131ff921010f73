"""The benchmark script runs end to end at a tiny size, so that it cannot rot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_benchmark_runs_at_a_tiny_size(tmp_path):
    results = tmp_path / "RESULTS.md"
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--articles", "60", "120", "180",
         "--frictionless-max", "120", "--analyze-max", "120", "--workdir", str(tmp_path), "--results", str(results)],
        capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    text = results.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Validation", "## Connect and analysis", "## The same corpora as Parquet",
                    "## Planted cases found by the attribution analyzer", "## Planted validation errors", "## Targets"):
        assert heading in text
    assert "cores:" in text and "time growth 60 → 120" in text
    assert "Not analyzed: 180 articles" in text and "validate peak < 2 GB (180 articles)" in text

    data = json.loads(results.with_suffix(".json").read_text(encoding="utf-8"))
    assert [size["articles"] for size in data["sizes"]] == [60, 120, 180]
    beyond = data["sizes"][2]
    assert beyond["frictionless_validate"] is None and beyond["analyze"] is None and beyond["conflicts"] is None
    assert len(beyond["falseflag_validate"]["runs"]) == 1 and beyond["parquet"]["validate"]["seconds"] > 0
    for size in data["sizes"][:2]:
        assert size["rows"]["articles"] == size["articles"]
        assert size["rows"]["quotes"] > size["articles"]
        assert size["falseflag_validate"]["seconds"] > 0 and size["frictionless_validate"]["seconds"] > 0
        assert set(size["analyze"]["per_analyzer"]) == {"hedging", "attribution", "agreement"}
        for measured in (size["falseflag_validate"], size["analyze"]):
            runs = sorted(measured["runs"])
            assert len(runs) == 3 and measured["seconds"] == runs[1]
        assert size["parquet"]["analyze"]["seconds"] > 0
        for kind in ("conflicts", "drift"):
            assert size[kind]["planted"] > 0
    errors = data["errors"]
    assert errors["planted"] >= 20 and not errors["missed"]
    # Nothing is left behind in the work folder but the report.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["RESULTS.json", "RESULTS.md"]
