"""An analysis run as text for people: the overview (the default) and every table (``--tables``, Markdown)."""

from __future__ import annotations

from collections import Counter

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..analysis import AnalyzerResult, Finding, ResultTable
from ..output import markdown_escape, plural, render, render_rows, shorten, terminal_safe
from ..runner import AnalysisRun

TEXT_MAX_ROWS = 20
"""Rows of a result table (and findings of a kind) shown with --tables before '… N more rows'."""

TEXT_MAX_COLUMNS = 12
"""Columns of a result table shown with --tables; the others are named in a note."""

OVERVIEW_PER_KIND = 1
"""Findings of each kind shown in the overview."""

OVERVIEW_EVIDENCE = 2
"""Pieces of evidence shown under each finding of the overview."""

EVIDENCE_WIDTH = 72
"""Characters of an evidence span shown in the overview (the rest is cut with '…')."""


def _header(run: AnalysisRun, name: str) -> str:
    analyzer = run.analyzers[name]
    return f"{name}: {analyzer.title} (version {analyzer.version}, plugin {analyzer.plugin})"


def _kinds(result: AnalyzerResult) -> str:
    counts = Counter(f.kind for f in result.findings)
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def overview_findings(result: AnalyzerResult, per_kind: int = OVERVIEW_PER_KIND) -> list[Finding]:
    """The first ``per_kind`` findings of each kind, in the order the analyzer gives them."""
    shown: dict[str, list[Finding]] = {}
    for finding in result.findings:
        kept = shown.setdefault(finding.kind, [])
        if len(kept) < per_kind:
            kept.append(finding)
    return [f for kept in shown.values() for f in kept]


def render_overview(run: AnalysisRun, hint: str = "", width: int | None = None) -> str:
    """Each analyzer's summary and the first finding of each kind with its evidence: a screenful or two."""
    if not run.results:
        return "No results."
    parts: list = []
    for name, result in run.results.items():
        parts.append(Text(terminal_safe(_header(run, name))))
        body = Table.grid(padding=(0, 1))
        body.add_column(no_wrap=True)
        body.add_column()
        if result.summary:
            body.add_row("", Text(terminal_safe(result.summary)))
        if not result.findings:
            body.add_row("", Text("No findings."))
        else:
            body.add_row("", Text(f"{plural(len(result.findings), 'finding')} ({terminal_safe(_kinds(result))}); for example:"))
            for finding in overview_findings(result):
                body.add_row(" -", _finding(finding))
        parts += [body, Text("")]
    if hint:
        parts.append(Text(terminal_safe(hint)))
    return render(Group(*parts), width)


def _finding(finding: Finding) -> Table:
    """A finding's kind and message, then its first pieces of evidence, indented."""
    grid = Table.grid()
    grid.add_column()
    grid.add_row(Text(terminal_safe(f"[{finding.kind}] {finding.message}")))
    for evidence in finding.evidence[:OVERVIEW_EVIDENCE]:
        line = f"{evidence.article_id}[{evidence.char_start}:{evidence.char_end}] «{shorten(evidence.text, EVIDENCE_WIDTH)}»"
        grid.add_row(Padding(Text(terminal_safe(line)), (0, 0, 0, 4)))
    if len(finding.evidence) > OVERVIEW_EVIDENCE:
        grid.add_row(Padding(Text(f"(and {plural(len(finding.evidence) - OVERVIEW_EVIDENCE, 'more span')})"), (0, 0, 0, 4)))
    return grid


def render_run(
    run: AnalysisRun, fmt: str, max_rows: int | None = None, max_cell: int | None = None, more_hint: str = "use --out or --format json"
) -> str:
    """Every result table and the findings, as text or Markdown.

    At most ``max_rows`` rows of each table and findings of each kind are shown (default:
    TEXT_MAX_ROWS in text, everything in Markdown); only those rows are converted to Python.
    ``max_cell`` cuts long values in tables short (five times as long in findings).
    """
    if max_rows is None and fmt != "markdown":
        max_rows = TEXT_MAX_ROWS
    blocks = []
    for name, result in run.results.items():
        analyzer = run.analyzers[name]
        if fmt == "markdown":
            title, version, plugin = (markdown_escape(str(v)) for v in (analyzer.title, analyzer.version, analyzer.plugin))
            blocks.append(f"## {markdown_escape(name)}: {title}\n\n*version {version}, plugin {plugin}*")
            if result.summary:
                blocks.append("  \n".join(markdown_escape(line) for line in result.summary.splitlines()))
        else:
            blocks.append(terminal_safe(_header(run, name)))
            if result.summary:
                blocks.append(terminal_safe(result.summary))
        for table in result.tables.values():
            blocks.append(_render_result_table(name, table, fmt, max_rows, max_cell, more_hint))
        blocks.append(_render_findings(name, result, fmt, max_rows, more_hint, max_cell and max_cell * 5))
    if not blocks:
        return "No results."
    return "\n\n".join(blocks)


def _render_result_table(name: str, table: ResultTable, fmt: str, max_rows: int | None, max_cell: int | None, more_hint: str) -> str:
    """A result table; in text mode only its first TEXT_MAX_COLUMNS columns (a wide table is slow to lay out, and unreadable)."""
    columns = table.columns
    arrow = table.arrow
    hidden = 0
    if fmt != "markdown" and len(columns) > TEXT_MAX_COLUMNS:
        hidden = len(columns) - TEXT_MAX_COLUMNS
        columns = columns[:TEXT_MAX_COLUMNS]
        arrow = arrow.select(list(range(TEXT_MAX_COLUMNS)))
    rows = ResultTable(table.name, arrow).rows(max_rows)
    text = _render_table(f"{name} / {table.name}", columns, rows, table.num_rows, fmt, more_hint, max_cell)
    if hidden:
        text += f"\n… {hidden} more columns ({more_hint})"
    return text


def _render_table(title: str, columns: list[str], rows: list, total: int, fmt: str, more_hint: str, max_cell: int | None = None) -> str:
    text = render_rows(columns, rows, fmt, title, max_cell)
    if total > len(rows):
        text += f"\n… {total - len(rows)} more rows ({more_hint})"
    return text


def _render_findings(name: str, result: AnalyzerResult, fmt: str, max_rows: int | None, more_hint: str, max_cell: int | None) -> str:
    """The findings, by kind in the order they come: at most ``max_rows`` of each kind."""
    if not result.findings:
        return f"{name}: no findings"
    shown = overview_findings(result, max_rows) if max_rows is not None else result.findings
    rows = [(f.kind, f.message, "\n".join(str(e) for e in f.evidence)) for f in shown]
    title = f"{name} / findings ({_kinds(result)})"
    return _render_table(title, ["kind", "message", "evidence"], rows, len(result.findings), fmt, more_hint, max_cell)
