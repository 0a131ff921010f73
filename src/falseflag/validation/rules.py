"""Cross-table rules: SQL queries over the typed views, one row per problem.

Every rule is a query returning the columns ``_row``, ``field``, ``value`` and
``message`` for the rows of ``table`` that break it; its ``name`` is the check the
problems carry. The queries see three views of each table:

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

from ..db import quote_ident, quote_literal
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


RULES: list[Rule] = [
    Rule(
        "sha256",
        "articles",
        "articles.sha256 is the SHA-256 of text (UTF-8).",
        """
        SELECT _row, 'sha256' AS field, sha256 AS value,
               format('sha256 does not match the text, whose SHA-256 is {}', sha256(text)) AS message
        FROM articles
        WHERE sha256 <> sha256(text)
        """,
        ("articles",),
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
    same = " AND ".join(f"k.{quote_ident(f)} = r.{quote_ident(f)}" for f in schema.primary_key)
    return Rule(
        "primary-key",
        table,
        f"The primary key ({label}) is unique.",
        f"""
        WITH keyed AS (SELECT _row, {keys} FROM unchecked.{quote_ident(table)} WHERE {present}),
        repeated AS (SELECT {keys}, min(_row) AS first_row FROM keyed GROUP BY {keys} HAVING count(*) > 1)
        SELECT k._row, {quote_literal(label)} AS field, {_shown_value(_names(schema.primary_key, "k"))} AS value,
               format('the primary key ({{}}) repeats row {{}}', {quote_literal(label)}, r.first_row) AS message
        FROM keyed k JOIN repeated r ON {same}
        WHERE k._row > r.first_row
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


HELPERS = {
    "article_docs": r"""
        SELECT article_id, length(text) AS doc_length,
               CASE WHEN strlen(text) = length(text) THEN text
                    ELSE regexp_replace(text, '[^\x00-\x7F]', '?', 'g') END AS ascii_doc
        FROM articles
    """,
}
"""Tables built once before the rules run, from the typed views.

``article_docs.ascii_doc`` is each article's text with every non-ASCII character replaced
by '?': the same offsets, and a column DuckDB knows to be ASCII, which it slices without
scanning each string from its start. That makes the span checks several times faster on
a large corpus.
"""


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

    All spans of a table are checked by one query per check, so the articles are joined
    once per table and check, not once per span.
    """
    found = spans(schema)
    if not found or (table != "articles" and not _refers_to_articles(table, schema)):
        return []
    rules = [_span_partial_rule(table, span) for span in found if not all(schema.field(f).required for f in span.fields)]
    branches = []
    for span in found:
        s, e, t = (quote_ident(n) for n in span.fields)
        # A negative offset already fails the schema's minimum when it declares one.
        minimum = schema.field(span.start).minimum
        negative_is_new = "true" if minimum is None or minimum < 0 else "false"
        branches.append(
            f"""
            SELECT _row, article_id, {quote_literal(span.start)} AS start_field, {quote_literal(span.end)} AS end_field,
                   {quote_literal(span.text)} AS text_field, {s} AS span_start, {e} AS span_end, {t} AS span_text,
                   {negative_is_new} AS report_negative
            FROM {quote_ident(table)} WHERE {s} IS NOT NULL AND {e} IS NOT NULL"""
        )
    located = f"""
        SELECT x.*, d.doc_length, d.ascii_doc
        FROM ({" UNION ALL ".join(branches)}) x JOIN article_docs d ON d.article_id = x.article_id"""
    offsets = ", ".join(f"[{span.start}, {span.end})" for span in found)
    texts = ", ".join(span.text for span in found[:-1]) + f" and {found[-1].text}"
    rules.append(
        Rule(
            "span-bounds",
            table,
            f"{table}: every span {offsets} has 0 <= start <= end <= length of the article text.",
            f"""
            WITH spans AS ({located})
            SELECT _row,
                   CASE WHEN span_start < 0 OR span_start > span_end THEN start_field ELSE end_field END AS field,
                   CASE WHEN span_start < 0 OR span_start > span_end THEN span_start ELSE span_end END AS value,
                   CASE WHEN span_start < 0 THEN format('{{}} {{}} is negative', start_field, span_start)
                        WHEN span_start > span_end THEN format('{{}} {{}} is after {{}} {{}}', start_field, span_start, end_field, span_end)
                        ELSE format('{{}} {{}} is past the end of the article text ({{}} characters)', end_field, span_end, doc_length)
                   END AS message
            FROM spans
            WHERE (report_negative AND span_start < 0) OR span_start > span_end OR span_end > doc_length
            """,
            (table, "articles"),
        )
    )
    rules.append(
        Rule(
            "span-text",
            table,
            f"{table}: {found[0].text} is the article text from {found[0].start} to {found[0].end}."
            if len(found) == 1
            else f"{table}: {texts} are each the article text between their start and end offsets.",
            f"""
            WITH spans AS ({located}),
            -- A fast first pass: a text without '?' that equals its slice of ascii_doc is plain
            -- ASCII and equals its slice of the article; only the other spans are sliced from
            -- the article itself.
            suspects AS (
                SELECT * FROM spans
                WHERE span_text IS NOT NULL AND span_start >= 0 AND span_start <= span_end AND span_end <= doc_length
                  AND (contains(span_text, '?') OR substring(ascii_doc, span_start + 1, span_end - span_start) <> span_text)
            ),
            compared AS (
                SELECT s.*, a.text AS doc, substring(a.text, span_start + 1, span_end - span_start) AS actual
                FROM suspects s JOIN articles a ON a.article_id = s.article_id
            )
            SELECT _row, text_field AS field, span_text AS value,
                   format('the article text at [{{}}, {{}}) reads "{{}}"{{}}', span_start, span_end,
                          CASE WHEN length(actual) > 50 THEN left(actual, 49) || '…' ELSE actual END,
                          CASE WHEN position(span_text IN doc) > 0
                               THEN format('; {{}} first occurs at [{{}}, {{}})', text_field, position(span_text IN doc) - 1,
                                           position(span_text IN doc) - 1 + length(span_text))
                               ELSE format('; {{}} occurs nowhere in the article', text_field) END) AS message
            FROM compared
            WHERE actual <> span_text
            """,
            (table, "articles"),
        )
    )
    return rules


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
            rules.append(foreign_key_rule(table, fk.fields, fk.resource, fk.reference_fields))
    for table, resource in package.resources.items():
        rules.extend(span_rules(table, resource.schema))
    return rules


def all_rules(package: DataPackage) -> list[Rule]:
    """Every rule that applies to ``package``: generated ones first, then RULES."""
    return schema_rules(package) + RULES
