"""Ingest: a user's own articles become a falseflag package, annotated automatically.

    summary = falseflag.ingest.ingest(["articles/"], "my-corpus")
    summary = falseflag.ingest.ingest(["more.jsonl"], "my-corpus", append=True)

Inputs are read by ``inputs.py``; each article is parsed by spaCy (its boilerplate blanked
out first, ``boilerplate.py``) and annotated by the rules of ``entities.py``, ``quotes.py``,
``speakers.py``, ``claims.py`` and ``values.py`` (``document.py`` puts them together); the
package is written by ``writer.py`` into a staging folder and moved into place when complete.
Every row made here has ``annotator`` = "falseflag-ingest VERSION, MODEL VERSION". See
docs/ingest.md for every rule and its measured quality.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..outputs import OutputError, output_folder
from ..package import PackageError, load_package
from .inputs import Skipped, Source, read_inputs
from .model import INSTALL_HINT, Model, ModelError, load_model

BATCH_SIZE = 32
"""Articles handed to spaCy at a time (``nlp.pipe(batch_size=...)``)."""


class IngestError(Exception):
    """Nothing could be ingested (no model, no article, a package that cannot take more)."""


@dataclass
class IngestSummary:
    out: Path
    annotator: str
    articles: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    """source files whose text is already in the package (or earlier in this run)"""
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": str(self.out), "annotator": self.annotator, "articles": self.articles,
            "skipped": [{"file": s.file, "message": s.message} for s in self.skipped],
            "duplicates": self.duplicates, "rows": self.rows, "seconds": round(self.seconds, 3),
        }


_worker_model: Model | None = None


def _start_worker(name: str | None) -> None:
    global _worker_model
    _worker_model = load_model(name)


def _annotate_batch(sources: list[Source], model: Model | None = None) -> list:
    """Parse and annotate a batch of articles (in a worker process, or here)."""
    from .document import annotate, prepare

    model = model or _worker_model
    prepared = [prepare(s) for s in sources]
    docs = model.nlp.pipe((text for _, text in prepared), batch_size=BATCH_SIZE)
    return [annotate(s, spans, doc, model.annotator, model.nlp.lang) for s, (spans, _), doc in zip(sources, prepared, docs)]


def _batches(items: Iterator[Source], size: int) -> Iterator[list[Source]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


def ingest(
    inputs: list[str | Path],
    out: str | Path,
    *,
    append: bool = False,
    model: str | None = None,
    jobs: int = 1,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Turn the articles of ``inputs`` into a package at ``out`` (or add them to it with ``append``).

    Returns what was added, skipped and found twice. Raises ModelError when no spaCy
    pipeline is installed, IngestError when nothing can be ingested or the package cannot
    take more, OutputError when ``out`` cannot be written. An interrupted or failed ingest
    leaves ``out`` as it was.
    """
    started = time.perf_counter()
    out = Path(out)
    loaded = load_model(model)
    summary = IngestSummary(out, loaded.annotator)
    existing = _existing(out) if append else None
    known = _known_texts(existing)
    replaces = _package_files(existing) if existing is not None else []
    sources = _unique(read_inputs(list(inputs)), known, summary)
    from .writer import PackageBuilder

    with output_folder(out, force=force or append, replace_own=append, what="an ingested package", replaces=replaces) as staged:
        builder = PackageBuilder(staged, loaded.annotator, existing)
        builder.existing_signatures(loaded.nlp)
        batches = _batches(sources, BATCH_SIZE * 4)
        if jobs > 1:
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
            with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(model,)) as pool:
                for annotated in pool.map(_annotate_batch, batches):
                    _add_all(builder, annotated, summary, progress)
        else:
            for batch in batches:
                _add_all(builder, _annotate_batch(batch, loaded), summary, progress)
        if summary.articles == 0:
            raise IngestError(_nothing(summary))
        summary.rows.update(builder.finish())
    summary.seconds = time.perf_counter() - started
    return summary


def _add_all(builder, annotated: list, summary: IngestSummary, progress) -> None:
    for article in annotated:
        builder.add(article)
        summary.articles += 1
        for table, rows in article.rows.items():
            if table != "claim_mentions":
                summary.rows[table] = summary.rows.get(table, 0) + len(rows)
    if progress is not None:
        progress(len(annotated))


def _nothing(summary: IngestSummary) -> str:
    if summary.duplicates and not summary.skipped:
        return "every article is already in the package: nothing was added"
    return "no input gave an article" + (f" ({len(summary.skipped)} skipped)" if summary.skipped else "")


def _existing(out: Path):
    try:
        package = load_package(out)
    except PackageError as exc:
        raise IngestError(f"--append needs a falseflag package at {out}: {exc}") from None
    from .._bundle import bundled_root

    reference = load_package(bundled_root())
    for name, resource in reference.resources.items():
        theirs = package.resources.get(name)
        if theirs is None:
            raise IngestError(f"{out}: the package has no {name} table; --append adds to a package of falseflag's shape")
        if theirs.format != "csv":
            raise IngestError(f"{out}: {theirs.relpath} is {theirs.format}; --append adds to CSV packages")
        if theirs.schema.field_names != resource.schema.field_names:
            raise IngestError(f"{out}: the columns of {name} are not falseflag's ({', '.join(resource.schema.field_names)}); "
                              "--append keeps every existing row as it is, so the columns must match")
    return package


def _package_files(package) -> list[str]:
    files = [package.descriptor_path.name]
    for resource in package.resources.values():
        files.append(resource.relpath)
        if resource.schema_path is not None:
            files.append(resource.schema_path.relative_to(package.root).as_posix())
    return files


def _known_texts(package) -> tuple[set[str], set[str]]:
    """(sha256 of every text, every source_file) of an existing package."""
    if package is None:
        return set(), set()
    from ..connection import connect

    con = connect(package)
    try:
        rows = con.execute("SELECT sha256, source_file FROM articles").fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}, {r[1] for r in rows}


def _unique(items, known: tuple[set[str], set[str]], summary: IngestSummary) -> Iterator[Source]:
    """The articles whose text is not in the package yet (nor earlier in this run); the rest are reported.
    A source file name met before gets a number ("x.txt#2"): source_file is unique."""
    seen, names = set(known[0]), set(known[1])
    for item in items:
        if isinstance(item, Skipped):
            summary.skipped.append(item)
            continue
        sha = hashlib.sha256(item.text.encode("utf-8")).hexdigest()
        if sha in seen:
            summary.duplicates.append(item.source_file)
            continue
        seen.add(sha)
        name, n = item.source_file, 1
        while name in names:
            n += 1
            name = f"{item.source_file}#{n}"
        names.add(name)
        item.source_file = name
        yield item


__all__ = ["INSTALL_HINT", "IngestError", "IngestSummary", "ModelError", "OutputError", "ingest"]
