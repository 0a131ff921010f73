"""Fixtures shared by the test modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from falseflag._bundle import bundled_root


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus (datapackage.json, data/, schemas/); returns its folder."""
    root = bundled_root()
    target = tmp_path / "package"
    target.mkdir()
    shutil.copy2(root / "datapackage.json", target / "datapackage.json")
    shutil.copytree(root / "data", target / "data")
    shutil.copytree(root / "schemas", target / "schemas")
    return target
