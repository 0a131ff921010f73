"""How fast falseflag report is, and how big its output, against the analysis it is built on.

    python benchmarks/report.py                  # the bundled corpus, then 1,000 and 10,000 synthetic articles
    python benchmarks/report.py --articles 1000  # only these sizes

For each corpus, each measure in a fresh process:

1. the floor, ``falseflag analyze --out DIR``: the analyzers' results written whole, which a report
   cannot do without;
2. ``falseflag report``: the same analysis, then the HTML (one file below 200 articles, a folder of
   pages from 200 on).

Prints the machine, the wall time and peak resident memory of both, the report's pages and bytes,
and the report's time over the floor's; ``--json FILE`` also writes them.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from common import falseflag, machine, measure


def run(cmd: list[str]) -> dict:
    result = measure(cmd)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[3:])} failed ({result.returncode}): {result.stderr}")
    return {"seconds": round(result.seconds, 2), "peak_mb": round(result.peak_mb)}


def size_of(path: Path) -> tuple[int, int]:
    if path.is_file():
        return 1, path.stat().st_size
    files = [p for p in path.rglob("*") if p.is_file()]
    return len([p for p in files if p.suffix == ".html"]), sum(p.stat().st_size for p in files)


def bench(label: str, package: list[str], work: Path) -> dict:
    floor = run(falseflag("analyze", *package, "--out", str(work / "results"), "--quiet"))
    out = work / "report"
    report = run(falseflag("report", *package, "--out", str(out), "--quiet"))
    pages, size = size_of(out)
    found = {"corpus": label, "analyze": floor, "report": report, "pages": pages, "bytes": size,
             "ratio_to_analyze": round(report["seconds"] / floor["seconds"], 2)}
    print(f"{label}:")
    print(f"  falseflag analyze --out (floor): {floor['seconds']:.1f} s, {floor['peak_mb']} MB")
    print(f"  falseflag report:                {report['seconds']:.1f} s, {report['peak_mb']} MB, "
          f"{pages:,} page{'s' if pages != 1 else ''}, {size / 1e6:.1f} MB written, {found['ratio_to_analyze']}x the floor", flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="*", default=[1000, 10000], help="synthetic corpus sizes")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    info = machine("altair", "vl_convert", "jinja2")
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="falseflag-report-bench-") as tmp:
        work = Path(tmp)
        (work / "bundled").mkdir()
        results.append(bench("bundled corpus (5 articles)", [], work / "bundled"))
        for n in args.articles:
            corpus = work / f"synth-{n}"
            made = run(falseflag("synth", str(corpus), "--articles", str(n), "--seed", str(args.seed), "--quiet"))
            print(f"(synth {n:,} articles: {made['seconds']:.1f} s)", flush=True)
            (work / f"out-{n}").mkdir()
            results.append(bench(f"synthetic corpus ({n:,} articles, seed {args.seed})", ["--package", str(corpus)], work / f"out-{n}"))
    if args.json is not None:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
