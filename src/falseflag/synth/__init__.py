"""Synthetic corpora of any size, with planted cases and a truth file to score analyzers against.

    summary = falseflag.synth.generate("corpus", articles=10_000, seed=1)

See docs/synth.md for what is generated and how the planted cases are made.
"""

from .writer import DEFAULT_SHARES, FORMATS, SynthError, SynthSummary, generate

__all__ = ["DEFAULT_SHARES", "FORMATS", "SynthError", "SynthSummary", "generate"]
