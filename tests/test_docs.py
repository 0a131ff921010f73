"""Generated documentation stays in step with the code and the schemas."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GENERATED = ["README.md", "docs/cli.md", "docs/tables.md"]


@pytest.mark.parametrize("page", GENERATED)
def test_generated_docs_are_current(page):
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "--diff", page], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, f"{page} is stale: run `cog -r {page}`\n{result.stdout}{result.stderr}"


def test_every_table_is_documented_in_the_readme():
    import falseflag

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for table in falseflag.TABLES:
        assert f"`{table}`" in readme, table
