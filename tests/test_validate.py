"""``falseflag.validate`` and ``falseflag validate``: the bundled corpus, and copies broken on purpose.

Each broken copy is the bundled corpus with one fault put in by a helper below. The
test compares the copy's problems with the bundled corpus' own (normally none), so the
assertion is exact: the fault put in, and nothing else, is what is new.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import falseflag
from falseflag._bundle import bundled_root
from falseflag.cli import cli
from falseflag.validation import CHECKS, ValidationReport, all_rules, validate

Key = tuple[str | None, int | None, str | None, str]


# ---------------------------------------------------------------- helpers


def keys(problems) -> set[Key]:
    """(table, row, field, check) of each problem, from Problems or the JSON report's dicts."""
    as_dicts = [p if isinstance(p, dict) else p.to_dict() for p in problems]
    return {(p["table"], p["row"], p["field"], p["check"]) for p in as_dicts}


@pytest.fixture
def baseline(package_copy: Path) -> set[Key]:
    """The copy's own problems before a test breaks it (none while the bundled corpus is valid)."""
    return keys(validate(package_copy).problems)


def csv_path(folder: Path, table: str) -> Path:
    return folder / "data" / f"{table}.csv"


def read_table(folder: Path, table: str) -> tuple[list[str], list[list[str]]]:
    with open(csv_path(folder, table), newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    return header, rows


def write_table(folder: Path, table: str, header: list[str], rows: list[list[str]]) -> None:
    with open(csv_path(folder, table), "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])


def set_cell(folder: Path, table: str, row: int, field: str, value: str) -> None:
    """Change one cell; ``row`` counts like the report (the first data row is 2)."""
    header, rows = read_table(folder, table)
    rows[row - 2][header.index(field)] = value
    write_table(folder, table, header, rows)


def get_cell(folder: Path, table: str, row: int, field: str) -> str:
    header, rows = read_table(folder, table)
    return rows[row - 2][header.index(field)]


def append_row(folder: Path, table: str, **values: object) -> int:
    """Add a row (unnamed columns empty); returns its row number."""
    header, rows = read_table(folder, table)
    unknown = set(values) - set(header)
    assert not unknown, unknown
    values.setdefault("annotator", "gold")
    rows.append(["" if values.get(h) is None else str(values[h]) for h in header])
    write_table(folder, table, header, rows)
    return len(rows) + 1


def append_line(folder: Path, table: str, line: bytes) -> int:
    """Add raw bytes as the file's last line; returns the row number it takes."""
    path = csv_path(folder, table)
    data = path.read_bytes()
    if not data.endswith(b"\n"):
        data += b"\n"
    path.write_bytes(data + line + b"\n")
    return len(read_table_lenient(path)) + 2


def read_table_lenient(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        return list(csv.reader(fh))[1:-1]


def first_article(folder: Path) -> tuple[str, str]:
    header, rows = read_table(folder, "articles")
    return rows[0][header.index("article_id")], rows[0][header.index("text")]


def word_span(folder: Path, nth: int = 3) -> tuple[str, int, int, str]:
    """(article_id, start, end, word) of the nth word of the first article."""
    article_id, text = first_article(folder)
    match = list(re.finditer(r"[A-Za-z]{4,}", text))[nth]
    return article_id, match.start(), match.end(), match.group()


def free_span(folder: Path) -> tuple[str, int, int, str]:
    """A word of the first article that no mention and no boilerplate span touches."""
    article_id, text = first_article(folder)
    taken = []
    for table in ("mentions", "boilerplate"):
        header, rows = read_table(folder, table)
        taken += [
            (int(r[header.index("char_start")]), int(r[header.index("char_end")]))
            for r in rows
            if r[header.index("article_id")] == article_id
        ]
    for match in re.finditer(r"[A-Za-z]{4,}", text):
        if all(match.end() <= s or e <= match.start() for s, e in taken):
            return article_id, match.start(), match.end(), match.group()
    raise AssertionError("no free word in the first article")


def append_quote(folder: Path, **values: object) -> int:
    """A valid quote of the first article's 4th word, with ``values`` changed."""
    article_id, start, end, word = word_span(folder)
    row = dict(quote_id="test-quote", article_id=article_id, char_start=start, char_end=end, text=word,
               kind="indirect", source_type="unattributed")
    return append_row(folder, "quotes", **{**row, **values})


def append_entity(folder: Path, entity_id: str, type_: str) -> int:
    return append_row(folder, "entities", entity_id=entity_id, name=entity_id.title(), type=type_)


def append_claim_mention(folder: Path, **values: object) -> int:
    """A claim and a valid mention of it (the first article's 4th word), with ``values`` changed."""
    append_row(folder, "claims", claim_id="test-claim", statement="A test claim.", kind="event")
    article_id, start, end, word = word_span(folder)
    row = dict(claim_mention_id="test-claim-mention", claim_id="test-claim", article_id=article_id,
               char_start=start, char_end=end, text=word, voice="outlet", stance="supports", hedged="false")
    return append_row(folder, "claim_mentions", **{**row, **values})


def set_resource(folder: Path, table: str, **changes: object) -> None:
    """Change (or, with None, drop) keys of one resource in the descriptor."""
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == table:
            for key, value in changes.items():
                if value is None:
                    resource.pop(key, None)
                else:
                    resource[key] = value
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def run_cli(*args: str):
    return CliRunner().invoke(cli, ["validate", *args])


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ---------------------------------------------------------------- the bundled corpus


def test_bundled_corpus_is_valid():
    report = validate()
    shown = "\n".join(f"{p.table} row {p.row} {p.field} [{p.check}] {p.message}" for p in report.problems[:50])
    assert report.valid, f"{report.summary()}\n{shown}"
    assert {t.name for t in report.tables} == set(falseflag.TABLES)
    assert not report.skipped_rules


def test_bundled_corpus_passes_frictionless():
    script = Path(sys.executable).with_name("frictionless")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "frictionless"]
    result = subprocess.run(
        [*command, "validate", "datapackage.json"], cwd=bundled_root(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_cli_exit_0_and_summary_on_the_bundled_corpus():
    result = run_cli()
    assert result.exit_code == 0, result.output
    assert result.output.startswith("valid: 9 tables")


# ---------------------------------------------------------------- one fault per copy


def drop_column(folder: Path, table: str, field: str) -> None:
    header, rows = read_table(folder, table)
    i = header.index(field)
    write_table(folder, table, header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows])


def add_column(folder: Path, table: str, field: str) -> None:
    header, rows = read_table(folder, table)
    write_table(folder, table, [*header, field], [[*r, "x"] for r in rows])


def swap_columns(folder: Path, table: str, a: str, b: str) -> None:
    header, rows = read_table(folder, table)
    i, j = header.index(a), header.index(b)
    for r in [header, *rows]:
        r[i], r[j] = r[j], r[i]
    write_table(folder, table, header, rows)


def bad_byte(folder: Path) -> set[Key]:
    path = csv_path(folder, "outlets")
    data = path.read_bytes()
    at = data.index(b"outlet-001,")
    at = data.index(b"The text", at) + len(b"The")
    path.write_bytes(data[:at] + b"\xff\xfe" + data[at:])
    return {("outlets", 3, "name_evidence", "encoding")}


def unbalanced_quote(folder: Path) -> set[Key]:
    row = append_line(folder, "outlets", b'outlet-x,"Unclosed name,evidence')
    return {("outlets", row, None, "csv-syntax")}


def ragged_row(folder: Path) -> set[Key]:
    row = append_line(folder, "outlets", b"outlet-x,a name,its evidence,gold,one field too many")
    return {("outlets", row, None, "ragged-row")}


def shifted_span(folder: Path) -> set[Key]:
    _, start, end, _ = word_span(folder)
    row = append_quote(folder, char_start=start + 1, char_end=end + 1)
    return {("quotes", row, "text", "span-text")}


def span_past_the_end(folder: Path) -> set[Key]:
    _, text = first_article(folder)
    row = append_quote(folder, char_start=len(text) - 2, char_end=len(text) + 5)
    return {("quotes", row, "char_end", "span-bounds")}


def span_start_after_end(folder: Path) -> set[Key]:
    row = append_quote(folder, char_start=20, char_end=10)
    return {("quotes", row, "char_start", "span-bounds")}


def partial_speaker_span(folder: Path) -> set[Key]:
    row = append_quote(folder, speaker_start=0, speaker_end=3)
    return {("quotes", row, "speaker_text", "span-partial")}


def span_text_with_another_quote_mark(folder: Path) -> set[Key]:
    # Differs from the article only in a non-ASCII character: ’ where the article has ‘ or the reverse.
    article_id, text = first_article(folder)
    match = re.search(r"\w*[’‘]\w*", text)
    assert match, "the first article has no curly apostrophe"
    wrong = match.group().translate(str.maketrans("’‘", "‘’"))
    row = append_quote(folder, char_start=match.start(), char_end=match.end(), text=wrong)
    return {("quotes", row, "text", "span-text")}


def late_curly_apostrophe(folder: Path) -> re.Match:
    """The last word with a curly apostrophe of the first article, which lies in its second half
    (the span check reads such a span from the end of the text)."""
    _, text = first_article(folder)
    match = list(re.finditer(r"\w*[’‘]\w*", text))[-1]
    assert 2 * match.start() > len(text), "the first article has no curly apostrophe in its second half"
    return match


def late_span_text_with_another_quote_mark(folder: Path) -> set[Key]:
    match = late_curly_apostrophe(folder)
    wrong = match.group().translate(str.maketrans("’‘", "‘’"))
    row = append_quote(folder, char_start=match.start(), char_end=match.end(), text=wrong)
    return {("quotes", row, "text", "span-text")}


def span_text_with_a_question_mark(folder: Path) -> set[Key]:
    # '?' stands for every non-ASCII character in the fast first pass of the span check.
    article_id, text = first_article(folder)
    match = re.search(r"\w*[’‘]\w*", text)
    row = append_quote(folder, char_start=match.start(), char_end=match.end(), text=re.sub("[’‘]", "?", match.group()))
    return {("quotes", row, "text", "span-text")}


def span_text_right_with_non_ascii(folder: Path) -> set[Key]:
    article_id, text = first_article(folder)
    match = re.search(r"[^\x00-\x7f][^\n]{0,40}", text)
    append_quote(folder, char_start=match.start(), char_end=match.end(), text=match.group())
    return set()


def duplicate_key(folder: Path) -> set[Key]:
    row = append_row(folder, "outlets", outlet_id=get_cell(folder, "outlets", 2, "outlet_id"), name_evidence="twice")
    return {("outlets", row, "outlet_id", "primary-key")}


def duplicate_unique(folder: Path) -> set[Key]:
    header, rows = read_table(folder, "articles")
    copy = dict(zip(header, rows[0]))
    copy["article_id"] = "a-copy"
    row = append_row(folder, "articles", **copy)
    return {("articles", row, "source_file", "unique")}


def speaker_is_a_country(folder: Path) -> set[Key]:
    append_entity(folder, "test-country", "country")
    _, start, end, word = word_span(folder, 5)
    row = append_quote(folder, source_type="organization", speaker_entity_id="test-country",
                       speaker_text=word, speaker_start=start, speaker_end=end)
    return {("quotes", row, "speaker_entity_id", "speaker-entity-type")}


def anonymous_with_speaker(folder: Path) -> set[Key]:
    append_entity(folder, "test-person", "person")
    row = append_quote(folder, source_type="anonymous", speaker_entity_id="test-person")
    return {("quotes", row, "speaker_entity_id", "source-type-speaker")}


def named_person_is_an_organization(folder: Path) -> set[Key]:
    append_entity(folder, "test-org", "organization")
    row = append_quote(folder, source_type="named_person", speaker_entity_id="test-org")
    return {("quotes", row, "speaker_entity_id", "source-type-speaker")}


def relay_is_a_person(folder: Path) -> set[Key]:
    append_entity(folder, "test-person", "person")
    row = append_quote(folder, relay_entity_id="test-person")
    return {("quotes", row, "relay_entity_id", "relay-entity-type")}


def parent_does_not_contain_child(folder: Path) -> set[Key]:
    append_quote(folder, quote_id="test-parent")
    _, start, end, word = word_span(folder, 6)
    row = append_quote(folder, char_start=start, char_end=end, text=word, parent_quote_id="test-parent")
    return {("quotes", row, "parent_quote_id", "parent-quote-span")}


def hedge_cue_not_in_text(folder: Path) -> set[Key]:
    row = append_claim_mention(folder, hedged="true", hedge_cues="allegedly")
    return {("claim_mentions", row, "hedge_cues", "hedge-cue")}


def hedge_cues_but_not_hedged(folder: Path) -> set[Key]:
    _, _, _, word = word_span(folder)
    row = append_claim_mention(folder, hedged="false", hedge_cues=word)
    return {("claim_mentions", row, "hedged", "hedged")}


def values_reversed(folder: Path) -> set[Key]:
    row = append_claim_mention(folder, value_low="100", value_high="10")
    return {("claim_mentions", row, "value_high", "value-range")}


def quote_of_another_article(folder: Path) -> set[Key]:
    header, rows = read_table(folder, "articles")
    other = rows[1][header.index("article_id")]
    text = rows[1][header.index("text")]
    append_row(folder, "quotes", quote_id="test-quote", article_id=other, char_start=0, char_end=4, text=text[:4],
               kind="direct", source_type="unattributed")
    row = append_claim_mention(folder, voice="source", quote_id="test-quote")
    return {("claim_mentions", row, "quote_id", "quote-article")}


def mention_in_boilerplate(folder: Path) -> set[Key]:
    article_id, start, end, word = free_span(folder)
    append_row(folder, "boilerplate", boilerplate_id="test-bp", article_id=article_id, char_start=start,
               char_end=end, text=word, kind="caption")
    append_entity(folder, "test-person", "person")
    row = append_row(folder, "mentions", mention_id="test-mention", article_id=article_id, entity_id="test-person",
                     char_start=start, char_end=end, text=word, form="name")
    return {("mentions", row, "char_start", "mention-in-boilerplate")}


def missing_schema_file(folder: Path) -> set[Key]:
    (folder / "schemas" / "claims.schema.json").unlink()
    return {("claims", None, None, "schema")}


def missing_resource(folder: Path) -> set[Key]:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "claims"]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    return {("claims", None, None, "missing-resource")}


def parquet_missing_column(folder: Path) -> set[Key]:
    con = duckdb.connect()
    source = csv_path(folder, "outlets").as_posix()
    target = (folder / "data" / "outlets.parquet").as_posix()
    con.execute(f"COPY (SELECT outlet_id, name_evidence, annotator FROM read_csv('{source}', all_varchar = true)) TO '{target}' (FORMAT parquet)")
    set_resource(folder, "outlets", path="data/outlets.parquet", format="parquet", mediatype=None, encoding=None)
    return {("outlets", None, "name", "missing-column")}


def parquet_wrong_type(folder: Path) -> set[Key]:
    con = duckdb.connect()
    source = csv_path(folder, "articles").as_posix()
    target = (folder / "data" / "articles.parquet").as_posix()
    con.execute(f"COPY (SELECT * FROM read_csv('{source}', all_varchar = true)) TO '{target}' (FORMAT parquet)")
    set_resource(folder, "articles", path="data/articles.parquet", format="parquet", mediatype=None, encoding=None)
    return {("articles", None, f, "column-type") for f in ("title_start", "title_end", "published")}


def cell_fault(table: str, row: int, field: str, value: str, check: str) -> Callable[[Path], set[Key]]:
    """A corruption that sets one cell and expects one problem there."""

    def corrupt(folder: Path) -> set[Key]:
        set_cell(folder, table, row, field, value)
        return {(table, row, field, check)}

    return corrupt


def missing_file(folder: Path) -> set[Key]:
    csv_path(folder, "claims").unlink()
    return {("claims", None, None, "missing-file")}


def missing_column(folder: Path) -> set[Key]:
    drop_column(folder, "outlets", "name")
    return {("outlets", 1, "name", "missing-column")}


def extra_column(folder: Path) -> set[Key]:
    add_column(folder, "outlets", "extra")
    return {("outlets", 1, "extra", "extra-column")}


def columns_out_of_order(folder: Path) -> set[Key]:
    swap_columns(folder, "outlets", "name", "name_evidence")
    return {("outlets", 1, None, "column-order")}


def claim_without_mention(folder: Path) -> set[Key]:
    row = append_row(folder, "claims", claim_id="lonely", statement="Nobody says this.", kind="event")
    return {("claims", row, "claim_id", "claim-without-mention")}


def quote_fault(field: str, value: object, check: str) -> Callable[[Path], set[Key]]:
    """A corruption that adds a quote with one bad value and expects one problem there."""
    return lambda folder: {("quotes", append_quote(folder, **{field: value}), field, check)}


sha256_mismatch = cell_fault("articles", 2, "sha256", "0" * 64, "sha256")

CORRUPTIONS: dict[str, Callable[[Path], set[Key]]] = {
    "missing table file": missing_file,
    "unbalanced quotes": unbalanced_quote,
    "ragged row": ragged_row,
    "non-UTF-8 bytes": bad_byte,
    "missing column": missing_column,
    "extra column": extra_column,
    "columns out of order": columns_out_of_order,
    "integer column holds abc": cell_fault("articles", 2, "title_start", "abc", "type"),
    "boolean column holds maybe": lambda f: {("claim_mentions", append_claim_mention(f, hedged="maybe"), "hedged", "type")},
    "date column holds 2022-02-30": cell_fault("articles", 2, "published", "2022-02-30", "type"),
    "bad enum value": quote_fault("kind", "paraphrase", "enum"),
    "bad pattern": quote_fault("quote_id", "Test Quote", "pattern"),
    "below minimum": quote_fault("char_start", -1, "minimum"),
    "required value empty": quote_fault("text", "", "required"),
    "broken foreign key": cell_fault("articles", 2, "outlet_id", "outlet-nope", "foreign-key"),
    "broken self-reference": quote_fault("parent_quote_id", "no-such-quote", "foreign-key"),
    "duplicate primary key": duplicate_key,
    "duplicate unique value": duplicate_unique,
    "span offsets outside the text": span_past_the_end,
    "span start after end": span_start_after_end,
    "span text shifted by one": shifted_span,
    "span partly filled": partial_speaker_span,
    "span text with another quote mark": span_text_with_another_quote_mark,
    "span text with ? for a quote mark": span_text_with_a_question_mark,
    "span text with another quote mark late in the text": late_span_text_with_another_quote_mark,
    "sha256 mismatch": sha256_mismatch,
    "claim without mention": claim_without_mention,
    "speaker is a country": speaker_is_a_country,
    "anonymous quote with a speaker": anonymous_with_speaker,
    "named_person speaker is an organization": named_person_is_an_organization,
    "relay is a person": relay_is_a_person,
    "parent quote does not contain the child": parent_does_not_contain_child,
    "hedge cue not in the text": hedge_cue_not_in_text,
    "hedge cues but not hedged": hedge_cues_but_not_hedged,
    "value_low above value_high": values_reversed,
    "claim mention's quote in another article": quote_of_another_article,
    "mention inside boilerplate": mention_in_boilerplate,
    "schema file missing": missing_schema_file,
    "resource missing from the descriptor": missing_resource,
    "parquet resource missing a column": parquet_missing_column,
    "parquet column of the wrong type": parquet_wrong_type,
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_each_fault_is_reported_exactly(package_copy, baseline, corrupt):
    expected = corrupt(package_copy)
    result = run_cli(str(package_copy), "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert keys(report["problems"]) - baseline == expected
    documented = set(CHECKS) | {rule.name for rule in all_rules(falseflag.load_package())}
    for problem in report["problems"]:
        assert problem["message"] and "Traceback" not in problem["message"]
        assert problem["check"] in documented


# ---------------------------------------------------------------- the descriptor cannot be read


@pytest.mark.parametrize(
    "content, words",
    [(None, "file not found"), (b"{not json", "not valid JSON"), (b"[1, 2]", "must be a JSON object"), (b"\xff{}", "not UTF-8")],
    ids=["missing", "not JSON", "not an object", "not UTF-8"],
)
def test_unreadable_descriptor_exits_2_with_one_line(package_copy, content, words):
    descriptor = package_copy / "datapackage.json"
    if content is None:
        descriptor.unlink()
    else:
        descriptor.write_bytes(content)
    result = run_cli(str(package_copy))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "datapackage.json" in result.stderr and words in result.stderr
    with pytest.raises(falseflag.PackageError):
        validate(package_copy)


# ---------------------------------------------------------------- the report


def test_every_problem_is_reported_at_once(package_copy, baseline):
    expected = set()
    for corrupt in (sha256_mismatch, ragged_row, extra_column, shifted_span):
        expected |= corrupt(package_copy)
    expected.add(("articles", 3, "outlet_id", "foreign-key"))
    set_cell(package_copy, "articles", 3, "outlet_id", "outlet-nope")
    assert keys(validate(package_copy).problems) - baseline == expected


def test_a_csv_with_bad_rows_still_has_its_other_rows_checked(package_copy, baseline):
    # The ragged row sends outlets down the diagnostic path; its good rows are still loaded
    # and checked, and articles' foreign key to outlets still finds them.
    row = ragged_row(package_copy)
    renamed = get_cell(package_copy, "outlets", 2, "outlet_id")
    set_cell(package_copy, "outlets", 2, "outlet_id", "Not An Id")
    header, rows = read_table(package_copy, "articles")
    orphans = {i + 2 for i, r in enumerate(rows) if r[header.index("outlet_id")] == renamed}
    assert orphans, "no article refers to the first outlet"
    assert keys(validate(package_copy).problems) - baseline == row | {("outlets", 2, "outlet_id", "pattern")} | {
        ("articles", r, "outlet_id", "foreign-key") for r in orphans
    }


def test_an_unclosed_quote_mid_file_names_its_row(package_copy, baseline):
    path = csv_path(package_copy, "outlets")
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"outlet-001,", b'outlet-001,"', 1)  # row 3 opens a quote it never closes
    path.write_bytes(b"\n".join(lines))
    found = keys(validate(package_copy).problems) - baseline
    assert ("outlets", 3, None, "csv-syntax") in found
    assert {p[3] for p in found} <= {"csv-syntax", "ragged-row", "foreign-key", "pattern", "primary-key"}


def test_a_repeated_header_name_is_reported(package_copy, baseline):
    header, rows = read_table(package_copy, "outlets")
    write_table(package_copy, "outlets", [*header, "name"], [[*r, ""] for r in rows])
    assert keys(validate(package_copy).problems) - baseline == {("outlets", 1, "name", "duplicate-column")}


def test_a_correct_span_with_non_ascii_text_passes(package_copy, baseline):
    span_text_right_with_non_ascii(package_copy)
    assert keys(validate(package_copy).problems) == baseline


def test_a_correct_span_late_in_a_non_ascii_text_passes(package_copy, baseline):
    match = late_curly_apostrophe(package_copy)
    append_quote(package_copy, char_start=match.start(), char_end=match.end(), text=match.group())
    assert keys(validate(package_copy).problems) == baseline


def test_integers_with_a_sign_or_leading_zeros_are_valid(package_copy, baseline):
    _, start, end, word = word_span(package_copy)
    append_quote(package_copy, char_start=f"+{start}", char_end=f"00{end}")
    assert keys(validate(package_copy).problems) == baseline


def test_a_bad_value_is_shown_as_written(package_copy, baseline):
    row = append_quote(package_copy, char_start="-007")
    found = [p for p in validate(package_copy).problems if (p.table, p.row) == ("quotes", row)]
    assert [(p.field, p.check, p.value) for p in found] == [("char_start", "minimum", "-007")]


def test_type_errors_are_reported_once_not_by_every_rule(package_copy, baseline):
    _, start, end, word = word_span(package_copy)
    row = append_quote(package_copy, char_start="x", char_end=end)
    assert keys(validate(package_copy).problems) - baseline == {("quotes", row, "char_start", "type")}


def test_two_bad_rows_in_one_column_are_both_reported(package_copy, baseline):
    set_cell(package_copy, "articles", 2, "title_end", "1.5")
    set_cell(package_copy, "articles", 4, "title_end", "ten")
    found = validate(package_copy).problems
    assert keys(found) - baseline == {("articles", 2, "title_end", "type"), ("articles", 4, "title_end", "type")}
    assert {p.value for p in found if p.check == "type"} == {"1.5", "ten"}
    assert all("is not an integer" in p.message for p in found if p.check == "type")


def test_validation_never_changes_the_files(package_copy):
    bad_byte(package_copy)
    ragged_row(package_copy)
    shifted_span(package_copy)
    before = file_hashes(package_copy)
    assert not validate(package_copy).valid
    assert not validate(package_copy, frictionless=True).valid
    assert run_cli(str(package_copy)).exit_code == 1
    assert file_hashes(package_copy) == before


def test_json_report_structure(package_copy):
    sha256_mismatch(package_copy)
    result = run_cli(str(package_copy), "--json")
    report = json.loads(result.stdout)
    assert set(report) == {"valid", "package", "summary", "problem_count", "tables", "problems", "skipped_rules"}
    assert report["valid"] is False and report["problem_count"] == len(report["problems"]) >= 1
    assert report["package"] == str((package_copy / "datapackage.json").resolve())
    assert [t["name"] for t in report["tables"]] == list(falseflag.TABLES)
    assert set(report["tables"][0]) == {"name", "file", "format", "rows", "problem_count"}
    for problem in report["problems"]:
        assert set(problem) == {"table", "file", "row", "field", "check", "value", "message"}
    sha = next(p for p in report["problems"] if p["check"] == "sha256")
    assert sha == {**sha, "table": "articles", "file": "data/articles.csv", "row": 2, "field": "sha256", "value": "0" * 64}
    assert next(t for t in report["tables"] if t["name"] == "articles")["problem_count"] >= 1


def test_text_report_groups_problems_by_table(package_copy):
    sha256_mismatch(package_copy)
    ragged_row(package_copy)
    result = run_cli(str(package_copy))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert re.match(r"invalid: \d+ problems? in \d+ tables?", lines[0])
    assert any(line.startswith("outlets  data/outlets.csv") for line in lines)
    assert any(line.startswith("articles  data/articles.csv") for line in lines)
    assert "ragged-row" in result.output and "sha256" in result.output


def test_text_report_lists_the_rules_it_could_not_run(package_copy):
    missing_file(package_copy)
    result = run_cli(str(package_copy))
    assert result.exit_code == 1
    assert "missing-file" in result.output
    assert "Not checked:" in result.output and "claim-without-mention on claims: cannot read table claims" in result.output


def test_report_api(package_copy):
    sha256_mismatch(package_copy)
    report = validate(str(package_copy / "datapackage.json"))
    assert isinstance(report, ValidationReport) and not report.valid
    assert set(report.by_table()) >= {"articles"}
    assert all(p.table == "articles" for p in report.by_table()["articles"])
    assert report.to_dict()["problem_count"] == len(report.problems)
    assert falseflag.validate is validate


def test_a_loaded_package_validates_too(package_copy, baseline):
    sha256_mismatch(package_copy)
    pkg = falseflag.load_package(package_copy)
    assert keys(validate(pkg).problems) - baseline == {("articles", 2, "sha256", "sha256")}


def test_parquet_export_validates_like_the_csv(package_copy, tmp_path, baseline):
    from falseflag.export import export

    out = export(tmp_path / "parquet", "parquet", package_copy)
    report = validate(out)
    assert keys(report.problems) == baseline
    assert {t.format for t in report.tables} == {"parquet"}


# ---------------------------------------------------------------- frictionless too


def test_frictionless_errors_are_merged(package_copy, baseline):
    set_cell(package_copy, "articles", 2, "outlet_id", "outlet-nope")
    result = run_cli(str(package_copy), "--json", "--frictionless")
    assert result.exit_code == 1
    found = keys(json.loads(result.stdout)["problems"]) - baseline
    assert ("articles", 2, "outlet_id", "foreign-key") in found
    assert ("articles", 2, "outlet_id", "frictionless:foreign-key") in found


def test_frictionless_finds_nothing_on_the_bundled_corpus():
    report = validate(frictionless=True)
    assert not [p for p in report.problems if p.check.startswith("frictionless:")]
