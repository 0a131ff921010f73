"""Writing a result whole or not at all: staged beside its target, moved into place when complete.

Every command that writes files (``analyze --out``, ``export``, ``synth``, ``ingest``,
``report``) writes through ``output_folder`` or ``output_file``:

* the result is written into a hidden staging folder beside the target, and moved into
  place only once it is complete; a failure or an interrupt removes the staging folder
  and leaves the target as it was;
* a folder falseflag writes holds a manifest (``.falseflag-output.json``) listing its
  files; files it does not list were not written by falseflag and are never deleted or
  replaced;
* a target is refused when it is the working folder or one of its parents, when it
  holds a file of the package being read, and when it is a file or a folder falseflag
  did not write, unless ``force`` (which still keeps every file falseflag did not write).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

MANIFEST = ".falseflag-output.json"


class OutputError(Exception):
    """A target that falseflag will not write to, or a result that could not be put in place."""


@dataclass(frozen=True)
class FileKind:
    """A kind of single-file result, and how to tell that an existing file is one."""

    name: str
    recognizes: Callable[[Path], bool]


def _starts_with(magic: bytes, offset: int = 0) -> Callable[[Path], bool]:
    def test(path: Path) -> bool:
        try:
            with open(path, "rb") as fh:
                return fh.read(offset + len(magic))[offset:] == magic
        except OSError:
            return False

    return test


def _generated_html(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return b'<meta name="generator" content="falseflag' in fh.read(4096)
    except OSError:
        return False


DUCKDB_FILE = FileKind("DuckDB database", _starts_with(b"DUCK", 8))
SQLITE_FILE = FileKind("SQLite database", _starts_with(b"SQLite format 3\x00"))
HTML_REPORT = FileKind("falseflag report", _generated_html)


def _version() -> str:
    from . import __version__

    return __version__


def check_target(target: Path, protected: list[Path] = ()) -> Path:
    """The real path of ``target`` if falseflag may write there at all (its missing parent
    folders are made); else OutputError.

    ``protected``: real paths of files that must not be overwritten (the package being read).
    """
    real = target.resolve()
    here = Path.cwd().resolve()
    if real == here or here.is_relative_to(real):
        raise OutputError(f"refusing to write to {target}: it is the folder you are in, or one of its parents; name a new folder")
    for file in protected:
        if file == real or file.is_relative_to(real):
            raise OutputError(f"refusing to write to {target}: it would replace {file}, a file of the package being read")
    if not real.parent.is_dir():
        try:
            real.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot make the folder {target.parent}: {exc.strerror or exc}") from None
    return real


def _staging(target: Path) -> Path:
    """A new hidden folder beside ``target`` (stale ones of processes that are gone are removed first)."""
    parent, name = target.parent, target.name
    pattern = re.compile(rf"^\.{re.escape(name)}\.falseflag-(\d+)-[0-9a-f]+$")
    for sibling in parent.iterdir() if parent.is_dir() else ():
        match = pattern.match(sibling.name)
        if match and not _alive(int(match.group(1))):
            shutil.rmtree(sibling, ignore_errors=True)
    staging = parent / f".{name}.falseflag-{os.getpid()}-{secrets.token_hex(4)}"
    staging.mkdir()
    return staging


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_manifest(folder: Path) -> list[str] | None:
    """The files a falseflag manifest in ``folder`` lists, or None when there is none (or it is unreadable)."""
    try:
        record = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = record["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return [f for f in files if _safe_relative(f)]


def _safe_relative(relpath: str) -> bool:
    p = Path(relpath)
    return bool(relpath) and not p.is_absolute() and ".." not in p.parts


def _files(folder: Path) -> list[str]:
    """Every file and symbolic link below ``folder``, as relative POSIX paths (folders not listed)."""
    found = []
    for root, dirs, files in os.walk(folder):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            found.append(Path(root, name).relative_to(folder).as_posix())
    return sorted(found)


@contextmanager
def output_folder(
    target: str | Path,
    *,
    force: bool = False,
    replace_own: bool = False,
    protected: list[Path] = (),
    what: str = "results",
    replaces: list[str] = (),
) -> Iterator[Path]:
    """Yield an empty staging folder; when the block ends without error, its files become ``target``'s.

    An existing ``target`` is replaced when it is empty, or when it holds falseflag's own
    earlier output and ``force`` or ``replace_own`` is given; a folder holding files
    falseflag did not write is written into only with ``force``, and those files are kept.
    ``replaces`` names files (relative to ``target``) that may be replaced although
    falseflag did not write them (the package ``ingest --append`` adds articles to).
    """
    target = Path(target)
    check_target(target, list(protected))
    own, foreign = _existing(target)
    own += [f for f in foreign if f in set(replaces)]
    foreign = [f for f in foreign if f not in set(replaces)]
    if own and not (force or replace_own):
        raise OutputError(f"{target} already holds {what} written by falseflag; pass --force to replace them")
    if foreign and not force:
        raise OutputError(
            f"{target} is not empty and was not written by falseflag; choose a new folder, "
            "or pass --force to write into it (files falseflag did not write are kept)"
        )
    staging = _staging(target)
    try:
        yield staging
        written = _files(staging)
        _check_room(target, written, foreign)
        (staging / MANIFEST).write_text(
            json.dumps({"written_by": f"falseflag {_version()}", "what": what, "files": written}, indent=2) + "\n", encoding="utf-8"
        )
        _put_in_place(staging, target, own, foreign)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _existing(target: Path) -> tuple[list[str], list[str]]:
    """(files falseflag wrote, other files) of an existing ``target`` folder."""
    if not target.exists() and not target.is_symlink():
        return [], []
    if target.is_symlink() or not target.is_dir():
        raise OutputError(f"{target} exists and is not a folder; choose another path")
    present = _files(target)
    listed = read_manifest(target) or []
    own = [f for f in present if f in listed or f == MANIFEST and listed]
    foreign = [f for f in present if f not in own]
    return own, foreign


def _check_room(target: Path, written: list[str], foreign: list[str]) -> None:
    """Refuse to put files where a file falseflag did not write is, or where a path leads elsewhere."""
    clash = sorted(set(written) & set(foreign))
    if clash:
        raise OutputError(f"{target / clash[0]} was not written by falseflag and would be replaced; move it away first")
    for relpath in written:
        for parent in Path(relpath).parents:
            if parent == Path("."):
                continue
            place = target / parent
            if place.is_symlink() or (place.exists() and not place.is_dir()):
                raise OutputError(f"{place} is in the way (a file or a link falseflag did not write); move it away first")


def _put_in_place(staging: Path, target: Path, own: list[str], foreign: list[str]) -> None:
    if not target.exists():
        staging.rename(target)
        return
    trash = target.parent / f".{target.name}.falseflag-{os.getpid()}-{secrets.token_hex(4)}"
    if not foreign:
        target.rename(trash)  # only falseflag's own files (or nothing): swap the whole folder
        staging.rename(target)
        shutil.rmtree(trash, ignore_errors=True)
        return
    # Files falseflag did not write stay where they are: the old manifest goes first, so
    # that an interrupted swap never looks complete, and the new one comes last.
    trash.mkdir()
    try:
        if MANIFEST in own:
            (target / MANIFEST).rename(trash / MANIFEST)
        for relpath in own:
            if relpath == MANIFEST:
                continue
            destination = trash / relpath
            destination.parent.mkdir(parents=True, exist_ok=True)
            (target / relpath).rename(destination)
        _remove_empty_folders(target, own)
        for relpath in _files(staging):
            if relpath == MANIFEST:
                continue
            destination = target / relpath
            destination.parent.mkdir(parents=True, exist_ok=True)
            (staging / relpath).rename(destination)
        (staging / MANIFEST).rename(target / MANIFEST)
    finally:
        shutil.rmtree(trash, ignore_errors=True)


def _remove_empty_folders(root: Path, relpaths: list[str]) -> None:
    folders = sorted({p for r in relpaths for p in Path(r).parents if p != Path(".")}, key=lambda p: -len(p.parts))
    for folder in folders:
        try:
            (root / folder).rmdir()
        except OSError:
            pass


@contextmanager
def output_file(target: str | Path, kind: FileKind, *, force: bool = False, protected: list[Path] = ()) -> Iterator[Path]:
    """Yield a path to write ``target``'s new content to; it replaces ``target`` when the block ends without error.

    An existing ``target`` is replaced only with ``force``, and only when it is a file of
    the same ``kind`` (a text file is never turned into a database).
    """
    target = Path(target)
    check_target(target, list(protected))
    if target.exists() or target.is_symlink():
        if target.is_dir():
            raise OutputError(f"{target} is a folder; name a file")
        if not kind.recognizes(target):
            raise OutputError(f"{target} exists and is not a {kind.name}; falseflag will not replace it: choose another path")
        if not force:
            raise OutputError(f"{target} already exists; pass --force to replace it")
    staging = _staging(target)
    try:
        staged = staging / target.name
        yield staged
        if not staged.exists():
            raise OutputError(f"nothing was written for {target}")
        os.replace(staged, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


__all__ = ["DUCKDB_FILE", "HTML_REPORT", "MANIFEST", "SQLITE_FILE", "FileKind", "OutputError", "check_target", "output_file", "output_folder", "read_manifest"]
