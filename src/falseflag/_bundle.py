"""Where the bundled corpus and the built-in analyzers' files live.

In a wheel they sit in ``falseflag/_bundled``; in a source checkout (editable install)
they sit at the repository root. ``FALSEFLAG_PACKAGE`` overrides the corpus.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_PACKAGE = "FALSEFLAG_PACKAGE"


def bundled_root() -> Path:
    """The folder holding ``datapackage.json``, ``data/``, ``schemas/`` and ``analyzers/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_bundled", here.parents[1]):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        "falseflag's bundled corpus is missing: neither "
        f"{here / '_bundled'} nor {here.parents[1]} holds a datapackage.json"
    )


def default_package_path() -> Path:
    """The corpus used when none is given: ``$FALSEFLAG_PACKAGE``, else the bundled one."""
    override = os.environ.get(ENV_PACKAGE)
    if override:
        return Path(override)
    return bundled_root() / "datapackage.json"


def analyzers_dir() -> Path:
    """Folder of the built-in analyzers' SQL files and lexicons."""
    return bundled_root() / "analyzers"
