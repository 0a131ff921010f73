"""``generate()``: plan, write the chunks (in parallel), plant errors, add the truth, move into place."""

from __future__ import annotations

import bisect
import csv
import json
import math
import multiprocessing
import os
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from .._bundle import bundled_root
from ..export import write_parquet_package
from ..outputs import OutputError, output_folder
from ..package import TABLES, load_package
from . import errors as planted_errors
from .article import ANNOTATOR, CHUNK_TABLES, FIELDS, ChunkResult, ChunkTask, write_chunk
from .plan import CLAIM_KINDS, CODE_SLOTS, QUOTE_KINDS, Plan, make_plan
from .scale import Scale
from .truth import CLAIM_PAIR_FIELDS, ERROR_FIELDS, QUOTE_PAIR_FIELDS, README, claim_pairs, quote_pairs, write_csv
from .world import World, build_world

FORMATS = ("csv", "parquet")
DEFAULT_SHARES = {kind: 0.01 for kind in (*QUOTE_KINDS, *CLAIM_KINDS)}
"""Planted share of each kind: of all quotes (quote kinds) or of all claim mentions (claim kinds)."""
MAX_SHARE = 0.1
PARALLEL_FROM = 5_000
"""Below this many articles one process writes everything (starting workers costs more)."""
MEDIATYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


class SynthError(Exception):
    """The corpus could not be generated; nothing was left at the destination."""


@dataclass
class SynthSummary:
    """What ``generate()`` wrote."""

    out: Path
    articles: int
    seed: int
    format: str
    tables: dict[str, int]
    """Data rows per table (planted error rows included)."""
    planted: dict[str, int]
    """Planted quote groups, claims and errors per kind; ``*_pairs`` for the truth rows."""
    paths: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 1

    def to_dict(self) -> dict:
        return {
            "out": str(self.out),
            "articles": self.articles,
            "seed": self.seed,
            "format": self.format,
            "tables": self.tables,
            "planted": self.planted,
            "paths": {k: str(v) for k, v in self.paths.items()},
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
        }


def generate(
    out: str | Path,
    articles: int,
    seed: int = 0,
    fmt: str = "csv",
    plant_errors: bool = False,
    *,
    force: bool = False,
    shares: dict[str, float] | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> SynthSummary:
    """Write a synthetic falseflag corpus of ``articles`` articles to the new folder ``out``.

    The same ``articles``, ``seed``, ``fmt``, ``plant_errors`` and ``shares`` give the same
    bytes, whatever ``workers`` and ``chunk_size``... except that planted errors sit between
    chunks, so with ``plant_errors`` the chunk size matters too (it defaults to a function of
    ``articles``). ``shares`` overrides DEFAULT_SHARES per kind. ``progress(n)`` is called
    as each batch of ``n`` articles is written. The package is written beside ``out`` and
    moved into place at the end (``falseflag.outputs.output_folder``): an existing ``out``
    is replaced only with ``force=True``, and files falseflag did not write are kept.
    """
    started = time.perf_counter()
    shares = _check_arguments(articles, seed, fmt, shares)
    out = Path(out)
    _check_columns()
    workers = workers or (min(os.cpu_count() or 1, 4) if articles >= PARALLEL_FROM else 1)
    chunk_size = chunk_size or max(25, min(1_000, math.ceil(articles / 8)))
    try:
        with output_folder(out, force=force, what="a synthetic corpus") as staged:
            with tempfile.TemporaryDirectory(dir=staged, prefix=".work-") as tmp:
                csv_dir = staged if fmt == "csv" else Path(tmp) / "csv"
                writer = _Writer(csv_dir, seed, articles, shares, plant_errors, fmt, workers, chunk_size, progress)
                summary = writer.run()
                if fmt == "parquet":
                    write_parquet_package(
                        load_package(csv_dir), staged,
                        {"memory_limit": "2GB", "temp_directory": str(Path(tmp) / "duckdb"), "preserve_insertion_order": "true"},
                    )
                writer.write_truth(staged / "truth")
    except OutputError as exc:
        raise SynthError(str(exc)) from None
    except OSError as exc:
        raise SynthError(f"cannot write {out}: {exc.strerror or exc}") from None
    summary.out = out
    summary.paths = {
        "datapackage": out / "datapackage.json",
        "truth": out / "truth",
        **{t: out / "data" / f"{t}.{fmt}" for t in TABLES},
    }
    summary.seconds = time.perf_counter() - started
    return summary


def _check_arguments(articles, seed, fmt, shares) -> dict[str, float]:
    if not isinstance(articles, int) or articles < 1:
        raise SynthError(f"articles must be a positive integer, not {articles!r}")
    if not isinstance(seed, int) or seed < 0:
        raise SynthError(f"seed must be a non-negative integer, not {seed!r}")
    if fmt not in FORMATS:
        raise SynthError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    merged = dict(DEFAULT_SHARES)
    for kind, share in (shares or {}).items():
        if kind not in merged:
            raise SynthError(f"unknown planted kind {kind!r}; expected one of {', '.join(merged)}")
        if not 0 <= share <= MAX_SHARE:
            raise SynthError(f"share of {kind} must be between 0 and {MAX_SHARE}, not {share}")
        merged[kind] = float(share)
    return merged


def _check_columns() -> None:
    """The generator writes columns in a fixed order; it must be the bundled schemas' order."""
    package = load_package(bundled_root())
    for table in TABLES:
        names = tuple(package[table].schema.field_names)
        if names != FIELDS[table]:
            raise SynthError(f"the Table Schema of {table} has columns {names}; synth writes {FIELDS[table]}")


def _descriptor(bundled: dict, articles: int, seed: int, fmt: str) -> dict:
    resources = []
    for res in bundled["resources"]:
        r = {k: v for k, v in res.items() if k not in ("licenses", "encoding", "path", "format", "mediatype", "schema")}
        r.update(path=f"data/{res['name']}.{fmt}", format=fmt, mediatype=MEDIATYPES[fmt])
        if fmt == "csv":
            r["encoding"] = "utf-8"
        r["schema"] = res["schema"]
        resources.append(r)
    return {
        "$schema": bundled.get("$schema", "https://datapackage.org/profiles/2.0/datapackage.json"),
        "name": "falseflag-synth",
        "id": f"falseflag-synth-{articles}-{seed}",
        "title": f"Synthetic falseflag corpus: {articles:,} articles (seed {seed})",
        "description": (
            "Generated by `falseflag synth` from sentence templates and invented names (fictional countries, "
            "places, people and outlets); no real article is used. Same tables and Table Schemas as the "
            "falseflag corpus. Planted cases are listed in truth/, which is not part of the package."
        ),
        "version": __version__,
        "keywords": ["synthetic", "news", "benchmark", "quotation attribution", "hedging", "claims"],
        "licenses": [
            {"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/", "title": "CC0 1.0 (generated data)"}
        ],
        "sources": [{"title": "falseflag synth", "description": f"falseflag {__version__}: synth --articles {articles} --seed {seed}"}],
        "resources": resources,
    }


class _Writer:
    """Writes one corpus into a folder: descriptor, schemas, tables, and keeps the truth."""

    def __init__(self, folder: Path, seed: int, articles: int, shares, plant_errors: bool, fmt: str, workers: int, chunk_size: int,
                 progress: Callable[[int], None] | None = None):
        self.folder, self.seed, self.articles, self.shares = folder, seed, articles, shares
        self.progress = progress
        self.fmt, self.workers, self.chunk_size = fmt, workers, chunk_size
        self.scale = Scale.for_articles(articles)
        self.errors = planted_errors.catalog_for(fmt) if plant_errors else ()
        self.plant_errors = plant_errors
        self.counts = {t: 0 for t in TABLES}
        self.quote_members: list[tuple] = []
        self.claim_members: list[tuple] = []
        self.error_rows: list[tuple] = []
        self.plan: Plan | None = None

    def run(self) -> SynthSummary:
        world = build_world(self.seed, self.scale)
        plan = self.plan = make_plan(self.seed, self.scale, self.shares)
        bundled = load_package(bundled_root())
        (self.folder / "data").mkdir(parents=True)
        (self.folder / "schemas").mkdir()  # both new: the folder is a fresh staging folder
        for res in bundled.descriptor["resources"]:
            shutil.copyfile(bundled.root / res["schema"], self.folder / res["schema"])
        descriptor = _descriptor(bundled.descriptor, self.articles, self.seed, "csv")
        (self.folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

        files = {t: (self.folder / "data" / f"{t}.csv").open("w", newline="", encoding="utf-8") for t in TABLES}
        try:
            writers = {t: csv.writer(fh, lineterminator="\n") for t, fh in files.items()}
            for t, w in writers.items():
                w.writerow(FIELDS[t])
            self._static_tables(world, writers)
            n_chunks = math.ceil(self.articles / self.chunk_size)
            pending = [(e, kind, (e * n_chunks) // max(1, len(self.errors))) for e, kind in enumerate(self.errors) if kind.table != "entities"]
            samples: dict = {}
            for result in _run(self._tasks(plan, n_chunks), self.workers):
                for t in CHUNK_TABLES:
                    files[t].write(result.tables[t])
                    self.counts[t] += result.counts[t]
                self.quote_members += result.quote_members
                self.claim_members += result.claim_members
                samples.update(result.samples)  # a kind a chunk lacks is copied from an earlier one
                pending = self._plant(pending, result.index, samples, world, writers)
                if self.progress is not None:
                    self.progress(result.counts["articles"])
        finally:
            for fh in files.values():
                fh.close()
        self.skipped_errors = [kind.name for _, kind, _ in pending]
        self.quote_pair_rows = quote_pairs(plan, self.quote_members)
        self.claim_pair_rows = claim_pairs(plan, self.claim_members)
        self.planted = self._planted_counts()
        return SynthSummary(self.folder, self.articles, self.seed, self.fmt, dict(self.counts), dict(self.planted), workers=self.workers)

    def _static_tables(self, world: World, writers) -> None:
        evidence = "Generated outlet; its name appears in its notification, newsletter, donation and caption boilerplate."
        for o in world.outlets:
            writers["outlets"].writerow((o.id, o.name, evidence, ANNOTATOR))
        self.counts["outlets"] = len(world.outlets)
        entities = [(e.id, e.name, e.type, None) for e in world.entities()]
        bad = [(e, k) for e, k in enumerate(self.errors) if k.table == "entities"]
        for n, row in enumerate(entities):
            if bad and n == len(entities) // 2:
                for e, kind in bad:
                    self._write_error(e, kind, {}, world, writers)
            writers["entities"].writerow((*row, ANNOTATOR))
            self.counts["entities"] += 1

    def _write_error(self, e: int, kind, samples: dict, world: World, writers) -> None:
        row, value = kind.make(samples, world, f"{planted_errors.COPY_SUFFIX}{e + 1}")
        writers[kind.table].writerow((*row, ANNOTATOR))
        self.counts[kind.table] += 1
        self.error_rows.append(
            (kind.table, self.counts[kind.table] + 1, kind.field, kind.check, kind.also or None, kind.name,
             None if value is None else str(value), kind.description)
        )

    def _plant(self, pending, chunk: int, samples: dict, world: World, writers) -> list:
        left = []
        for e, kind, target in pending:
            if target <= chunk and planted_errors.plantable(kind, samples):
                self._write_error(e, kind, samples, world, writers)
            else:
                left.append((e, kind, target))
        return left

    def _tasks(self, plan: Plan, n_chunks: int) -> Iterator[ChunkTask]:
        planted_slots = sorted(plan.planted_quote)
        n_claims = len(plan.claims)
        for c in range(n_chunks):
            a0, a1 = c * self.chunk_size, min(self.articles, (c + 1) * self.chunk_size)
            q0, q1 = int(plan.quote_offset[a0]), int(plan.quote_offset[a1])
            m0, m1 = int(plan.claim_offset[a0]), int(plan.claim_offset[a1])
            k0, k1 = c * n_claims // n_chunks, (c + 1) * n_claims // n_chunks
            planted = {}
            for slot in planted_slots[bisect.bisect_left(planted_slots, q0) : bisect.bisect_left(planted_slots, q1)]:
                group, member = plan.planted_quote[slot]
                g = plan.quote_groups[group]
                planted[slot] = (group, member, g.kind, g.slots[0], len(g.slots))
            yield ChunkTask(
                seed=self.seed,
                scale=self.scale,
                index=c,
                first_article=a0,
                outlet=plan.outlet[a0:a1].tolist(),
                length=plan.length[a0:a1].tolist(),
                day=plan.day[a0:a1].tolist(),
                quote_counts=(plan.quote_offset[a0 + 1 : a1 + 1] - plan.quote_offset[a0:a1]).tolist(),
                claim_counts=(plan.claim_offset[a0 + 1 : a1 + 1] - plan.claim_offset[a0:a1]).tolist(),
                quote_base=q0,
                claim_base=m0,
                mention_claims=plan.claim_of_slot[m0:m1].tolist(),
                mention_claim_attrs=plan.claims.take(plan.claim_of_slot[m0:m1]),
                slot_role=plan.slot_role[m0:m1].tolist(),
                denial=plan.denial[m0:m1].tolist(),
                planted_quotes=planted,
                code=(plan.code_digits, plan.code_mult, plan.code_add),
                first_claim=k0,
                claim_attrs=plan.claims.take(slice(k0, k1)),
                samples=bool(self.errors),
            )

    def _planted_counts(self) -> dict[str, int]:
        plan = self.plan
        counts = {kind: sum(1 for g in plan.quote_groups if g.kind == kind) for kind in QUOTE_KINDS}
        for i, kind in enumerate(CLAIM_KINDS, 1):
            counts[kind] = int((plan.claims.planted == i).sum())
        for kind in (*QUOTE_KINDS, *CLAIM_KINDS):
            rows = self.quote_pair_rows if kind in QUOTE_KINDS else self.claim_pair_rows
            counts[f"{kind}_pairs"] = sum(1 for r in rows if r[0] == kind)
        if self.plant_errors:
            counts["errors"] = len(self.error_rows)
        return counts

    def write_truth(self, folder: Path) -> None:
        folder.mkdir()
        write_csv(folder / "quote_pairs.csv", QUOTE_PAIR_FIELDS, self.quote_pair_rows)
        write_csv(folder / "claim_pairs.csv", CLAIM_PAIR_FIELDS, self.claim_pair_rows)
        if self.plant_errors:
            write_csv(folder / "errors.csv", ERROR_FIELDS, sorted(self.error_rows, key=lambda r: (TABLES.index(r[0]), r[1])))
        (folder / "README.md").write_text(README, encoding="utf-8")
        plan = self.plan
        summary = {
            "generator": f"falseflag {__version__}",
            "articles": self.articles,
            "seed": self.seed,
            "format": self.fmt,
            "plant_errors": self.plant_errors,
            "shares": self.shares,
            "tables": self.counts,
            "planted": self.planted,
            "skipped_errors": self.skipped_errors,
            "quote_code": {"digits": plan.code_digits, "min_slot_distance": CODE_SLOTS + 1 - plan.code_digits},
        }
        (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


def _run(tasks: Iterator[ChunkTask], workers: int) -> Iterator[ChunkResult]:
    """Chunk results in order; with several workers at most 2 per worker are in flight."""
    if workers <= 1:
        for task in tasks:
            yield write_chunk(task)
        return
    # fork: workers inherit the built world and need no importable __main__ (spawn re-runs
    # the caller's script, which fails for scripts read from stdin); spawn where fork is missing.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        pending = deque()
        for task in tasks:
            pending.append(pool.submit(write_chunk, task))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
