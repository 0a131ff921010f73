"""How good and how fast falseflag ingest is, measured on texts outside the project.

    python benchmarks/ingest.py --seeds ../shared/seeds --polnear ../shared/polnear

1. Quality on the five seed articles: ingested from their raw texts and scored against the
   bundled gold annotation (``falseflag evaluate``).
2. Quality on PolNeAR dev: its texts ingested and scored against its brat attributions
   (``falseflag evaluate --gold-brat``); the same for PolNeAR train, where the rules were
   tuned, for comparison.
3. Speed and memory on 1,000 PolNeAR train texts (its 840 texts, then the first 160 again
   with a line break added, so that each is new), each measure in a fresh process: the bare
   spaCy pipeline (``spacy.load`` and ``nlp.pipe`` over the same texts, same model, same
   batch size) and the whole ``falseflag ingest`` (reading, parsing, rules, writing the
   package), with their wall times and peak resident memory.

Prints the machine and every number, with the targets; ``--json FILE`` also writes them.
PolNeAR is read from the path given; nothing of it is copied into the project.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import falseflag, machine, measure

HERE = Path(__file__).resolve().parent
TARGETS = {
    "seeds": {"quote_f1_overlap_50": 0.85, "speaker_accuracy": 0.88, "source_type_accuracy": 0.85, "kind_accuracy": 0.85, "mention_f1_exact": 0.85},
    "polnear_dev": {"content_f1_overlap_50": 0.70, "source_accuracy": 0.80},
    "speed": {"ratio_to_bare_spacy": 1.25, "peak_gb": 1.5},
}


def scores(system: Path, *gold: str) -> dict:
    result = subprocess.run(falseflag("evaluate", str(system), *gold, "--json"), capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"falseflag evaluate failed: {result.stderr}")
    return json.loads(result.stdout)["headline"]


def ingest(inputs: list[Path], out: Path) -> dict:
    run = measure(falseflag("ingest", *map(str, inputs), "--out", str(out), "--quiet", "--json"))
    if run.returncode not in (0, 1):
        raise SystemExit(f"falseflag ingest failed: {run.stderr}")
    return {"seconds": run.seconds, "peak_mb": run.peak_mb, **json.loads(run.stdout)}


def check(name: str, found: dict, targets: dict) -> list[str]:
    lines = []
    for key, target in targets.items():
        value = found.get(key)
        if key in ("ratio_to_bare_spacy", "peak_gb"):
            met = value is not None and value <= target
            lines.append(f"  {key}: {value:.3f} (target at most {target}) {'met' if met else 'MISSED'}")
        else:
            met = value is not None and value >= target
            lines.append(f"  {key}: {value if value is None else f'{value:.3f}'} (target at least {target}) {'met' if met else 'MISSED'}")
    return [f"{name}:", *lines]


BARE = """
import json, sys, time
started = time.perf_counter()
from falseflag.ingest import BATCH_SIZE
from falseflag.ingest.model import available_model
import spacy
nlp = spacy.load(sys.argv[2] if len(sys.argv) > 2 else available_model())
texts = [l for l in json.load(open(sys.argv[1], encoding="utf-8"))]
parsed = time.perf_counter()
n = sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE))
print(json.dumps({"articles": n, "load": parsed - started}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=HERE.parent.parent / "shared" / "seeds")
    parser.add_argument("--polnear", type=Path, default=HERE.parent.parent / "shared" / "polnear")
    parser.add_argument("--speed-articles", type=int, default=1000)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    info = machine("spacy", "trafilatura")
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    report: dict = {"machine": info, "targets": TARGETS}
    with tempfile.TemporaryDirectory(prefix="falseflag-ingest-bench-") as tmp:
        work = Path(tmp)
        seeds = ingest([args.seeds], work / "seeds")
        report["seeds"] = scores(work / "seeds", "--gold", str(HERE.parent))
        print("\n".join(check(f"seeds ({seeds['articles']} articles, against the bundled gold)", report["seeds"], TARGETS["seeds"])), flush=True)
        for split in ("dev", "train"):
            folder = args.polnear / split
            run = ingest([folder / "text"], work / split)
            found = scores(work / split, "--gold-brat", str(folder))
            report[f"polnear_{split}"] = found
            if split == "dev":
                print("\n".join(check(f"PolNeAR dev ({run['articles']} articles)", found, TARGETS["polnear_dev"])), flush=True)
            else:
                print(f"PolNeAR train ({run['articles']} articles, where the rules were tuned; no target): "
                      + ", ".join(f"{k} {found[k]:.3f}" for k in TARGETS["polnear_dev"]), flush=True)

        texts = [p.read_text(encoding="utf-8") for p in sorted((args.polnear / "train" / "text").glob("*.txt"))]
        picked = (texts + [t + "\n" for t in texts])[: args.speed_articles]
        corpus = work / "speed"
        corpus.mkdir()
        for i, text in enumerate(picked):
            (corpus / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        (work / "texts.json").write_text(json.dumps(picked), encoding="utf-8")
        words = sum(len(t.split()) for t in picked)
        bare = measure([sys.executable, "-c", BARE, str(work / "texts.json")])
        if bare.returncode != 0:
            raise SystemExit(f"the bare spaCy run failed: {bare.stderr}")
        ours = ingest([corpus], work / "speed-package")
        speed = {
            "articles": len(picked), "words": words,
            "bare_spacy_seconds": round(bare.seconds, 1), "bare_spacy_peak_mb": round(bare.peak_mb),
            "ingest_seconds": round(ours["seconds"], 1), "ingest_peak_mb": round(ours["peak_mb"]),
            "ratio_to_bare_spacy": ours["seconds"] / bare.seconds, "peak_gb": ours["peak_mb"] / 1024,
            "articles_per_second": len(picked) / ours["seconds"],
        }
        report["speed"] = speed
        print(f"speed ({len(picked)} PolNeAR train texts, {words:,} words, one process):")
        print(f"  bare spaCy nlp.pipe: {bare.seconds:.1f} s, {bare.peak_mb:.0f} MB")
        print(f"  falseflag ingest:    {ours['seconds']:.1f} s, {ours['peak_mb']:.0f} MB, {speed['articles_per_second']:.1f} articles per second")
        print("\n".join(check("  against the targets", speed, TARGETS["speed"])[1:]))
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
