"""A falseflag plugin: loaded language and epithets, from a lexicon kept in ``lexicon.csv``."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import falseflag
from falseflag.db import quote_literal

NAME = "loaded-language"
HERE = Path(__file__).resolve().parent
LEXICON = HERE / "lexicon.csv"
MATCHES_SQL = HERE / "matches.sql"
PER_OUTLET_SQL = HERE / "per_outlet.sql"

try:
    __version__ = version("falseflag-loaded-language")
except PackageNotFoundError:
    __version__ = "0+unknown"


@falseflag.hookimpl
def register_analyzers(register):
    register(
        falseflag.Analyzer(
            name=NAME,
            title="Loaded language and epithets",
            description=(
                "Finds words and nicknames from a lexicon of loaded language (epithets such as "
                "'regime' or 'aggressor', mocking nicknames, loaded terms such as 'brazen') in the "
                "articles' own text, and counts them per outlet, in the outlet's words and in quotations."
            ),
            version=__version__,
            run=run,
            sql_files=(str(MATCHES_SQL), str(PER_OUTLET_SQL)),
        )
    )


@falseflag.hookimpl
def prepare_connection(connection, analyzer):
    # Called for this plugin's own analyzers only; the lexicon lies in the package folder,
    # the one folder its connection may read.
    if analyzer.name != NAME:
        return
    connection.execute(
        "CREATE TEMP TABLE loaded_language_lexicon AS SELECT * FROM read_csv("
        f"{quote_literal(str(LEXICON))}, header = true, auto_detect = false, "
        "columns = {'term': 'VARCHAR', 'category': 'VARCHAR', 'note': 'VARCHAR'})"
    )


def run(connection) -> falseflag.AnalyzerResult:
    connection.execute(MATCHES_SQL.read_text(encoding="utf-8"))
    result = falseflag.AnalyzerResult()
    result.add_table(
        "matches",
        connection.sql("SELECT * FROM loaded_language_matches ORDER BY article_id, char_start"),
        "Every lexicon match outside boilerplate, with its span and whether it is inside a quotation.",
    )
    result.add_table(
        "per_outlet",
        connection.sql(PER_OUTLET_SQL.read_text(encoding="utf-8")),
        "Matches per outlet and category, in the outlet's own words and in quotations.",
    )
    rows = connection.execute(
        "SELECT article_id, outlet_id, char_start, char_end, text, category, note, quoted "
        "FROM loaded_language_matches ORDER BY article_id, char_start"
    ).fetchall()
    for article_id, outlet_id, start, end, text, category, note, quoted in rows:
        voice = "quotes someone using" if quoted else "uses"
        result.findings.append(
            falseflag.Finding(
                kind=category,
                message=f"{outlet_id} {voice} “{text}” ({note})",
                evidence=(falseflag.Evidence(article_id, start, end, text),),
                data={"outlet_id": outlet_id, "quoted": quoted},
            )
        )
    articles = len({r[0] for r in rows})
    result.summary = f"{len(rows)} loaded-language matches in {articles} articles"
    return result
