"""falseflag.analyze: the snapshot, the locked-down connections, error records, evidence checks, writing out."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
from pathlib import Path

import duckdb
import pluggy
import pyarrow as pa
import pytest

import falseflag
from falseflag import hookspecs, plugins, runner
from falseflag._bundle import default_package_path
from falseflag.analysis import Analyzer, AnalyzerResult, Evidence, Finding, ResultTable
from falseflag.outputs import OutputError
from falseflag.package import PackageError
from falseflag.plugins import register_plugin
from falseflag.runner import UnknownAnalyzerError

TEXT_1 = "The regime said: “We will act.” Officials doubt it."
TEXT_2 = "A second report. Sign up for our newsletter."


def write_package(folder: Path, rows: dict[str, list[dict]]) -> Path:
    """A package with the bundled descriptor and schemas and the given rows (other tables empty)."""
    source = default_package_path().parent
    shutil.copy(source / "datapackage.json", folder)
    shutil.copytree(source / "schemas", folder / "schemas")
    (folder / "data").mkdir()
    for name, resource in falseflag.load_package(folder).resources.items():
        with open(resource.path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=resource.schema.field_names)
            writer.writeheader()
            writer.writerows(rows.get(name, []))
    return folder


@pytest.fixture
def small_package(tmp_path: Path) -> Path:
    quote = "We will act."
    start = TEXT_1.index(quote)
    boiler = "Sign up for our newsletter."
    bstart = TEXT_2.index(boiler)
    folder = tmp_path / "pkg"
    folder.mkdir()
    return write_package(folder, {
        "outlets": [{"outlet_id": "o1"}, {"outlet_id": "o2"}],
        "articles": [
            {"article_id": "a1", "outlet_id": "o1", "text": TEXT_1},
            {"article_id": "a2", "outlet_id": "o2", "text": TEXT_2},
        ],
        "quotes": [{"quote_id": "q1", "article_id": "a1", "char_start": start, "char_end": start + len(quote), "text": quote, "kind": "direct"}],
        "boilerplate": [{"boilerplate_id": "b1", "article_id": "a2", "char_start": bstart, "char_end": bstart + len(boiler), "text": boiler, "kind": "newsletter"}],
    })


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """The bundled corpus, copied: its row counts are whatever the annotators have committed."""
    source = default_package_path().parent
    target = tmp_path / "bundled"
    target.mkdir()
    shutil.copy(source / "datapackage.json", target)
    shutil.copytree(source / "schemas", target / "schemas")
    shutil.copytree(source / "data", target / "data")
    return target


@pytest.fixture
def isolated(monkeypatch):
    """An empty plugin manager: no built-in or installed plugins, only what a test registers."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    monkeypatch.setattr(plugins, "pm", manager)
    monkeypatch.setattr(plugins, "_loaded", False)
    monkeypatch.setattr(plugins, "_import_errors", [])
    monkeypatch.setattr(plugins, "_distributions", {})
    monkeypatch.setattr(plugins, "BUILTIN_PLUGINS", ())
    monkeypatch.setenv(plugins.ENV_LOAD_PLUGINS, "")
    return manager


class Plugin:
    """A throw-away plugin registering the given analyzers, with an optional prepare_connection."""

    def __init__(self, name: str, *analyzers: Analyzer, prepare=None, data_dirs=None):
        self.__name__ = name
        self.analyzers = analyzers
        self.prepare = prepare
        if data_dirs is not None:
            self.FALSEFLAG_DATA_DIRS = data_dirs

    @falseflag.hookimpl
    def register_analyzers(self, register):
        for analyzer in self.analyzers:
            register(analyzer)

    @falseflag.hookimpl
    def prepare_connection(self, connection, analyzer):
        if self.prepare is not None:
            self.prepare(connection, analyzer)


def make(name: str, run) -> Analyzer:
    return Analyzer(name=name, title=f"Test {name}", description="", version="0.0", run=run)


def table_counts(package: Path) -> dict[str, int]:
    con = falseflag.connect(package)
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in falseflag.TABLES}


def count_every_table(con) -> AnalyzerResult:
    result = AnalyzerResult()
    result.add_table("counts", con.sql(" UNION ALL ".join(f"SELECT '{t}' AS name, count(*) AS n FROM {t}" for t in falseflag.TABLES)))
    return result


# --- running ---------------------------------------------------------------------------


def test_an_analyzer_sees_every_table_with_the_rows_of_the_package(bundled_copy):
    with register_plugin(Plugin("p", make("counter", count_every_table))):
        run = falseflag.analyze(["counter"], package=bundled_copy)
    assert run.errors == []
    seen = dict(run.results["counter"].tables["counts"].rows())
    assert seen == table_counts(bundled_copy)


def test_results_carry_plugin_and_convert_for_notebooks(small_package):
    def articles(con):
        result = AnalyzerResult(summary="two")
        result.add_table("articles", con.sql("SELECT article_id, length(text) AS n FROM articles ORDER BY article_id"))
        result.add_table("arrow", pa.table({"x": [1, 2, 3]}))
        return result

    with register_plugin(Plugin("my-plugin", make("lengths", articles))):
        run = falseflag.analyze("lengths", package=small_package)
    assert run.errors == []
    assert run.analyzers["lengths"].plugin == "my-plugin"
    assert run.analyzers["lengths"].distribution is None
    table = run.results["lengths"].tables["articles"]
    assert table.rows() == [("a1", len(TEXT_1)), ("a2", len(TEXT_2))]
    assert table.to_pandas()["n"].tolist() == [len(TEXT_1), len(TEXT_2)]
    assert table.to_polars()["article_id"].to_list() == ["a1", "a2"]
    assert run.results["lengths"].tables["arrow"].num_rows == 3
    assert json.loads(falseflag.output.to_json(run.to_dict()))["results"]["lengths"]["tables"]["articles"]["rows"][0] == {"article_id": "a1", "n": len(TEXT_1)}


def test_unknown_names_list_the_available_analyzers(small_package):
    with register_plugin(Plugin("p", make("known-one", count_every_table))):
        with pytest.raises(UnknownAnalyzerError) as info:
            falseflag.analyze(["known-one", "nope"], package=small_package)
    assert "'nope'" in str(info.value) and "known-one" in str(info.value)
    assert info.value.unknown == ["nope"]


def test_every_analyzer_gets_a_fresh_connection(small_package):
    def leave_scratch(con):
        con.execute("CREATE TEMP TABLE scratch AS SELECT 1 AS x")
        con.execute("CREATE TABLE main.scratch2 AS SELECT 1 AS x")
        con.execute("CREATE MACRO twice(x) AS x * 2")
        return AnalyzerResult()

    def look_for_scratch(con):
        result = AnalyzerResult()
        result.add_table("names", con.sql("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'scratch%'"))
        result.add_table("macros", con.sql("SELECT function_name FROM duckdb_functions() WHERE function_name = 'twice'"))
        return result

    with register_plugin(Plugin("p", make("first", leave_scratch), make("second", look_for_scratch))):
        run = falseflag.analyze(["first", "second"], package=small_package)
    assert run.errors == []
    assert run.results["second"].tables["names"].num_rows == 0
    assert run.results["second"].tables["macros"].num_rows == 0


def test_an_analyzer_cannot_change_what_the_next_one_sees_or_write_files(small_package, tmp_path):
    target = tmp_path / "leak.csv"
    catalog_path: list[str] = []
    attempts = {
        "delete": "DELETE FROM corpus.quotes",
        "delete_view": "DELETE FROM quotes",
        "attach_store": "ATTACH (SELECT path FROM duckdb_databases() WHERE database_name = 'corpus') AS store_rw",
        "create_in_corpus": "CREATE TABLE corpus.x AS SELECT 1 AS y",
        "copy": f"COPY (SELECT * FROM articles) TO '{target}'",
        "export": f"EXPORT DATABASE '{tmp_path / 'exported'}'",
        "read_file": f"SELECT * FROM read_csv('{small_package / 'data' / 'articles.csv'}')",
        "attach_other": f"ATTACH '{tmp_path / 'other.duckdb'}' AS other",
        "unlock": "SET enable_external_access = true",
        "drop_view": "DROP VIEW quotes",
        "temp_table": "CREATE TEMP TABLE mine AS SELECT * FROM articles",
    }

    def tamper(con):
        catalog_path.append(con.execute("SELECT path FROM duckdb_databases() WHERE database_name = 'corpus'").fetchall()[0][0])
        outcomes = {}
        for name, sql in attempts.items():
            try:
                con.execute(sql)
                outcomes[name] = "ok"
            except duckdb.Error:
                outcomes[name] = "refused"
        # The corpus file cannot be attached again read-write, even once detached.
        try:
            con.execute("DETACH corpus")
            con.execute(f"ATTACH '{catalog_path[0]}' AS corpus_rw")
            con.execute("DROP TABLE corpus_rw.quotes")
            outcomes["rewrite_store"] = "ok"
        except duckdb.Error:
            outcomes["rewrite_store"] = "refused"
        result = AnalyzerResult()
        result.add_table("outcomes", pa.table({"attempt": list(outcomes), "outcome": list(outcomes.values())}))
        return result

    with register_plugin(Plugin("p", make("tamper", tamper), make("observer", count_every_table))):
        run = falseflag.analyze(["tamper", "observer"], package=small_package)
    assert run.errors == []
    outcomes = dict(run.results["tamper"].tables["outcomes"].rows())
    allowed = {"drop_view", "temp_table"}  # both only touch the analyzer's own database
    assert {k for k, v in outcomes.items() if v == "ok"} == allowed, outcomes
    assert dict(run.results["observer"].tables["counts"].rows()) == table_counts(small_package)
    assert dict(run.results["observer"].tables["counts"].rows())["quotes"] == 1
    assert not target.exists() and not (tmp_path / "exported").exists() and not (tmp_path / "other.duckdb").exists()
    assert catalog_path and not Path(catalog_path[0]).exists()  # the store is temporary


def test_an_analyzer_sees_only_the_tables_it_names_and_others_are_not_read(small_package):
    def names(con):
        result = AnalyzerResult()
        result.add_table("views", con.sql(
            "SELECT database_name || '.' || table_name FROM duckdb_tables() "
            "UNION ALL SELECT database_name || '.' || view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1"
        ))
        return result

    with open(small_package / "data" / "mentions.csv", "a", encoding="utf-8") as fh:
        fh.write("not,a,valid,row,for,mentions\n")  # no selected analyzer reads it
    narrow = dataclasses.replace(make("narrow", names), tables=("quotes", "articles"))
    with register_plugin(Plugin("p", narrow)):
        run = falseflag.analyze(["narrow"], package=small_package)
    assert run.errors == []
    assert [r[0] for r in run.results["narrow"].tables["views"].rows()] == ["corpus.articles", "corpus.quotes", "memory.articles", "memory.quotes"]
    with register_plugin(Plugin("p", make("everything", count_every_table))):
        with pytest.raises(PackageError, match="mentions.csv"):
            falseflag.analyze(["everything"], package=small_package)


def test_an_analyzer_may_use_more_memory_than_its_limit(small_package, monkeypatch):
    monkeypatch.setattr(runner, "ANALYZER_MEMORY_LIMIT", "64MB")

    def big_sort(con):
        result = AnalyzerResult()
        result.add_table("n", con.sql("SELECT count(*) AS n FROM (SELECT md5(range::VARCHAR) AS h FROM range(1500000) ORDER BY h)"))
        return result

    with register_plugin(Plugin("p", make("big", big_sort))):
        run = falseflag.analyze(["big"], package=small_package)
    assert run.errors == []
    assert run.results["big"].tables["n"].rows() == [(1500000,)]


def test_an_analyzer_that_raises_is_recorded_and_the_others_still_run(small_package, isolated):
    def broken(con):
        raise RuntimeError("boom in the analyzer\nand more detail")

    with register_plugin(Plugin("bad-plugin", make("broken", broken), make("fine", count_every_table))):
        run = falseflag.analyze(package=small_package)
    assert list(run.results) == ["fine"]
    (error,) = run.errors
    assert (error.analyzer, error.plugin, error.distribution, error.stage) == ("broken", "bad-plugin", None, "run")
    assert error.message == "RuntimeError: boom in the analyzer"
    assert "in broken" in error.traceback and "and more detail" in error.traceback
    assert "boom in the analyzer" in str(error) and "\n" not in str(error)
    assert not run.ok


def test_a_clean_run_is_ok(small_package, isolated):
    with register_plugin(Plugin("p", make("fine", count_every_table))):
        run = falseflag.analyze(package=small_package)
    assert run.ok and run.errors == [] and run.load_errors == []
    assert list(run.results) == ["fine"]


def test_prepare_connection_runs_only_for_its_own_analyzers_and_reads_only_its_own_folder(small_package, tmp_path):
    data = tmp_path / "plugin-data"
    data.mkdir()
    (data / "lexicon.csv").write_text("term\nregime\nact\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("term\nother\n", encoding="utf-8")
    prepared_for: list[str] = []

    def prepare(con, analyzer):
        prepared_for.append(analyzer.name)
        con.execute(f"CREATE TEMP TABLE test_lexicon AS SELECT * FROM read_csv('{data / 'lexicon.csv'}')")
        try:
            con.execute(f"SELECT * FROM read_csv('{elsewhere}')")
        except duckdb.Error:
            con.execute("CREATE TEMP TABLE outside_refused AS SELECT 1 AS yes")
        try:
            con.execute(f"COPY (SELECT 1) TO '{small_package / 'data' / 'claims.csv'}'")
        except duckdb.Error:
            con.execute("CREATE TEMP TABLE corpus_refused AS SELECT 1 AS yes")

    def replace_quotes(con, analyzer):
        prepared_for.append(f"replacer for {analyzer.name}")
        con.execute("CREATE OR REPLACE VIEW quotes AS SELECT * FROM corpus.quotes WHERE false")

    def crash(con, analyzer):
        raise ValueError("cannot prepare")

    def uses_lexicon(con):
        result = AnalyzerResult()
        result.add_table("terms", con.sql("SELECT term FROM test_lexicon ORDER BY term"))
        result.add_table("refused", con.sql("SELECT (SELECT count(*) FROM outside_refused) AS outside, (SELECT count(*) FROM corpus_refused) AS corpus"))
        result.add_table("quotes", con.sql("SELECT count(*) AS n FROM quotes"))
        return result

    before = (small_package / "data" / "claims.csv").read_bytes()
    with register_plugin(Plugin("reader", make("uses-lexicon", uses_lexicon), prepare=prepare, data_dirs=[data])), \
            register_plugin(Plugin("replacer", make("replacers-own", count_every_table), prepare=replace_quotes)), \
            register_plugin(Plugin("crasher", make("crashers-own", count_every_table), prepare=crash)):
        run = falseflag.analyze(["uses-lexicon", "replacers-own", "crashers-own"], package=small_package)
    assert prepared_for == ["uses-lexicon", "replacer for replacers-own"]
    result = run.results["uses-lexicon"]
    assert result.tables["terms"].rows() == [("act",), ("regime",)]
    assert result.tables["refused"].rows() == [(1, 1)]
    assert result.tables["quotes"].rows() == [(1,)]  # another plugin's prepare did not change what it reads
    assert (small_package / "data" / "claims.csv").read_bytes() == before
    (error,) = run.errors
    assert (error.plugin, error.stage, error.analyzer) == ("crasher", "prepare_connection", "crashers-own")
    assert "cannot prepare" in error.message
    assert "crashers-own" in run.results  # the analyzer still runs


def test_a_data_folder_holding_the_corpus_is_not_readable(small_package):
    def prepare(con, analyzer):
        con.execute(f"SELECT * FROM read_csv('{small_package / 'data' / 'articles.csv'}')")

    with register_plugin(Plugin("greedy", make("greedy", count_every_table), prepare=prepare, data_dirs=[small_package])):
        run = falseflag.analyze(["greedy"], package=small_package)
    (error,) = run.errors
    assert error.stage == "prepare_connection" and "disabled by configuration" in error.message


def test_evidence_is_checked_against_the_article_text(small_package):
    start = TEXT_1.index("regime")

    def with_evidence(*evidence):
        def run(con):
            return AnalyzerResult(findings=[Finding("k", "m", tuple(evidence))])
        return run

    good = Evidence("a1", start, start + len("regime"), "regime")
    late = TEXT_1.index("doubt")  # after the curly quotes, in the second half: read from the end
    assert 2 * late > len(TEXT_1)
    analyzers = [
        make("good", with_evidence(good, Evidence("a1", late, late + 5, "doubt"))),
        make("wrong-text", with_evidence(good, Evidence("a1", start, start + 6, "REGIME"))),
        make("wrong-late-text", with_evidence(Evidence("a1", late, late + 5, "DOUBT"))),
        make("out-of-range", with_evidence(Evidence("a1", 0, len(TEXT_1) + 1, TEXT_1 + "x"))),
        make("no-article", with_evidence(Evidence("zz", 0, 3, "The"))),
        make("bad-types", with_evidence(Evidence("a1", "zero", 3, "The"))),
    ]
    with register_plugin(Plugin("p", *analyzers)):
        run = falseflag.analyze([a.name for a in analyzers], package=small_package)
    errors = {e.analyzer: e for e in run.errors}
    assert set(errors) == {"wrong-text", "wrong-late-text", "out-of-range", "no-article", "bad-types"}
    assert "«DOUBT»" in errors["wrong-late-text"].message and "«doubt»" in errors["wrong-late-text"].message
    assert all(e.stage == "evidence" for e in errors.values())
    assert "«REGIME»" in errors["wrong-text"].message and "«regime»" in errors["wrong-text"].message
    assert "1 of 2" in errors["wrong-text"].message
    assert f"outside the article's {len(TEXT_1)} characters" in errors["out-of-range"].message
    assert "no article 'zz'" in errors["no-article"].message
    assert set(run.results) == {a.name for a in analyzers}  # the results are kept


def test_malformed_results_are_recorded(small_package):
    def returns_none(con):
        return None

    def bad_parts(con):
        result = AnalyzerResult(findings=["not a finding"])
        result.add_table("fine", con.sql("SELECT 1 AS x"))
        result.tables["../escape"] = result.tables["fine"]
        result.tables["relation"] = con.sql("SELECT 1 AS x")
        return result

    with register_plugin(Plugin("p", make("none", returns_none), make("parts", bad_parts))):
        run = falseflag.analyze(["none", "parts"], package=small_package)
    errors = {e.analyzer: e for e in run.errors}
    assert errors["none"].stage == "result" and "NoneType" in errors["none"].message
    assert "'../escape'" in errors["parts"].message and "'relation'" in errors["parts"].message
    assert "finding 0" in errors["parts"].message
    assert list(run.results["parts"].tables) == ["fine"] and run.results["parts"].findings == []


def test_an_unreadable_package_raises_package_error(small_package):
    fields = falseflag.load_package(small_package)["quotes"].schema.field_names
    with open(small_package / "data" / "quotes.csv", "a", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, fieldnames=fields).writerow({"quote_id": "q2", "article_id": "a1", "char_start": "not-a-number", "char_end": 3, "text": "x", "kind": "direct"})
    with register_plugin(Plugin("p", make("fine", count_every_table))):
        with pytest.raises(PackageError, match="quotes.csv: cannot be read"):
            falseflag.analyze(["fine"], package=small_package)
        with pytest.raises(PackageError):
            falseflag.analyze(["fine"], package=small_package / "missing")


# --- writing ---------------------------------------------------------------------------


def two_tables(con):
    result = AnalyzerResult(summary="s")
    result.add_table("articles", con.sql("SELECT article_id, outlet_id, text FROM articles ORDER BY article_id"))
    result.add_table("nested", con.sql("SELECT 1 AS n, [1, 2] AS xs, true AS flag, NULL::VARCHAR AS empty"))
    result.findings.append(Finding("k", "about a1", (Evidence("a1", 0, 3, TEXT_1[:3]),), {"n": 1}))
    return result


@pytest.mark.parametrize("table_format", ["csv", "parquet"])
def test_write_puts_every_table_findings_and_run_json_in_the_folder(small_package, tmp_path, table_format):
    with register_plugin(Plugin("p", make("two", two_tables))):
        run = falseflag.analyze(["two"], package=small_package)
    out = tmp_path / "deep" / "out"
    written = run.write(out, table_format=table_format)
    assert {p.relative_to(out.resolve()).as_posix() for p in written} == {
        f"two/articles.{table_format}", f"two/nested.{table_format}", "two/findings.json", "run.json",
    }
    con = duckdb.connect()
    reader = "read_parquet" if table_format == "parquet" else "read_csv"
    back = con.execute(f"SELECT * FROM {reader}('{out / 'two' / f'articles.{table_format}'}') ORDER BY article_id").fetchall()
    assert back == run.results["two"].tables["articles"].rows()
    findings = json.loads((out / "two" / "findings.json").read_text(encoding="utf-8"))
    assert findings == [run.results["two"].findings[0].to_dict()]
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["package"]["path"] == str(falseflag.load_package(small_package).descriptor_path)
    assert record["versions"]["falseflag"] == falseflag.__version__ and record["versions"]["duckdb"] == duckdb.__version__
    assert record["analyzers"][0]["name"] == "two" and record["errors"] == [] and record["table_format"] == table_format
    assert record["results"]["two"]["tables"]["articles"]["num_rows"] == 2
    assert "rows" not in record["results"]["two"]["tables"]["articles"]


def test_write_replaces_an_earlier_run_whole_and_keeps_files_it_did_not_write(small_package, tmp_path):
    with register_plugin(Plugin("p", make("two", two_tables), make("second", count_every_table))):
        both = falseflag.analyze(["two", "second"], package=small_package)
        one = falseflag.analyze(["two"], package=small_package)
    out = tmp_path / "out"
    both.write(out)
    assert (out / "second" / "counts.csv").is_file()
    one.write(out)  # an earlier run's results are replaced whole: no mix of both runs
    assert not (out / "second").exists() and (out / "two" / "articles.csv").is_file()
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["analyzers"][0]["name"] == "two"

    foreign = tmp_path / "foreign"
    (foreign / "two").mkdir(parents=True)
    (foreign / "mine.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="not written by falseflag"):
        one.write(foreign)
    assert sorted(p.name for p in foreign.iterdir()) == ["mine.txt", "two"]
    one.write(foreign, force=True)
    assert (foreign / "mine.txt").read_text(encoding="utf-8") == "mine" and (foreign / "two" / "articles.csv").is_file()

    clash = tmp_path / "clash"
    (clash / "two").mkdir(parents=True)
    (clash / "two" / "articles.csv").write_text("not falseflag's", encoding="utf-8")
    with pytest.raises(OutputError, match="would be replaced"):
        one.write(clash, force=True)
    assert (clash / "two" / "articles.csv").read_text(encoding="utf-8") == "not falseflag's"

    outside = tmp_path / "outside"
    outside.mkdir()
    escape = tmp_path / "escape"
    escape.mkdir()
    (escape / "two").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="in the way"):
        one.write(escape, force=True)
    assert list(outside.iterdir()) == []
    with pytest.raises(ValueError, match="table format"):
        one.write(tmp_path / "other", table_format="xlsx")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # no staging folder is left behind


def test_errors_are_written_to_run_json(small_package, tmp_path):
    def broken(con):
        raise KeyError("missing")

    with register_plugin(Plugin("p", make("broken", broken), make("two", two_tables))):
        run = falseflag.analyze(["broken", "two"], package=small_package)
    run.write(tmp_path / "out")
    record = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert [e["analyzer"] for e in record["errors"]] == ["broken"]
    assert "Traceback" in record["errors"][0]["traceback"]
    assert record["ok"] is False
    assert (tmp_path / "out" / "two" / "articles.csv").is_file() and not (tmp_path / "out" / "broken").exists()


def test_polars_is_used_only_where_it_writes_the_csv_duckdb_would(tmp_path):
    from falseflag.writing import _write_table, polars_writes_as_duckdb

    strings = ["a", "", None, "x,y", 'q"q', "line\nbreak", "cr\rx", " lead", "trail ", "tab\tx", "ünï", "NULL", "'s'"]
    n = len(strings)
    plain = pa.table({
        "s": strings,
        "i": list(range(n)),
        "b": [True, False, None, *[True] * (n - 3)],
        "d": pa.array([0, None, *range(2, n)], pa.int32()).cast(pa.date32()),
        "stance": pa.array(["supports", None, "both", *["denies"] * (n - 3)]).dictionary_encode(),
    })
    hashed = pa.table({"s": ["more than #", "x"]})
    hashed_dictionary = pa.table({"s": pa.array(["#1", "x"]).dictionary_encode()})
    floats = pa.table({"x": [0.1, 1e20]})
    number_dictionary = pa.table({"n": pa.array([1, 2, 1]).dictionary_encode()})
    assert polars_writes_as_duckdb(plain)
    assert not any(polars_writes_as_duckdb(t) for t in (hashed, hashed_dictionary, floats, number_dictionary))
    _write_table(ResultTable("plain", plain), tmp_path / "polars.csv", "csv")
    con = duckdb.connect()
    con.register("plain", plain)
    con.execute(f"COPY plain TO '{tmp_path / 'duckdb.csv'}' (FORMAT csv, HEADER true)")
    assert (tmp_path / "polars.csv").read_bytes() == (tmp_path / "duckdb.csv").read_bytes()


def test_on_result_gets_each_checked_result_as_it_comes_and_a_writer_writes_it(small_package, tmp_path):
    from falseflag.writing import ResultWriter

    seen: list[tuple[str, list[str]]] = []

    def second(con):
        seen.append(("second starts", sorted(p.name for p in (writer.root / "two").iterdir())))
        return count_every_table(con)

    with ResultWriter(tmp_path / "out") as writer:
        def keep(name, result):
            seen.append((name, sorted(result.tables)))
            writer.add(name, result)

        with register_plugin(Plugin("p", make("two", two_tables), make("second", second))):
            run = falseflag.analyze(["two", "second"], package=small_package, on_result=keep)
        written = writer.finish(run)
    assert seen[0] == ("two", ["articles", "nested"]) and seen[2] == ("second", ["counts"])
    assert seen[1][0] == "second starts"  # the first result was being written before the second analyzer ran
    assert {p.relative_to((tmp_path / "out").resolve()).as_posix() for p in written} == {
        "two/articles.csv", "two/nested.csv", "two/findings.json", "second/counts.csv", "second/findings.json", "run.json",
    }
    record = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert record["results"]["second"]["files"] == ["second/counts.csv", "second/findings.json"]


def test_result_table_rows_can_stop_early():
    table = ResultTable("t", pa.table({"x": [1, 2, 3], "y": ["a", "b", "c"]}))
    assert table.rows() == [(1, "a"), (2, "b"), (3, "c")]
    assert table.rows(2) == [(1, "a"), (2, "b")]
    assert table.rows(0) == []


def test_findings_json_keeps_dates_decimals_and_non_string_keys(small_package, tmp_path):
    import datetime as dt
    import decimal

    def dated(con):
        result = AnalyzerResult()
        data = {"published": dt.date(2022, 2, 3), "share": decimal.Decimal("0.25"), 7: "seven", "pair": ("a", 1)}
        result.findings.append(Finding("k", "ünï", (Evidence("a1", 0, 3, TEXT_1[:3]),), data))
        return result

    with register_plugin(Plugin("p", make("dated", dated))):
        run = falseflag.analyze(["dated"], package=small_package)
    run.write(tmp_path / "out")
    text = (tmp_path / "out" / "dated" / "findings.json").read_text(encoding="utf-8")
    assert "ünï" in text
    assert json.loads(text) == [{
        "kind": "k", "message": "ünï",
        "evidence": [{"article_id": "a1", "char_start": 0, "char_end": 3, "text": TEXT_1[:3]}],
        "data": {"published": "2022-02-03", "share": 0.25, "7": "seven", "pair": ["a", 1]},
    }]


def test_the_cycle_collector_is_paused_while_analyzers_run_and_restored_after(small_package, isolated):
    import gc

    seen = []

    def look(con):
        seen.append(gc.isenabled())
        raise RuntimeError("after looking")

    assert gc.isenabled()
    with register_plugin(Plugin("p", make("look", look))):
        run = falseflag.analyze(["look"], package=small_package)
    assert seen == [False] and run.errors[0].message == "RuntimeError: after looking"
    assert gc.isenabled()
    gc.disable()
    try:
        with register_plugin(Plugin("p", make("look", look))):
            falseflag.analyze(["look"], package=small_package)
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- memory and working folder -----------------------------------------------------------


def test_the_memory_limit_and_the_working_folder_are_those_asked_for(small_package, tmp_path):
    seen = {}

    def settings(con):
        seen["limit"] = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        seen["spill"] = con.execute("SELECT current_setting('temp_directory')").fetchall()[0][0]
        seen["during"] = [p.name.split("-")[:2] for p in work.iterdir()]
        return count_every_table(con)

    work = tmp_path / "work"
    work.mkdir()
    with register_plugin(Plugin("p", make("settings", settings))):
        default = falseflag.analyze("settings", package=small_package)
        assert not Path(seen["spill"]).is_relative_to(work) and seen["during"] == []
        run = falseflag.analyze("settings", package=small_package, memory_limit="300MB", temp_dir=work)
    assert run.errors == [] and default.errors == []
    assert run.results["settings"].tables["counts"].rows() == default.results["settings"].tables["counts"].rows()
    assert seen["limit"] == duckdb.connect(config={"memory_limit": "300MB"}).execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    assert Path(seen["spill"]).is_relative_to(work) and seen["during"] == [["falseflag", "run"]]
    assert list(work.iterdir()) == []  # the working folder is removed at the end


@pytest.mark.parametrize("size", ["lots", "3", "-1GB", "1e9", "3 GBB"])
def test_a_memory_limit_that_is_not_a_size_is_refused_before_anything_runs(small_package, size):
    with pytest.raises(ValueError, match="not a memory size"):
        falseflag.analyze(package=small_package, memory_limit=size)
