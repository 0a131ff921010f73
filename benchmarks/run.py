"""Benchmark falseflag against frictionless on generated corpora of growing size.

    python benchmarks/run.py --articles 10000 100000

For every size it generates one package (``falseflag synth``) and measures on it, each in a
fresh process: ``frictionless validate`` and ``falseflag validate`` (wall time, peak memory,
ratio), ``falseflag.connect``, ``falseflag analyze`` as a whole and each analyzer, and the
recall and precision of the planted conflicts and quote drift against the generator's truth;
then the same corpus exported as a Parquet data package is validated and analyzed.
frictionless runs up to ``--frictionless-max`` articles (it is slow), and only there is
falseflag validate run ``--repeat`` times (elsewhere once); analysis runs up to
``--analyze-max`` articles (beyond, its tables do not fit in memory).
A package with planted validation errors checks that falseflag finds every error and every
row frictionless flags. Files just written are flushed to disk before the next measure.
Prints the machine it ran on and writes benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from common import Measure, machine, measure

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent

TARGETS = {
    "validate_speedup": 15.0,
    "validate_peak_gb": 2.0,
    "analyze_seconds": 30.0,
    "analyze_peak_gb": 4.0,
    "growth": 12.0,
    "recall": 0.95,
    "precision": 0.9,
}


def measure_median(cmd: list[str], repeat: int, before=None, after=None, **kwargs) -> tuple[Measure, list[float]]:
    """Run a command ``repeat`` times: the run of median time, with the highest peak memory of all
    runs, and every run's seconds. ``before()`` is called before each run, ``after()`` after
    it; what ``after`` returns for the median run is in its ``data``."""
    runs = []
    for _ in range(max(1, repeat)):
        if before is not None:
            before()
        run = measure(cmd, **kwargs)
        run.data = after() if after is not None and run.returncode == 0 else None
        runs.append(run)
        if run.returncode != runs[0].returncode:
            break
    ordered = sorted(runs, key=lambda m: m.seconds)
    median = ordered[(len(ordered) - 1) // 2]
    median.peak_mb = max(m.peak_mb for m in runs)
    return median, [m.seconds for m in runs]


def settle() -> None:
    """Write out the files just generated, so that the next measure is not charged for it."""
    os.sync()


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not found:
        sys.exit(f"{name} is not installed in this environment")
    return found


def pairs_from_csv(path: Path, a: str, b: str, where: dict[str, str] | None = None) -> set[frozenset[str]]:
    """Unordered id pairs from two columns of a CSV file, optionally filtered."""
    if not path.exists():
        return set()
    with open(path, newline="", encoding="utf-8") as fh:
        return {
            frozenset((row[a], row[b]))
            for row in csv.DictReader(fh)
            if not where or all(row[k] == v for k, v in where.items())
        }


def score(found: set, truth: set) -> dict[str, float | int]:
    hits = len(found & truth)
    return {
        "planted": len(truth),
        "found": len(found),
        "true_positives": hits,
        "recall": hits / len(truth) if truth else float("nan"),
        "precision": hits / len(found) if found else float("nan"),
    }


BUILT_IN = ("hedging", "attribution", "agreement")


def _runs(seconds: list[float]) -> str:
    return ", ".join(f"{s:.1f}" for s in seconds) + " s"


def run_size(n: int, seed: int, work: Path, frictionless_max: int, analyze_max: int, analyzers: list[str], repeat: int) -> dict:
    """Generate one package of n articles, measure everything on it, and remove it."""
    pkg = work / f"corpus-{n}"
    falseflag = tool("falseflag")
    print(f"\n== {n:,} articles", flush=True)
    gen = measure([falseflag, "synth", str(pkg), "--articles", str(n), "--seed", str(seed), "--force"])
    check(gen, "falseflag synth")
    settle()
    summary = json.loads((pkg / "truth" / "summary.json").read_text())
    rows = summary.get("tables", {})
    print(f"generated in {gen.seconds:.1f} s: {rows}", flush=True)

    compared = n <= frictionless_max
    ours, validate_runs = measure_median([falseflag, "validate", str(pkg), "--json"], repeat if compared else 1)
    check(ours, "falseflag validate", ok_codes=(0,))
    print(f"falseflag validate: {ours.seconds:.1f} s (median of {_runs(validate_runs)}), {ours.peak_mb:.0f} MB", flush=True)
    theirs = None
    if compared:
        theirs = measure([tool("frictionless"), "validate", str(pkg / "datapackage.json")])
        check(theirs, "frictionless validate", ok_codes=(0,))
        print(f"frictionless validate: {theirs.seconds:.1f} s, {theirs.peak_mb:.0f} MB", flush=True)

    connect_code = (
        "import json, sys, time\n"
        "started = time.perf_counter()\n"
        "import falseflag\n"
        "con = falseflag.connect(sys.argv[1])\n"
        "connected = time.perf_counter()\n"
        "rows = {t: con.execute(f'SELECT count(*) FROM {t}').fetchall()[0][0] for t in falseflag.TABLES}\n"
        "print(json.dumps({'connect': connected - started, 'scan': time.perf_counter() - connected, 'rows': rows}))\n"
    )
    conn = measure([sys.executable, "-c", connect_code, str(pkg)])
    check(conn, "falseflag.connect")
    connect_info = json.loads(conn.stdout)
    print(f"connect: {connect_info['connect']:.2f} s, count every table: {connect_info['scan']:.2f} s", flush=True)

    analysis = analyze_size(n, pkg, work, analyzers, repeat) if n <= analyze_max else None

    # The same corpus as a Parquet data package: export, then validate (and analyze) it.
    parquet = work / f"corpus-{n}-parquet"
    exp = measure([falseflag, "export", str(parquet), "--format", "parquet", "--package", str(pkg), "--force"])
    check(exp, "falseflag export --format parquet")
    settle()
    pq_validate = measure([falseflag, "validate", str(parquet), "--json"])
    check(pq_validate, "falseflag validate (parquet)")
    pq_analyze = None
    if analysis is not None:
        pq_out = work / f"analysis-{n}-parquet"
        pq_analyze = measure([falseflag, "analyze", *analyzers, "--package", str(parquet), "--out", str(pq_out)], env=ANALYZE_ENV)
        check(pq_analyze, "falseflag analyze (parquet)")
        shutil.rmtree(pq_out, ignore_errors=True)
    print(f"parquet: export {exp.seconds:.1f} s, validate {pq_validate.seconds:.1f} s, "
          f"analyze {fmt(pq_analyze and pq_analyze.seconds, '.1f')} s", flush=True)
    for folder in (pkg, parquet):
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "articles": n,
        "rows": connect_info["rows"],
        "generate": {"seconds": gen.seconds, "peak_mb": gen.peak_mb},
        "falseflag_validate": {"seconds": ours.seconds, "peak_mb": ours.peak_mb, "runs": validate_runs},
        "frictionless_validate": {"seconds": theirs.seconds, "peak_mb": theirs.peak_mb} if theirs else None,
        "connect": {"seconds": connect_info["connect"], "scan_seconds": connect_info["scan"]},
        "analyze": analysis and analysis["analyze"],
        "parquet": {
            "export": {"seconds": exp.seconds, "peak_mb": exp.peak_mb},
            "validate": {"seconds": pq_validate.seconds, "peak_mb": pq_validate.peak_mb},
            "analyze": {"seconds": pq_analyze.seconds, "peak_mb": pq_analyze.peak_mb} if pq_analyze else None,
        },
        "conflicts": analysis and analysis["conflicts"],
        "drift": analysis and analysis["drift"],
    }


ANALYZE_ENV = {**os.environ, "FALSEFLAG_LOAD_PLUGINS": ""}
"""Only the named analyzers run, and no third-party plugin that happens to be installed."""


def analyze_size(n: int, pkg: Path, work: Path, analyzers: list[str], repeat: int) -> dict:
    """``falseflag analyze`` of one package, and the planted cases it finds."""
    out = work / f"analysis-{n}"
    ana, analyze_runs = measure_median(
        [tool("falseflag"), "analyze", *analyzers, "--package", str(pkg), "--out", str(out)], repeat,
        before=lambda: shutil.rmtree(out, ignore_errors=True),
        after=lambda: {name: info.get("seconds") for name, info in json.loads((out / "run.json").read_text()).get("results", {}).items()},
        env=ANALYZE_ENV,
    )
    check(ana, "falseflag analyze", ok_codes=(0,))
    per_analyzer = ana.data
    print(f"falseflag analyze: {ana.seconds:.1f} s (median of {_runs(analyze_runs)}), {ana.peak_mb:.0f} MB; {per_analyzer}", flush=True)
    truth = pkg / "truth" / "quote_pairs.csv"
    conflicts = score(
        pairs_from_csv(out / "attribution" / "attribution_conflicts.csv", "quote_a", "quote_b"),
        pairs_from_csv(truth, "quote_id_a", "quote_id_b", {"kind": "speaker_conflict"}),
    )
    drift = score(
        pairs_from_csv(out / "attribution" / "attribution_quote_drift.csv", "quote_a", "quote_b"),
        pairs_from_csv(truth, "quote_id_a", "quote_id_b", {"kind": "drift"}),
    )
    print(f"conflicts: {conflicts}\ndrift: {drift}", flush=True)
    shutil.rmtree(out, ignore_errors=True)
    return {
        "analyze": {"seconds": ana.seconds, "peak_mb": ana.peak_mb, "per_analyzer": per_analyzer, "runs": analyze_runs},
        "conflicts": conflicts,
        "drift": drift,
    }


def run_errors(n: int, seed: int, work: Path) -> dict:
    """Plant every kind of error; falseflag must find each, and every row frictionless flags."""
    pkg = work / f"broken-{n}"
    falseflag = tool("falseflag")
    check(measure([falseflag, "synth", str(pkg), "--articles", str(n), "--seed", str(seed), "--plant-errors", "--force"]), "synth")
    settle()
    with open(pkg / "truth" / "errors.csv", newline="", encoding="utf-8") as fh:
        planted = list(csv.DictReader(fh))
    ours = measure([falseflag, "validate", str(pkg), "--json"])
    check(ours, "falseflag validate", ok_codes=(1,))
    report = json.loads(ours.stdout)
    problems = report["problems"]
    found = {(p["table"], p.get("row"), p["check"]) for p in problems}
    found_rows = {(p["table"], p.get("row")) for p in problems}
    missed = [e for e in planted if (e["table"], int(e["row"]), e["check"]) not in found]

    theirs = measure([tool("frictionless"), "validate", str(pkg / "datapackage.json"), "--json"])
    fl = json.loads(theirs.stdout)
    fl_rows = set()
    for task in fl.get("tasks", []):
        for error in task.get("errors", []):
            if error.get("rowNumber") is not None:
                fl_rows.add((task.get("name") or Path(task.get("place", "")).stem, error["rowNumber"]))
    fl_missed = sorted(fl_rows - found_rows)
    print(f"planted errors: {len(planted)}, found by falseflag: {len(planted) - len(missed)}; "
          f"rows frictionless flags: {len(fl_rows)}, of which falseflag misses {len(fl_missed)}", flush=True)
    return {
        "articles": n,
        "planted": len(planted),
        "missed": missed,
        "frictionless_rows": len(fl_rows),
        "frictionless_rows_missed": fl_missed,
        "kinds": sorted({e["error_kind"] for e in planted}),
        "falseflag_seconds": ours.seconds,
        "frictionless_seconds": theirs.seconds,
    }


def check(m: Measure, what: str, ok_codes: tuple[int, ...] = (0,)) -> None:
    if m.returncode not in ok_codes:
        sys.exit(f"{what} exited {m.returncode}:\n{m.stderr[-2000:]}")


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def fmt(value, spec: str = ".2f", missing: str = "–") -> str:
    return missing if value is None else format(value, spec)


def speedup_cell(theirs: float | None, ours: float) -> str:
    value = ratio(theirs, ours)
    return "–" if value is None else f"{value:.1f}×"


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def report(info: dict[str, str], sizes: list[dict], errors: dict | None, command: str) -> str:
    """RESULTS.md: the machine, a table per measure, and each target against its number."""
    lines = ["# Benchmark results", "", f"Produced by `{command}`.", "", "## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in info.items()]
    lines += ["", "## Corpora", "", "| articles | " + " | ".join(sizes[0]["rows"]) + " |", "|---:|" + "---:|" * len(sizes[0]["rows"])]
    lines += [f"| {s['articles']:,} | " + " | ".join(f"{v:,}" for v in s["rows"].values()) + " |" for s in sizes]
    lines += ["", "## Validation", "",
              "falseflag's time is the median of its runs (all listed), its memory the highest peak of them; "
              "frictionless runs once, and only up to the size where its time is still practical to wait for.", "",
              "| articles | frictionless s | frictionless MB | falseflag s | falseflag runs s | falseflag MB | speed-up |",
              "|---:|---:|---:|---:|---|---:|---:|"]
    for s in sizes:
        fl = s["frictionless_validate"] or {}
        ff = s["falseflag_validate"]
        lines.append(f"| {s['articles']:,} | {fmt(fl.get('seconds'), '.1f')} | {fmt(fl.get('peak_mb'), '.0f')} | "
                     f"{ff['seconds']:.2f} | {_runs(ff['runs'])} | {ff['peak_mb']:.0f} | {speedup_cell(fl.get('seconds'), ff['seconds'])} |")
    analyzed = [s for s in sizes if s["analyze"]]
    names = sorted({n for s in analyzed for n in s["analyze"]["per_analyzer"]})
    lines += ["", "## Connect and analysis", "",
              "`falseflag analyze` of the built-in analyzers with `--out` (every table as CSV, findings as JSON): "
              "the median run, its analyzers' times, and the highest peak of all runs.", "",
              "| articles | connect s | count all tables s | analyze s | analyze runs s | analyze MB | " + " | ".join(f"{n} s" for n in names) + " |",
              "|---:|---:|---:|---:|---|---:|" + "---:|" * len(names)]
    for s in analyzed:
        a = s["analyze"]
        lines.append(f"| {s['articles']:,} | {s['connect']['seconds']:.2f} | {s['connect']['scan_seconds']:.2f} | {a['seconds']:.1f} | "
                     f"{_runs(a['runs'])} | {a['peak_mb']:.0f} | " + " | ".join(fmt(a["per_analyzer"].get(n), ".1f") for n in names) + " |")
    skipped = [s for s in sizes if not s["analyze"]]
    if skipped:
        lines += ["", "Not analyzed: " + ", ".join(f"{s['articles']:,}" for s in skipped) + " articles (above `--analyze-max`: "
                  "the analyzers hold the tables they read in memory, which grows with the corpus). "
                  + ", ".join(f"At {s['articles']:,} articles, connect took {s['connect']['seconds']:.2f} s and counting every table "
                              f"{s['connect']['scan_seconds']:.1f} s." for s in skipped)]
    lines += ["", "## The same corpora as Parquet", "",
              "`falseflag export --format parquet`, then `falseflag validate` and `falseflag analyze` on the Parquet package.", "",
              "| articles | export s | validate s | validate MB | analyze s | analyze MB |", "|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        q = s["parquet"]
        a = q["analyze"] or {}
        lines.append(f"| {s['articles']:,} | {q['export']['seconds']:.1f} | {q['validate']['seconds']:.2f} | {q['validate']['peak_mb']:.0f} | "
                     f"{fmt(a.get('seconds'), '.1f')} | {fmt(a.get('peak_mb'), '.0f')} |")
    lines += ["", "## Planted cases found by the attribution analyzer", "",
              "| articles | kind | planted pairs | reported pairs | true positives | recall | precision |", "|---:|---|---:|---:|---:|---:|---:|"]
    for s in analyzed:
        for kind in ("conflicts", "drift"):
            c = s[kind]
            lines.append(f"| {s['articles']:,} | {kind} | {c['planted']:,} | {c['found']:,} | {c['true_positives']:,} | "
                         f"{c['recall']:.3f} | {c['precision']:.3f} |")
    if errors:
        lines += ["", "## Planted validation errors", "",
                  f"A package of {errors['articles']:,} articles with {errors['planted']} planted errors of "
                  f"{len(errors['kinds'])} kinds: falseflag found {errors['planted'] - len(errors['missed'])} of them "
                  f"in {errors['falseflag_seconds']:.1f} s. frictionless ({errors['frictionless_seconds']:.1f} s) flagged "
                  f"{errors['frictionless_rows']} rows; falseflag missed {len(errors['frictionless_rows_missed'])} of those."]
        if errors["missed"]:
            lines += ["", "Missed: " + ", ".join(f"{e['table']} row {e['row']} {e['check']}" for e in errors["missed"])]
    lines += ["", "## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += targets(sizes, errors)
    return "\n".join(lines) + "\n"


def targets(sizes: list[dict], errors: dict | None) -> list[str]:
    """Each target of the 2-core, 24 GB machine against the largest size measured in full
    (compared with frictionless, and analyzed)."""
    full = [s for s in sizes if s["frictionless_validate"] and s["analyze"]] or sizes
    big = max(full, key=lambda s: s["articles"])
    small = min(full, key=lambda s: s["articles"])
    fl = big["frictionless_validate"] or {}
    speedup = ratio(fl.get("seconds"), big["falseflag_validate"]["seconds"])
    rows = [
        (f"validate ≥ {TARGETS['validate_speedup']:.0f}× faster than frictionless ({big['articles']:,} articles)",
         f"{fmt(speedup, '.1f')}×", None if speedup is None else speedup >= TARGETS["validate_speedup"]),
        (f"validate peak < {TARGETS['validate_peak_gb']:.0f} GB", f"{big['falseflag_validate']['peak_mb'] / 1024:.2f} GB",
         big["falseflag_validate"]["peak_mb"] / 1024 < TARGETS["validate_peak_gb"]),
        (f"analyze < {TARGETS['analyze_seconds']:.0f} s", f"{big['analyze']['seconds']:.1f} s", big["analyze"]["seconds"] < TARGETS["analyze_seconds"]),
        (f"analyze peak < {TARGETS['analyze_peak_gb']:.0f} GB", f"{big['analyze']['peak_mb'] / 1024:.2f} GB",
         big["analyze"]["peak_mb"] / 1024 < TARGETS["analyze_peak_gb"]),
    ]
    largest = max(sizes, key=lambda s: s["articles"])
    if largest is not big:
        peak = largest["falseflag_validate"]["peak_mb"] / 1024
        rows.append((f"validate peak < {TARGETS['validate_peak_gb']:.0f} GB ({largest['articles']:,} articles)", f"{peak:.2f} GB",
                     peak < TARGETS["validate_peak_gb"]))
    if big is not small:
        for what in ("falseflag_validate", "analyze"):
            growth = big[what]["seconds"] / small[what]["seconds"]
            rows.append((f"{what.replace('_', ' ')} time growth {small['articles']:,} → {big['articles']:,} ≤ {TARGETS['growth']:.0f}×",
                         f"{growth:.1f}×", growth <= TARGETS["growth"]))
    for kind in ("conflicts", "drift"):
        c = big[kind]
        rows.append((f"{kind}: recall ≥ {TARGETS['recall']}", f"{c['recall']:.3f}", c["recall"] >= TARGETS["recall"]))
        rows.append((f"{kind}: precision ≥ {TARGETS['precision']}", f"{c['precision']:.3f}", c["precision"] >= TARGETS["precision"]))
    if errors:
        rows.append(("every planted error found", f"{errors['planted'] - len(errors['missed'])} / {errors['planted']}", not errors["missed"]))
        rows.append(("every row frictionless flags is flagged", f"missed {len(errors['frictionless_rows_missed'])}",
                     not errors["frictionless_rows_missed"]))
    return [f"| {name} | {value} | {verdict(ok)} |" for name, value, ok in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes (default: 10000 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of falseflag validate and analyze; the median is reported (default: 3)")
    parser.add_argument("--errors-articles", type=int, default=None, help="size of the planted-errors package (default: the smallest size)")
    parser.add_argument("--frictionless-max", type=int, default=200_000,
                        help="skip frictionless above this many articles (it is slow); falseflag validate runs once there")
    parser.add_argument("--analyze-max", type=int, default=300_000,
                        help="skip analysis above this many articles (its tables do not fit in memory)")
    parser.add_argument("--analyzers", nargs="+", default=list(BUILT_IN), help="analyzers to run (default: the three built-in ones)")
    parser.add_argument("--workdir", type=Path, default=None, help="where to generate corpora (default: a temporary folder, removed after)")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md", help="where to write the report")
    args = parser.parse_args(argv)

    info = machine("frictionless", "pandera")
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="falseflag-bench-", dir=args.workdir) as tmp:
        work = Path(tmp)
        sizes: list[dict] = []
        for n in sorted(args.articles):
            sizes.append(run_size(n, args.seed, work, args.frictionless_max, args.analyze_max, args.analyzers, args.repeat))
            write_report(args.results, info, sizes, None, command)  # what is measured so far survives a later failure
        errors = run_errors(args.errors_articles or min(args.articles), args.seed, work)
    print("\n" + write_report(args.results, info, sizes, errors, command))
    return 0


def write_report(path: Path, info: dict[str, str], sizes: list[dict], errors: dict | None, command: str) -> str:
    """Write RESULTS.md and RESULTS.json beside it; return the Markdown."""
    text = report(info, sizes, errors, command.strip())
    path.write_text(text, encoding="utf-8")
    path.with_suffix(".json").write_text(json.dumps({"machine": info, "sizes": sizes, "errors": errors}, indent=2, default=str))
    return text


if __name__ == "__main__":
    sys.exit(main())
