"""The report's charts: Vega-Lite specifications made with Altair, drawn to SVG by vl-convert (offline).

Colours are the Okabe-Ito palette, which people with the common kinds of colour blindness
tell apart; every chart has its legend or axis labels, and every mark an accessible label.
"""

from __future__ import annotations

from typing import Any

SOURCE_TYPES = ["named_person", "anonymous", "organization", "media_outlet", "unattributed"]
SOURCE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#999999"]
STATES = ["supports", "hedged", "denies", "supports and denies", "not reported"]
STATE_COLOURS = ["#009E73", "#F0E442", "#D55E00", "#CC79A7", "#EEEEEE"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


def svg(chart: Any) -> str:
    """A chart as an SVG string (no script, no request: it displays from the file itself)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_json())


def _config(chart: Any) -> Any:
    # "pad" grows the picture to hold long labels; the extra left padding is for browsers whose
    # sans-serif font is wider than the one vl-convert measures labels with.
    return (chart.properties(padding={"left": 48, "top": 12, "right": 24, "bottom": 12}, autosize={"type": "pad", "contains": "padding"})
            .configure(font=FONT).configure_view(stroke=None).configure_axis(labelLimit=260, labelFontSize=12)
            .configure_legend(labelLimit=240, labelFontSize=12, titleFontSize=12))


def source_mix(rows: list[dict[str, Any]]) -> Any:
    """Quotes per outlet, stacked by the kind of source they are credited to."""
    import altair as alt

    values = [{"outlet": r["outlet_id"], "source type": t, "quotes": r[t]} for r in rows for t in SOURCE_TYPES if r.get(t)]
    chart = alt.Chart(alt.Data(values=values), title="Who the quotes are credited to, per outlet").mark_bar().encode(
        y=alt.Y("outlet:N", title=None, sort=[r["outlet_id"] for r in rows]),
        x=alt.X("quotes:Q", title="quotes", stack="zero"),
        color=alt.Color("source type:N", scale=alt.Scale(domain=SOURCE_TYPES, range=SOURCE_COLOURS),
                        legend=alt.Legend(orient="bottom", direction="horizontal", columns=3, title="source type",
                                          labelExpr="replace(datum.label, '_', ' ')")),
        order=alt.Order("order:Q"),
        tooltip=["outlet:N", "source type:N", "quotes:Q"],
    ).transform_calculate(order=f"indexof({SOURCE_TYPES!r}, datum['source type'])").properties(width=400)
    return _config(chart)


def hedge_density(rows: list[dict[str, Any]]) -> Any:
    """Hedge cues per 1,000 words, per outlet."""
    import altair as alt

    values = [{"outlet": r["outlet_id"], "cues per 1,000 words": r["per_1000_words"], "cues": r["cues"], "words": r["words"]}
              for r in rows if r.get("per_1000_words") is not None]
    chart = alt.Chart(alt.Data(values=values), title="How much each outlet hedges").mark_bar(color="#0072B2").encode(
        y=alt.Y("outlet:N", title=None, sort="-x"),
        x=alt.X("cues per 1,000 words:Q"),
        tooltip=["outlet:N", "cues per 1,000 words:Q", "cues:Q", "words:Q"],
    ).properties(width=400)
    return _config(chart)


def coverage(cells: list[dict[str, Any]], claims: list[str], outlets: list[str]) -> Any:
    """One cell per claim and outlet, coloured by how the outlet reports the claim."""
    import altair as alt

    chart = alt.Chart(alt.Data(values=cells), title="Which outlet reports which claim, and how").mark_rect(stroke="white", strokeWidth=1).encode(
        x=alt.X("outlet:N", sort=outlets, title=None, axis=alt.Axis(orient="top", labelAngle=-40)),
        y=alt.Y("claim:N", sort=claims, title=None),
        color=alt.Color("state:N", scale=alt.Scale(domain=STATES, range=STATE_COLOURS),
                        legend=alt.Legend(orient="right", title="the outlet's mentions", symbolStrokeColor="#777777",
                                          symbolStrokeWidth=1, symbolType="square")),
        tooltip=["claim:N", "outlet:N", "state:N", "mentions:Q"],
    ).properties(width=max(120, 28 * len(outlets)), height=max(60, 14 * len(claims)))
    return _config(chart)


def outlet_agreement(rows: list[dict[str, Any]], outlets: list[str]) -> Any:
    """Pairwise agreement of outlets: the share of claims both report (Jaccard)."""
    import altair as alt

    values = []
    for r in rows:
        for a, b in ((r["outlet_a"], r["outlet_b"]), (r["outlet_b"], r["outlet_a"])):
            values.append({"outlet": a, "other outlet": b, "Jaccard": r["jaccard"], "shared claims": r["shared"], "same stance": r["same_stance"]})
    chart = alt.Chart(alt.Data(values=values), title="How alike the outlets' claims are").mark_rect(stroke="white").encode(
        x=alt.X("outlet:N", sort=outlets, title=None, axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("other outlet:N", sort=outlets, title=None),
        color=alt.Color("Jaccard:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=alt.Legend(title="Jaccard")),
        tooltip=["outlet:N", "other outlet:N", "Jaccard:Q", "shared claims:Q", "same stance:Q"],
    ).properties(width=max(120, 36 * len(outlets)), height=max(120, 36 * len(outlets)))
    return _config(chart)


__all__ = ["SOURCE_COLOURS", "SOURCE_TYPES", "STATES", "STATE_COLOURS", "coverage", "hedge_density", "outlet_agreement", "source_mix", "svg"]
