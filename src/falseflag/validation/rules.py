"""Cross-table rules: SQL queries over the typed views, one row per problem.

Every rule is a query returning the columns ``_row``, ``field``, ``value`` and
``message`` for the rows of ``table`` that break it; its ``name`` is the check the
problems carry. The queries see three views of each table, and the helper tables
(``HELPERS`` and ``span_checks``):

* ``<table>`` (e.g. ``quotes``): typed columns, only the rows that passed the file and
  type checks, so a value that is not a number is reported once (as ``type``) and not
  again by every rule that reads it;
* ``unchecked.<table>``: typed columns of every row (NULL where a value did not parse),
  used where a row's mere existence matters (keys, "has at least one mention");
* ``src.<table>``: the columns as text, as they stand in the file.

``_row`` is the frictionless row number (header = row 1). Rules generated from the
Table Schemas (keys and spans) come first; RULES lists the rest. To add a rule, append
a Rule to RULES and describe it in docs/validation.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..db import quote_ident, quote_literal, text_slice
from ..package import DataPackage, TableSchema


@dataclass(frozen=True)
class Rule:
    name: str
    """The check name the problems carry."""
    table: str
    """The table whose rows the problems are about."""
    description: str
    query: str
    """SQL returning ``_row, field, value, message``."""
    tables: tuple[str, ...]
    """Every table the query reads; the rule is skipped when one of them could not be read."""
    columns: tuple[str, ...] = ()
    """Columns of ``table`` the rule needs, when its query does not name them (it reads a helper)."""


RULES: list[Rule] = [
    Rule(
        "sha256",
        "articles",
        "articles.sha256 is the SHA-256 of text (UTF-8).",
        """
        SELECT _row, 'sha256' AS field, sha256 AS value,
               format('sha256 does not match the text, whose SHA-256 is {}', _text_sha256) AS message
        FROM articles
        WHERE sha256 <> _text_sha256
        """,
        ("articles",),
        ("text",),
    ),
    Rule(
        "speaker-entity-type",
        "quotes",
        "quotes.speaker_entity_id is an entity of type person, organization or media_outlet.",
        """
        SELECT q._row, 'speaker_entity_id' AS field, q.speaker_entity_id AS value,
               format('speaker {} is a {}; a speaker is a person, organization or media_outlet', e.entity_id, e.type) AS message
        FROM quotes q JOIN entities e ON e.entity_id = q.speaker_entity_id
        WHERE e.type NOT IN ('person', 'organization', 'media_outlet')
        """,
        ("quotes", "entities"),
    ),
    Rule(
        "source-type-speaker",
        "quotes",
        "Quotes with source_type anonymous or unattributed have no speaker_entity_id; "
        "named_person quotes have one, and it is a person.",
        """
        SELECT _row, 'speaker_entity_id' AS field, speaker_entity_id AS value,
               format('source_type is {} but the quote names speaker {}', source_type, speaker_entity_id) AS message
        FROM quotes
        WHERE source_type IN ('anonymous', 'unattributed') AND speaker_entity_id IS NOT NULL
        UNION ALL
        SELECT _row, 'speaker_entity_id', NULL,
               'source_type is named_person but speaker_entity_id is empty'
        FROM quotes
        WHERE source_type = 'named_person' AND speaker_entity_id IS NULL
        UNION ALL
        SELECT q._row, 'speaker_entity_id', q.speaker_entity_id,
               format('source_type is named_person but speaker {} is a {}', e.entity_id, e.type)
        FROM quotes q JOIN entities e ON e.entity_id = q.speaker_entity_id
        WHERE q.source_type = 'named_person' AND e.type <> 'person'
        """,
        ("quotes", "entities"),
    ),
    Rule(
        "relay-entity-type",
        "quotes",
        "quotes.relay_entity_id is an entity of type media_outlet or organization.",
        """
        SELECT q._row, 'relay_entity_id' AS field, q.relay_entity_id AS value,
               format('relay {} is a {}; a relay is a media_outlet or organization', e.entity_id, e.type) AS message
        FROM quotes q JOIN entities e ON e.entity_id = q.relay_entity_id
        WHERE e.type NOT IN ('media_outlet', 'organization')
        """,
        ("quotes", "entities"),
    ),
    Rule(
        "parent-quote-article",
        "quotes",
        "quotes.parent_quote_id is a quote of the same article.",
        """
        SELECT c._row, 'parent_quote_id' AS field, c.parent_quote_id AS value,
               format('parent quote {} is in article {}, this quote in {}', p.quote_id, p.article_id, c.article_id) AS message
        FROM quotes c JOIN quotes p ON p.quote_id = c.parent_quote_id
        WHERE p.article_id <> c.article_id
        """,
        ("quotes",),
    ),
    Rule(
        "parent-quote-span",
        "quotes",
        "A quote's parent is another quote whose span [char_start, char_end) contains the child's span.",
        """
        SELECT c._row, 'parent_quote_id' AS field, c.parent_quote_id AS value,
               CASE WHEN p.quote_id = c.quote_id THEN 'a quote cannot be its own parent'
                    ELSE format('parent quote {} spans [{}, {}), which does not contain this quote''s [{}, {})',
                                p.quote_id, p.char_start, p.char_end, c.char_start, c.char_end)
               END AS message
        FROM quotes c JOIN quotes p ON p.quote_id = c.parent_quote_id
        WHERE p.article_id = c.article_id
          AND (p.quote_id = c.quote_id OR p.char_start > c.char_start OR p.char_end < c.char_end)
        """,
        ("quotes",),
    ),
    Rule(
        "claim-without-mention",
        "claims",
        "Every claim has at least one row in claim_mentions.",
        """
        SELECT c._row, 'claim_id' AS field, c.claim_id AS value,
               format('claim {} has no claim_mentions row', c.claim_id) AS message
        FROM claims c
        WHERE NOT EXISTS (SELECT 1 FROM unchecked.claim_mentions m WHERE m.claim_id = c.claim_id)
        """,
        ("claims", "claim_mentions"),
    ),
    Rule(
        "quote-article",
        "claim_mentions",
        "claim_mentions.quote_id is a quote of the mention's own article.",
        """
        SELECT m._row, 'quote_id' AS field, m.quote_id AS value,
               format('quote {} is in article {}, this mention in {}', q.quote_id, q.article_id, m.article_id) AS message
        FROM claim_mentions m JOIN quotes q ON q.quote_id = m.quote_id
        WHERE q.article_id <> m.article_id
        """,
        ("claim_mentions", "quotes"),
    ),
    Rule(
        "hedge-cue",
        "claim_mentions",
        "Every cue in hedge_cues (separated by ' | ') is non-empty and occurs in the mention's text.",
        """
        WITH cues AS (
            SELECT _row, text, unnest(string_split(hedge_cues, ' | ')) AS cue
            FROM claim_mentions
            WHERE hedge_cues IS NOT NULL
        )
        SELECT _row, 'hedge_cues' AS field, cue AS value,
               CASE WHEN cue = '' THEN 'hedge_cues has an empty cue (check the '' | '' separators)'
                    ELSE format('hedge cue "{}" does not occur in the mention text', cue)
               END AS message
        FROM cues
        WHERE cue = '' OR NOT contains(text, cue)
        """,
        ("claim_mentions",),
    ),
    Rule(
        "hedged",
        "claim_mentions",
        "A claim mention with hedge_cues is marked hedged = true.",
        """
        SELECT _row, 'hedged' AS field, hedged AS value,
               format('hedged is false but hedge_cues lists "{}"', hedge_cues) AS message
        FROM claim_mentions
        WHERE hedge_cues IS NOT NULL AND NOT hedged
        """,
        ("claim_mentions",),
    ),
    Rule(
        "value-range",
        "claim_mentions",
        "value_low <= value_high when both are given.",
        """
        SELECT _row, 'value_high' AS field, value_high AS value,
               format('value_low {} is greater than value_high {}', value_low, value_high) AS message
        FROM claim_mentions
        WHERE value_low > value_high
        """,
        ("claim_mentions",),
    ),
    Rule(
        "mention-in-boilerplate",
        "mentions",
        "A mention does not overlap a boilerplate span of the same article.",
        """
        SELECT m._row, 'char_start' AS field, m.text AS value,
               format('mention [{}, {}) overlaps boilerplate {} [{}, {})',
                      m.char_start, m.char_end, b.boilerplate_id, b.char_start, b.char_end) AS message
        FROM mentions m JOIN boilerplate b
          ON b.article_id = m.article_id AND m.char_start < b.char_end AND b.char_start < m.char_end
        """,
        ("mentions", "boilerplate"),
    ),
]
"""The rules written by hand, after the ones generated from the Table Schemas."""


def _names(fields: tuple[str, ...], alias: str) -> list[str]:
    return [f"{alias}.{quote_ident(f)}" for f in fields]


def _shown_value(columns: list[str]) -> str:
    casts = [f"CAST({c} AS VARCHAR)" for c in columns]
    return casts[0] if len(casts) == 1 else f"concat_ws(', ', {', '.join(casts)})"


def primary_key_rule(table: str, schema: TableSchema) -> Rule:
    label = ", ".join(schema.primary_key)
    keys = ", ".join(quote_ident(f) for f in schema.primary_key)
    present = " AND ".join(f"{quote_ident(f)} IS NOT NULL" for f in schema.primary_key)
    rows = f"unchecked.{quote_ident(table)}"
    return Rule(
        "primary-key",
        table,
        f"The primary key ({label}) is unique.",
        # Keys are first grouped by a hash, which is cheaper than grouping the values; only the
        # keys whose hash repeats are compared by value.
        f"""
        WITH repeated_hashes AS (
            SELECT hash({keys}) AS key_hash FROM {rows} WHERE {present} GROUP BY key_hash HAVING count(*) > 1
        ),
        keyed AS (
            SELECT _row, {keys}, count(*) OVER same_key AS copies, min(_row) OVER same_key AS first_row
            FROM {rows} WHERE {present} AND hash({keys}) IN (SELECT key_hash FROM repeated_hashes)
            WINDOW same_key AS (PARTITION BY {keys})
        )
        SELECT _row, {quote_literal(label)} AS field, {_shown_value(list(map(quote_ident, schema.primary_key)))} AS value,
               format('the primary key ({{}}) repeats row {{}}', {quote_literal(label)}, first_row) AS message
        FROM keyed
        WHERE copies > 1 AND _row > first_row
        """,
        (table,),
    )


def foreign_key_rule(table: str, fields: tuple[str, ...], parent: str, parent_fields: tuple[str, ...]) -> Rule:
    child_cols, parent_cols = _names(fields, "c"), _names(parent_fields, "p")
    label, target = ", ".join(fields), f"{parent}.{', '.join(parent_fields)}"
    matches = " AND ".join(f"{p} = {c}" for p, c in zip(parent_cols, child_cols))
    present = " AND ".join(f"{c} IS NOT NULL" for c in child_cols)
    return Rule(
        "foreign-key",
        table,
        f"Every {table}.{label} exists in {target}.",
        f"""
        SELECT c._row, {quote_literal(label)} AS field, {_shown_value(child_cols)} AS value,
               format('{{}} {{}} has no match in {{}}', {quote_literal(label)}, {_shown_value(child_cols)}, {quote_literal(target)}) AS message
        FROM unchecked.{quote_ident(table)} c
        WHERE {present} AND NOT EXISTS (SELECT 1 FROM unchecked.{quote_ident(parent)} p WHERE {matches})
        """,
        (table, parent),
    )


DOCS = "articles"
"""The table whose ``text`` the spans of every other table point into."""

DOC_COLUMNS = {
    "_text_length": "length(text)",
    "_text_sha256": "sha256(text)",
    "_ascii_text": r"""CASE WHEN strlen(text) = length(text) THEN text
                            ELSE regexp_replace(text, '[^\x00-\x7F]', '?', 'g') END""",
}
"""Columns derived from ``articles.text`` while the file is read (in parallel, once), and
available in the ``articles`` views: its length in code points, its SHA-256, and
``_ascii_text``, the text with every non-ASCII character replaced by '?'. That has the same
offsets, and DuckDB knows the column to be ASCII, so it slices it without scanning each
string from its start: the span checks compare most spans with it, which is several times
faster on a large corpus than slicing the text itself."""


def doc_columns(table: str, present: list[str]) -> dict[str, str]:
    """The derived columns of one table, given the columns its file has."""
    return dict(DOC_COLUMNS) if table == DOCS and "text" in present else {}


HELPERS = {
    "article_docs": "SELECT article_id, _text_length AS doc_length FROM articles",
}
"""Tables built once before the rules run, from the typed views."""


@dataclass(frozen=True)
class Span:
    """Three fields of a table that locate words in an article: start, end and the words."""

    start: str
    end: str
    text: str

    @property
    def fields(self) -> tuple[str, str, str]:
        return (self.start, self.end, self.text)


def spans(schema: TableSchema) -> list[Span]:
    """(char_start, char_end, text) and every (X_start, X_end, X or X_text) of a schema."""
    names = schema.field_names
    found = []
    for name in names:
        if not name.endswith("_start"):
            continue
        prefix = name[: -len("_start")]
        if f"{prefix}_end" not in names:
            continue
        candidates = ["text"] if prefix == "char" else [prefix, f"{prefix}_text"]
        text = next((c for c in candidates if c in names), None)
        if text is not None:
            found.append(Span(name, f"{prefix}_end", text))
    return found


def _refers_to_articles(table: str, schema: TableSchema) -> bool:
    return any(
        fk.fields == ("article_id",) and fk.resource == "articles" and fk.reference_fields == ("article_id",)
        for fk in schema.foreign_keys
    )


def span_rules(table: str, schema: TableSchema) -> list[Rule]:
    """Rules for the spans of a table whose rows are in an article (or of articles itself).

    ``span-bounds`` and ``span-text`` read the helper table ``span_checks``, which checks
    the spans of every table in one pass over the article texts (see ``span_checks_query``).
    """
    found = spans(schema)
    if not has_spans(table, schema):
        return []
    rules = [_span_partial_rule(table, span) for span in found if not all(schema.field(f).required for f in span.fields)]
    offsets = ", ".join(f"[{span.start}, {span.end})" for span in found)
    texts = ", ".join(span.text for span in found[:-1]) + f" and {found[-1].text}"
    needs = tuple(dict.fromkeys(["article_id", *(f for span in found for f in span.fields)]))
    for check, value, description in (
        ("span-bounds", "offset_value", f"{table}: every span {offsets} has 0 <= start <= end <= length of the article text."),
        (
            "span-text",
            "text_value",
            f"{table}: {found[0].text} is the article text from {found[0].start} to {found[0].end}."
            if len(found) == 1
            else f"{table}: {texts} are each the article text between their start and end offsets.",
        ),
    ):
        query = f"""
            SELECT _row, field, {value} AS value, message FROM span_checks
            WHERE table_name = {quote_literal(table)} AND check_name = {quote_literal(check)}
            """
        rules.append(Rule(check, table, description, query, (table, "articles"), needs))
    return rules


def has_spans(table: str, schema: TableSchema) -> bool:
    """Whether a table has spans into the article texts that the span rules check."""
    return bool(spans(schema)) and (table == "articles" or _refers_to_articles(table, schema))


def span_checks_query(package: DataPackage, columns: dict[str, list[str]]) -> str | None:
    """The helper ``span_checks``: every span that breaks span-bounds or span-text, of every table.

    ``columns`` lists the columns each readable table has; a table lacking one its spans
    need is left out (its span rules are skipped). All spans are joined to the article
    texts once. That join first compares each span with ``articles._ascii_text``; only
    the spans that differ there or hold non-ASCII text (or '?') are compared with the
    article text itself, which DuckDB slices more slowly.
    """
    branches = []
    for table, resource in package.resources.items():
        schema = resource.schema
        present = set(columns.get(table, ()))
        if not has_spans(table, schema) or "article_id" not in present:
            continue
        for span in spans(schema):
            if not set(span.fields) <= present:
                continue
            if schema.field(span.start).type != "integer" or schema.field(span.end).type != "integer":
                continue  # offsets declared as another type: a schema problem, reported as such
            s, e, t = (quote_ident(n) for n in span.fields)
            # A negative offset already fails the schema's minimum when it declares one.
            minimum = schema.field(span.start).minimum
            negative_is_new = "true" if minimum is None or minimum < 0 else "false"
            branches.append(
                f"""
                SELECT {quote_literal(table)} AS table_name, _row, article_id, {quote_literal(span.start)} AS start_field,
                       {quote_literal(span.end)} AS end_field, {quote_literal(span.text)} AS text_field,
                       {s} AS span_start, {e} AS span_end, {t} AS span_text, {negative_is_new} AS report_negative
                FROM {quote_ident(table)} WHERE {s} IS NOT NULL AND {e} IS NOT NULL"""
            )
    if not branches:
        return None
    return f"""
        WITH located AS MATERIALIZED (
            SELECT * FROM (
                SELECT x.*, d.doc_length,
                       CASE WHEN (report_negative AND span_start < 0) OR span_start > span_end OR span_end > d.doc_length
                                 THEN 'span-bounds'
                            WHEN span_text IS NULL OR span_start < 0 THEN NULL
                            -- Plain ASCII text equal to its slice of _ascii_text is equal to its slice of the article.
                            WHEN NOT contains(span_text, '?')
                                 AND substring(d.ascii_doc, span_start + 1, span_end - span_start) = span_text THEN NULL
                            ELSE 'span-text' END AS check_name
                FROM ({" UNION ALL ".join(branches)}) x
                JOIN (SELECT article_id, _text_length AS doc_length, _ascii_text AS ascii_doc FROM articles) d
                  ON d.article_id = x.article_id
            ) WHERE check_name IS NOT NULL
        ),
        out_of_bounds AS (
            SELECT table_name, 'span-bounds' AS check_name, _row,
                   CASE WHEN span_start < 0 OR span_start > span_end THEN start_field ELSE end_field END AS field,
                   CASE WHEN span_start < 0 OR span_start > span_end THEN span_start ELSE span_end END AS offset_value,
                   NULL::VARCHAR AS text_value,
                   CASE WHEN span_start < 0 THEN format('{{}} {{}} is negative', start_field, span_start)
                        WHEN span_start > span_end THEN format('{{}} {{}} is after {{}} {{}}', start_field, span_start, end_field, span_end)
                        ELSE format('{{}} {{}} is past the end of the article text ({{}} characters)', end_field, span_end, doc_length)
                   END AS message
            FROM located WHERE check_name = 'span-bounds'
        ),
        compared AS (
            SELECT l.*, a.text AS doc, {text_slice("a.text", "doc_length", "span_start", "span_end")} AS actual
            FROM located l JOIN articles a ON a.article_id = l.article_id
            WHERE l.check_name = 'span-text'
        ),
        wrong_text AS (
            SELECT table_name, 'span-text' AS check_name, _row, text_field AS field, NULL::BIGINT AS offset_value, span_text AS text_value,
                   format('the article text at [{{}}, {{}}) reads "{{}}"{{}}', span_start, span_end,
                          CASE WHEN length(actual) > 50 THEN left(actual, 49) || '…' ELSE actual END,
                          CASE WHEN position(span_text IN doc) > 0
                               THEN format('; {{}} first occurs at [{{}}, {{}})', text_field, position(span_text IN doc) - 1,
                                           position(span_text IN doc) - 1 + length(span_text))
                               ELSE format('; {{}} occurs nowhere in the article', text_field) END) AS message
            FROM compared WHERE actual <> span_text
        )
        SELECT * FROM out_of_bounds UNION ALL SELECT * FROM wrong_text
    """


def _span_partial_rule(table: str, span: Span) -> Rule:
    s, e, t = (quote_ident(n) for n in span.fields)
    words = f"{span.start}, {span.end} and {span.text}"
    missing = ", ".join(f"CASE WHEN {quote_ident(f)} IS NULL THEN {quote_literal(f)} END" for f in span.fields)
    return Rule(
        "span-partial",
        table,
        f"{table}: {words} are all empty or all filled.",
        f"""
        SELECT _row, concat_ws(', ', {missing}) AS field, NULL AS value,
               format('{{}} must be all filled or all empty; {{}} is empty', {quote_literal(words)}, concat_ws(', ', {missing})) AS message
        FROM {quote_ident(table)}
        WHERE NOT (({s} IS NULL AND {e} IS NULL AND {t} IS NULL) OR ({s} IS NOT NULL AND {e} IS NOT NULL AND {t} IS NOT NULL))
        """,
        (table,),
    )


def schema_rules(package: DataPackage) -> list[Rule]:
    """Key and span rules generated from the Table Schemas of ``package``.

    A rule reading a table that could not be read, or a column its file lacks, is skipped
    (and listed as such) when the rules run.
    """
    rules: list[Rule] = []
    for table, resource in package.resources.items():
        schema = resource.schema
        if schema.primary_key:
            rules.append(primary_key_rule(table, schema))
        for fk in schema.foreign_keys:
            parent = package.resources.get(fk.resource)
            if parent is None or not set(fk.reference_fields) <= set(parent.schema.field_names):
                continue  # a foreign key to nothing: a schema problem (see core.foreign_key_problems)
            rules.append(foreign_key_rule(table, fk.fields, fk.resource, fk.reference_fields))
    for table, resource in package.resources.items():
        rules.extend(span_rules(table, resource.schema))
    return rules


def all_rules(package: DataPackage) -> list[Rule]:
    """Every rule that applies to ``package``: generated ones first, then RULES."""
    return schema_rules(package) + RULES
