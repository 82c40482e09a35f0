"""Each panel of a view as data: (bundle, Filters) -> the panel's figure and the rows behind it.

The one registry of panels (`panel_specs()`), used alike by the page (dashboard/panels.py), the
download routes and the command line (through dashboard/export). Nothing here imports Dash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from ..data import DataBundle
from ..figures import make_investment_figure, make_map_figure, make_trade_figure
from ..figures.common import event_rows
from ..figures.investment import investment_rows
from ..figures.map import indicator_reporter, map_selection
from ..figures.trade import trade_rows
from ..figures.volumes import make_volumes_figure, volume_rows
from ..filters import FOCUS_COUNTRIES, Filters
from ..i18n import N_, translator
from ..i18n.labels import FLOW_TITLES, MEASURE_TITLES, PRESET_WORDS, REPORTER_VIEW_WORDS, UNIT_WORDS
from ..schema import REPORTERS
from .filenames import safe_filename


class PanelError(ValueError):
    """An unknown panel name; the message names the known ones."""


def map_figure(bundle: DataBundle, f: Filters) -> go.Figure:
    """The map with everything it can show: countries coloured by the indicator, node
    throughput from volumes, country names from countries.csv."""
    names = bundle.countries.set_index("iso3")["name"].to_dict()
    # only the rows the colouring can use (from the index: never a scan of a large table)
    year = f.years[1]
    trade = bundle.trade_select(
        FOCUS_COUNTRIES, (year - 1, year), (indicator_reporter(f),), ("turnover",)
    )
    return make_map_figure(bundle.network, bundle.sources_by_id, f, trade, bundle.volumes, names)


def trade_view(bundle: DataBundle, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The trade rows and sources the chart needs, from the bundle's index (never a full scan):
    the figure functions filter what they are given, so handing them exactly the rows they
    would pick draws the same chart (tests/test_data_index.py). The sources include the
    events' so the event markers can name theirs."""
    # both reporters always: the hover says what the other side published (or "no figure")
    flows = ("partner_exports", "partner_imports") if f.flow == "balance" else (f.flow,)
    rows = bundle.trade_select(f.countries, f.years, REPORTERS, flows, ("FY",))
    ids = [*rows["source_id"], *bundle.events["source_id"]]
    return rows, bundle.sources_for(ids)


# ---------------------------------------------------------------- the panel registry
@dataclass(frozen=True)
class PanelSpec:
    """One exportable panel. `stem` is the file name without extension, a format string over
    the Filters fields plus {slug} (Filters.slug()) and {year} (the last year)."""

    name: str
    title: str
    figure: Callable[[DataBundle, Filters], go.Figure]
    rows: Callable[[DataBundle, Filters], pd.DataFrame]
    stem: str = "{name}_{slug}"
    words: Callable[[Filters], str] = Filters.describe

    def filename(self, f: Filters, ext: str) -> str:
        fields = {**vars(f), "slug": f.slug(), "year": f.years[1], "name": self.name}
        return safe_filename(f"{self.stem.format(**fields)}.{ext}")


def map_rows(bundle: DataBundle, f: Filters) -> pd.DataFrame:
    """The segments and nodes the map draws for the view (figures.map.map_selection, the
    figure's own selection), each with its status in the map's year."""
    year = f.years[1]
    shown, later, nodes, waiting = map_selection(bundle.network, f)
    records = [_segment_record(s, f"open in {year}") for s in shown]
    records += [_segment_record(s, f"not open in {year}") for s in later]
    records += [_node_record(n, f"open in {year}") for n in nodes]
    records += [_node_record(n, f"not open in {year}") for n in waiting]
    df = pd.DataFrame.from_records(records, columns=MAP_COLUMNS)
    # the network keeps geometry only; a segment's caveats are in segments.csv's note
    notes = bundle.segments.set_index("segment_id")["note"]
    is_seg = df["feature"] == "segment"
    df.loc[is_seg, "note"] = df.loc[is_seg, "id"].map(notes)
    return df.astype({"opened": "Int64", "gauge_mm": "Int64"})


MAP_COLUMNS = [
    "feature",
    "id",
    "name",
    "route",
    "kind",
    "status",
    "opened",
    "from_node",
    "to_node",
    "countries",
    "length_km",
    "gauge_mm",
    "lat",
    "lon",
    "source_id",
    "note",
]


def _node_record(n: dict, status: str) -> dict:
    return {
        "feature": "node",
        "id": n["node_id"],
        "name": n["name"],
        "kind": n["kind"],
        "status": status,
        "opened": n["opened"],
        "countries": n["country"],
        "lat": n["lat"],
        "lon": n["lon"],
        "source_id": n["source_id"],
        "note": n["note"],
    }


def _segment_record(s: dict, status: str) -> dict:
    return {
        "feature": "segment",
        "id": s["segment_id"],
        "name": s["line"],
        "route": s["route"],
        "kind": s["mode"],
        "status": status,
        "opened": s["opened"],
        "from_node": s["from_node"],
        "to_node": s["to_node"],
        "countries": ";".join(s["countries"]),
        "length_km": s["length_km"],
        "gauge_mm": s["gauge_mm"],
        "source_id": s["source_id"],
    }


def _with_unit(df: pd.DataFrame, unit: str, after: str) -> pd.DataFrame:
    out = df.drop(columns="_row", errors="ignore")
    out.insert(out.columns.get_loc(after) + 1, "unit", unit)
    return out.reset_index(drop=True)


def _trade_words(f: Filters) -> str:
    _ = translator(f.lang)
    return _(
        "{view}; {flow}, {reporter}",
        view=f.describe(),
        flow=_(FLOW_TITLES[f.flow]) if f.flow in FLOW_TITLES else f.flow,
        reporter=_(REPORTER_VIEW_WORDS[f.reporter])
        if f.reporter in REPORTER_VIEW_WORDS
        else f.reporter,
    )


def _map_words(f: Filters) -> str:
    _ = translator(f.lang)
    return _(
        "{preset}, network as of {year}; selected countries: {countries}",
        preset=_(PRESET_WORDS[f.preset]),
        year=f.years[1],
        countries=", ".join(f.countries) or _("none"),
    )


def _investment_words(f: Filters) -> str:
    _ = translator(f.lang)
    return _("{view}; {measure}", view=f.describe(), measure=_(MEASURE_TITLES[f.measure]))


def _volumes_words(f: Filters) -> str:
    _ = translator(f.lang)
    return _(
        "{start}–{end}; unit: {unit}",
        start=f.years[0],
        end=f.years[1],
        unit=_(UNIT_WORDS[f.unit]),
    )


def panel_specs() -> dict[str, PanelSpec]:
    """Every exportable panel, in page order. A new panel is one more entry here. The figures
    are the page's own (panels.py) without the events strip: its markers only speak when
    hovered, so in a file they would be unlabelled noise."""
    specs = (
        PanelSpec(
            "map",
            N_("The Middle Corridor on a map"),
            map_figure,
            map_rows,
            stem="middle-corridor-map_{preset}_{year}",
            words=_map_words,
        ),
        PanelSpec(
            "trade",
            N_("China's trade with the selected countries"),
            lambda b, f: make_trade_figure(b.trade, b.sources, f),
            lambda b, f: _with_unit(trade_rows(b.trade, f), "USD (current)", "value_usd"),
            stem="china-trade_{flow}_{reporter}_{mode}_{slug}",
            words=_trade_words,
        ),
        PanelSpec(
            "investment",
            N_("Chinese investment in the selected countries"),
            lambda b, f: make_investment_figure(b.investment, b.sources, f),
            lambda b, f: _with_unit(investment_rows(b.investment, f), "USD", "value_usd"),
            stem="china-investment_{measure}_{slug}",
            words=_investment_words,
        ),
        PanelSpec(
            "volumes",
            N_("Corridor volumes"),
            lambda b, f: make_volumes_figure(b.volumes, b.sources, f),
            lambda b, f: volume_rows(b.volumes, f).drop(columns="_row").reset_index(drop=True),
            stem="corridor-volumes_{unit}_{years[0]}-{years[1]}",
            words=_volumes_words,
        ),
    )
    return {s.name: s for s in specs}


def resolve_panels(names: Iterable[str] | None) -> list[PanelSpec]:
    """Specs for the given names (all panels when None), or ExportError naming the unknown."""
    specs = panel_specs()
    names = list(specs) if names is None else list(names)
    unknown = [n for n in names if n not in specs]
    if unknown or not names:
        raise PanelError(
            f"unknown panel(s) {', '.join(map(repr, unknown)) or '(none given)'}; "
            f"known: {', '.join(specs)}"
        )
    return [specs[n] for n in dict.fromkeys(names)]


def report_filename(f: Filters, specs: Sequence[PanelSpec], ext: str) -> str:
    if len(specs) == 1:
        return specs[0].filename(f, ext)
    return safe_filename(f"middle-corridor-view_{f.slug()}.{ext}")


# ---------------------------------------------------------------- rows behind the views
SOURCE_COLUMNS = ("publisher", "title", "url", "accessed")


def table_rows(bundle: DataBundle, f: Filters, dataset: str | None = None) -> pd.DataFrame:
    """Exactly the published rows behind the current view of one dataset, each with its
    source's publisher, title, URL and access date. The data tab and the CSV download both
    use this, so they always agree."""
    dataset = dataset or f.dataset
    if dataset == "trade":
        rows = trade_rows(trade_view(bundle, f)[0], f)
    elif dataset == "investment":
        rows = investment_rows(bundle.investment, f)
    elif dataset == "volumes":
        rows = volume_rows(bundle.volumes, f)
    elif dataset == "events":
        rows = event_rows(bundle.events, replace(f, events="on"))
    else:
        raise ValueError(f"unknown dataset {dataset!r}")
    rows = rows.drop(columns=["_row"], errors="ignore").reset_index(drop=True)
    if "countries" in rows.columns:  # list fields are written as in the CSV: AZE;GEO
        rows["countries"] = [";".join(c) for c in rows["countries"]]
    lookup = bundle.sources_by_id
    for col in SOURCE_COLUMNS:
        rows[f"source_{col}"] = [lookup.get(s, {}).get(col, "") for s in rows["source_id"]]
    return rows
