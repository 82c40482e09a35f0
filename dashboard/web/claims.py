"""The "Memo claims" tab: the checker's table (dashboard/views/claims) rendered as HTML in the
page's language."""

from __future__ import annotations

import logging

import pandas as pd
from dash import html

from ..i18n import N_, translator
from ..i18n.labels import REPORTER_NAMES
from ..views.claims import VERDICT_WORDS, evaluate_claims
from . import ids

log = logging.getLogger(__name__)

_VIEW_COLUMNS = (
    ("claim", N_("Claim")),
    ("claimed", N_("Claimed")),
    ("reporter", N_("Reported by")),
    ("data_value", N_("What the data says")),
    ("year", N_("Year")),
    ("sources", N_("Sources")),
    ("verdict", N_("Verdict")),
)


def _source_links(row: dict) -> list:
    ids_ = [s for s in row["source_ids"].split("; ") if s]
    urls = row["urls"].split("; ") if row["urls"] else []
    links: list = []
    for source_id, url in zip(ids_, urls, strict=False):
        if links:
            links.append(", ")
        links.append(html.A(source_id, href=url, target="_blank", rel="noopener noreferrer"))
    return links or ["—"]


def _view_row(r: dict, first: bool, span: int, _=str) -> html.Tr:
    """One reporter's row. The claim and the claimed value are the memo's own words, the data
    values are the data's figures as the checker writes them (English: class "data-text");
    reporter, verdict and the notes (the hover title) are in the page's language."""
    cells = []
    reporter = (
        _(REPORTER_NAMES[r["reporter"]]) if r["reporter"] in REPORTER_NAMES else r["reporter"]
    )
    verdict = _(VERDICT_WORDS[r["verdict"]]) if r["verdict"] in VERDICT_WORDS else r["verdict"]
    if first:
        cells.append(html.Th(r["claim"], scope="rowgroup", rowSpan=span, className="data-text"))
        cells.append(html.Td(r["claimed"], rowSpan=span, className="data-text"))
    cells += [
        html.Td(reporter or "—"),
        html.Td(html.Span(r["data_value"] or "—", className="data-text"), title=r["note"] or None),
        html.Td(r["year"] or "—"),
        html.Td(_source_links(r)),
        html.Td(verdict, className="verdict verdict-" + r["verdict"].replace(" ", "-")),
    ]
    return html.Tr(cells)


def claims_view(bundle, lang: str = "en") -> html.Div:
    """An accessible table of every claim: claim, claimed value, reporter, the data's value(s),
    year, source links and verdict. Never raises: a failure is logged and shown as a message."""
    _ = translator(lang)
    try:
        table = evaluate_claims(bundle, lang)
    except Exception:  # never a traceback in the browser
        log.exception("evaluating the memo claims failed")
        return html.Div(html.P(_("The claims could not be checked. The error was logged.")))
    bodies = []
    for _claim, rows in table.groupby("claim_id", sort=False):
        records = rows.to_dict("records")
        bodies.append(
            html.Tbody([_view_row(r, i == 0, len(records), _) for i, r in enumerate(records)])
        )
    head = html.Thead(html.Tr([html.Th(_(label), scope="col") for _key, label in _VIEW_COLUMNS]))
    caption = html.Caption(
        _(
            "Quantitative claims of the 2019 PONARS Eurasia policy memo by Anar Valiyev (ADA "
            "University) on China–Azerbaijan relations, checked against this dashboard's data. "
            "Verdicts are computed from the data files; hover a value for what was not "
            "compared. The claims are quoted in the memo's language."
        )
    )
    return html.Div(
        [
            html.Table([caption, head, *bodies], id=ids.CLAIMS_TABLE, className="claims-table"),
            html.P([_("The memo:") + " ", *_memo_links(bundle, table)], className="claims-source"),
        ],
        className="claims",
    )


def _memo_links(bundle, table: pd.DataFrame) -> list:
    """Links to the memo's source rows (publisher: title), as sources.csv gives them."""
    out: list = []
    for source_id in dict.fromkeys(table["memo_source_id"]):
        src = bundle.sources_by_id.get(source_id)
        if src:
            out.append(html.A(f"{src['publisher']}: {src['title']}", href=src["url"]))
            out.append(f" ({src['note']})" if src["note"] else "")
    return out
