"""The 2019 PONARS Eurasia memo's claims, checked against the data files.

`data/claims.csv` lists each claimed figure with a machine-readable description of what to check
(table, country, year, measure, direction, series, text match, kind of check). Nothing here types
a verdict: `evaluate_claims(bundle)` selects the rows each claim describes and compares them.

Rows compared
- Only rows that measure the same thing as the claim: the claim's trade flow, investment measure
  and direction, volumes series and kind (forecast vs actual), company scope. Trade and volumes
  rows must cover a full year (period FY); partial years are never compared with annual claims.
- Only rows in the claim's unit. Trade and investment rows are USD, company counts are
  companies, volumes rows carry their own unit. A claim in containers is never checked against
  TEU or tonnes: such rows are left out, and a claim left with no rows is "no data" with a note
  saying which units the data had. Facts about one journey or project (a train's distance, a
  plant's jobs and capacity: `facts.csv`) carry their scope: a figure for part of the route
  (3,500 km from Kazakhstan's border) is listed in the note, never compared with a claim about
  the whole trip. Claims whose measure no data file records are `check=not_recorded`: "no
  data", with the reason.
- Investment figures of another measure for the same country, direction and year are named in
  the note as context and never compared (portfolio holdings are not direct investment).

Precision: a figure's printed precision is the place value of its last non-zero digit ("$1.3
billion" -> 0.1 billion, "40%" -> 10 points, "119" -> 1). Two figures agree when they round to
the same multiple of the coarser of the two precisions (the claim's, from claims.csv, and the
data value's, read from its digits: the data files keep each source's precision).

Rules per check (each compared datum is a match, a mismatch, or inconclusive)
- equals / count: exact or "about" data match when they round to the claimed value. "More than
  X" matches when X rounds to the claim, is a mismatch when X already rounds above it, and is
  inconclusive below it ("less than" mirrors this).
- change: percentage change from base_year to year, computed from two full-year values of the
  same reporter and flow, from one source when any source gives both years, else across that
  reporter's sources (every pair is listed). Bounded values ("more than") give no change.
  The change matches when it rounds to the claimed percentage at the claim's precision.
- rank: every country in the set needs a value from the same reporter for that year (else no
  data, naming the missing ones). Conflicting values of one country make an interval; the claim
  matches when the country's rank is the claimed one for every value in the intervals, is a
  mismatch when it is not for any, and is inconclusive otherwise.
- range: a source stating a range matches when both ends round to the claimed ends; a single
  value matches when it rounds into the claimed range; bounds as for equals.
- duration: the days from each published departure to each published arrival of the subject
  (facts.csv), compared like a figure at the claim's precision.
- event_date: an event picked by country and text matches when its date falls in the claimed
  month (or day, or year); a less precise event date is inconclusive.

Verdicts (per reporter for trade, which China and the partner report separately; one group for
the other files, which record no reporter)
- supported: at least one match and no mismatch.
- contradicted: at least one mismatch and no match.
- sources disagree: matches and mismatches within one group (e.g. Azerbaijan's ministry and
  China's ambassador on Azerbaijan's investment in China). The data has no reporter column for
  investment, so this is not called "differs by reporter".
- no data: nothing comparable (or only inconclusive bounds).
The claim's overall verdict: the one verdict of its groups that have data; "differs by reporter"
when one reporter's data supports the claim and the other's contradicts it; "sources disagree"
when any group disagrees within itself; "no data" when no group has data.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from ...i18n import translator
from ...i18n.labels import POSITION_WORDS, REPORTER_NAMES
from .wording import (
    CONTRADICTED,
    DIFFERS,
    DISAGREE,
    ENGLISH,
    ENGLISH_WORDS,
    INCONCLUSIVE,
    MATCH,
    MISMATCH,
    NO_DATA,
    SUPPORTED,
    Words,
    format_claimed,
    unit_name,
)

log = logging.getLogger(__name__)

COLUMNS = [
    "claim_id",
    "memo_claim",
    "claim",
    "claimed",
    "check",
    "reporter",
    "year",
    "data_value",
    "source_ids",
    "publishers",
    "urls",
    "verdict",
    "claim_verdict",
    "note",
    "memo_source_id",
]

# Which column holds the value, the measure and the unit in each file the checker reads.
VALUE_COLUMN = {
    "trade": "value_usd",
    "investment": "value_usd",
    "volumes": "value",
    "companies": "count",
    "facts": "value",
}
MEASURE_COLUMN = {
    "trade": "flow",
    "investment": "measure",
    "volumes": "kind",
    "companies": "scope",
    "facts": "measure",
}
TABLE_UNIT = {"trade": "usd", "investment": "usd", "companies": "companies"}
REPORTERS = ("china", "partner")


@dataclass
class Evidence:
    """One compared datum (or pair of data, for a change) and its outcome."""

    text: str
    outcome: str
    source_ids: tuple[str, ...]
    years: tuple[int, ...] = ()


@dataclass
class Group:
    """The data one reporter (or, for files without reporters, all sources) gives for a claim."""

    reporter: str
    evidence: list[Evidence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        outcomes = {e.outcome for e in self.evidence}
        if MATCH in outcomes and MISMATCH in outcomes:
            return DISAGREE
        if MATCH in outcomes:
            return SUPPORTED
        if MISMATCH in outcomes:
            return CONTRADICTED
        return NO_DATA


# ---------------------------------------------------------------- numbers
def given(value) -> bool:
    """True for a real value (not None, NaN, pd.NA or an empty list)."""
    if isinstance(value, tuple | list):
        return bool(value)
    return value is not None and not pd.isna(value)


def printed_precision(value: float) -> float:
    """Place value of the last non-zero digit: 1.3e9 -> 1e8, 771.12e6 -> 1e4, 0 -> 1."""
    if value == 0:
        return 1.0
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return 10.0 ** int(exponent)


def _steps(value: float, precision: float) -> int:
    """value in multiples of precision, halves rounded up (never banker's rounding)."""
    return math.floor(value / precision + 0.5)


def compare(value: float, qualifier: str, claimed: float, precision: float) -> str:
    """Outcome of one datum against a claimed point value (see the module docstring)."""
    v, c = _steps(value, precision), _steps(claimed, precision)
    if qualifier == "more_than":
        return MATCH if v == c else (MISMATCH if v > c else INCONCLUSIVE)
    if qualifier == "less_than":
        return MATCH if v == c else (MISMATCH if v < c else INCONCLUSIVE)
    if qualifier in ("exact", "about"):
        return MATCH if v == c else MISMATCH
    return INCONCLUSIVE


def compare_range(value: float, qualifier: str, low: float, high: float, precision: float) -> str:
    v, lo, hi = (_steps(x, precision) for x in (value, low, high))
    inside = lo <= v <= hi
    if qualifier == "more_than":
        return MATCH if inside else (MISMATCH if v > hi else INCONCLUSIVE)
    if qualifier == "less_than":
        return MATCH if inside else (MISMATCH if v < lo else INCONCLUSIVE)
    return MATCH if inside else MISMATCH


# ---------------------------------------------------------------- selecting rows
def select(bundle, claim: dict) -> pd.DataFrame:
    """Rows of the claim's table about what the claim is about: country (or the ranked
    countries), year(s), measure, direction, series and text match."""
    name = claim["table"]
    df = bundle.tables[name]
    country, ranked = claim.get("country"), claim.get("countries")
    if name == "events" and country:
        df = df[df["countries"].map(lambda cs: country in cs)]
    elif ranked and "country" in df.columns:
        df = df[df["country"].isin(ranked)]
    elif country and "country" in df.columns:
        df = df[df["country"] == country]
    years = [y for y in (claim.get("year"), claim.get("base_year")) if y is not None]
    if years and "year" in df.columns:
        df = df[df["year"].isin(years)]
    for col, value in (
        (MEASURE_COLUMN.get(name), claim.get("measure")),
        ("direction", claim.get("direction")),
        ("series", claim.get("series")),
    ):
        if value is not None and col in df.columns:
            df = df[df[col] == value]
    if claim["check"] == "duration":  # dates, and the sources' own day counts
        df = df[df["measure"].isin(("departure", "arrival", "duration"))]
    match_field, text = claim.get("match_field"), claim.get("match_text")
    if match_field and text:  # schema.py checks that match_field is a column of the table
        df = df[df[match_field].fillna("").astype(str).str.contains(text, case=False, regex=False)]
    return df


def comparable(claim: dict, rows: pd.DataFrame, _=ENGLISH) -> tuple[pd.DataFrame, list[str]]:
    """The rows that can be compared with the claim (full year, same unit), and notes (by the
    translator `_`) on the rows left out."""
    notes = []
    if "period" in rows.columns:
        # Investment stocks and deals have no period; anything else must be a full year.
        full = rows["period"].isna() | (rows["period"] == "FY")
        if (~full).any():
            notes.append(_("{n} partial-year row(s) not compared", n=int((~full).sum())))
        rows = rows[full]
    if "scope" in rows.columns and "legs" in rows.columns:
        # A figure for part of a journey is never compared with a claim about the whole.
        part = rows["scope"] == "part"
        for legs, n in rows[part].groupby(rows["legs"].fillna("")).size().items():
            notes.append(
                _(
                    "{n} row(s) cover only part of the route ({legs}): not compared",
                    n=int(n),
                    legs=legs or "?",
                )
            )
        rows = rows[~part]
    name = claim["table"]
    if name in VALUE_COLUMN:
        want = dataunit_name(claim)
        units = rows["unit"] if "unit" in rows.columns else pd.Series(TABLE_UNIT[name], rows.index)
        other = [unit_name(u, _) for u in sorted(set(units[units != want]))]
        if other:
            notes.append(
                _(
                    "{n} row(s) in {units} not compared: the claim counts {unit}, and {others} "
                    "is not {unit}",
                    n=int((units != want).sum()),
                    units=", ".join(other),
                    unit=unit_name(want, _),
                    others=" / ".join(other),
                )
            )
        rows = rows[units == want]
    return rows, notes


def dataunit_name(claim: dict) -> str:
    """The unit the compared rows must be in: the claim's own, except for a change (percent)
    or a rank, which are computed from values in the table's unit."""
    if claim["check"] in ("change", "rank"):
        return TABLE_UNIT.get(claim["table"], claim["unit"])
    if claim["check"] == "duration":
        return "date"  # days are counted from a dated departure and arrival
    return claim["unit"]


def _groups(claim: dict, df: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    if claim["table"] == "trade":
        return [(r, df[df["reporter"] == r]) for r in REPORTERS]
    return [("", df)]


def _label(row, name: str) -> str:
    text = ""
    if name == "volumes":
        text = f" ({row['location']})"
    elif name == "investment" and given(row.get("project")):
        text = f" ({row['project']})"
    return text


# ---------------------------------------------------------------- checks
def check_equals(claim, df, w: Words = ENGLISH_WORDS) -> list[Evidence]:
    name, unit = claim["table"], claim["unit"]
    out = []
    for row in df.to_dict("records"):
        value = row[VALUE_COLUMN[name]]
        precision = max(claim["precision"], printed_precision(value))
        outcome = compare(value, row["qualifier"], claim["claimed_value"], precision)
        year = row.get("year")
        known = year is not None and not pd.isna(year)
        text = w.value(value, unit, row["qualifier"]) + (f" ({int(year)})" if known else "")
        text += _label(row, name)
        out.append(Evidence(text, outcome, (row["source_id"],), (int(year),) if known else ()))
    return out


def check_duration(claim, df, w: Words = ENGLISH_WORDS) -> list[Evidence]:
    """Days from each published departure to each published arrival of the subject: a
    duration the sources' dates give, compared like a figure (their own day counts for part of
    the way are facts of scope part, never compared)."""
    out = []
    starts = df[df["measure"] == "departure"].to_dict("records")
    ends = df[df["measure"] == "arrival"].to_dict("records")
    for a in starts:
        for b in ends:
            days = (pd.Timestamp(b["date"]) - pd.Timestamp(a["date"])).days
            outcome = compare(float(days), "exact", claim["claimed_value"], claim["precision"])
            text = (
                w.value(float(days), "days")
                + f" ({w.date(str(a['date'])[:10])} → {w.date(str(b['date'])[:10])})"
            )
            sources = tuple(dict.fromkeys((a["source_id"], b["source_id"])))
            out.append(Evidence(text, outcome, sources, (pd.Timestamp(b["date"]).year,)))
    return out


def check_change(claim, df, w: Words = ENGLISH_WORDS) -> list[Evidence]:
    year, base = int(claim["year"]), int(claim["base_year"])
    usable = df[df["qualifier"].isin(("exact", "about"))]
    new = usable[usable["year"] == year].to_dict("records")
    old = usable[usable["year"] == base].to_dict("records")
    pairs = [(a, b) for a in old for b in new if a["source_id"] == b["source_id"]]
    pairs = pairs or [(a, b) for a in old for b in new]
    out = []
    for a, b in pairs:
        va, vb = a["value_usd"], b["value_usd"]
        if va == 0:
            continue
        change = (vb - va) / va * 100.0
        outcome = compare(change, "exact", claim["claimed_value"], claim["precision"])
        text = (
            f"{w.value(change, 'percent')} ({base} {w.value(va, 'usd', a['qualifier'])}"
            f" → {year} {w.value(vb, 'usd', b['qualifier'])})"
        )
        sources = tuple(dict.fromkeys((a["source_id"], b["source_id"])))
        out.append(Evidence(text, outcome, sources, (base, year)))
    return out


def _interval(rows: pd.DataFrame) -> tuple[float, float]:
    lows, highs = [], []
    for value, qualifier in zip(rows["value_usd"], rows["qualifier"], strict=True):
        lows.append(0.0 if qualifier == "less_than" else value)
        highs.append(math.inf if qualifier == "more_than" else value)
    return min(lows), max(highs)


def _values_text(rows: pd.DataFrame, w: Words = ENGLISH_WORDS) -> str:
    values = sorted(set(zip(rows["value_usd"], rows["qualifier"], strict=True)))
    return " / ".join(w.value(v, "usd", q) for v, q in values)


def check_rank(claim, df, w: Words = ENGLISH_WORDS) -> list[Evidence]:
    """One datum per value of the claimed country, ranked against the other countries' values
    (an interval where their sources conflict)."""
    countries, me = list(claim["countries"]), claim["country"]
    if any(c not in set(df["country"]) for c in countries):
        return []
    others = {c: df[df["country"] == c] for c in countries if c != me}
    bounds = [_interval(rows) for rows in others.values()]
    context = "; ".join(f"{c} {_values_text(rows, w)}" for c, rows in others.items())
    other_sources = tuple(s for rows in others.values() for s in rows["source_id"])
    claimed, year = int(claim["claimed_value"]), int(claim["year"])
    out = []
    for row in df[df["country"] == me].to_dict("records"):
        lo, hi = _interval(pd.DataFrame([row]))
        best = 1 + sum(1 for olo, _ in bounds if olo > hi)
        worst = 1 + sum(1 for _, ohi in bounds if ohi > lo)
        if best == worst == claimed:
            outcome = MATCH
        elif best <= claimed <= worst:
            outcome = INCONCLUSIVE
        else:
            outcome = MISMATCH
        rank = str(best) if best == worst else f"{best}–{worst}"
        value = w.value(row["value_usd"], "usd", row["qualifier"])
        if w.english:
            text = f"{me} {value}: rank {rank} (vs {context})"
        else:
            text = w._(
                "{country} {value}: rank {rank} (against {others})",
                country=me,
                value=value,
                rank=rank,
                others=context,
            )
        sources = tuple(dict.fromkeys((row["source_id"], *other_sources)))
        out.append(Evidence(text, outcome, sources, (year,)))
    return out


def check_range(claim, df, w: Words = ENGLISH_WORDS) -> list[Evidence]:
    low, high, unit = claim["claimed_value"], claim["claimed_high"], claim["unit"]
    out = []
    for source_id, rows in df.groupby("source_id", sort=True):
        by_q = {q: rows[rows["qualifier"] == q]["value"].tolist() for q in set(rows["qualifier"])}
        year = int(rows["year"].iloc[0])
        label = _label(rows.iloc[0], "volumes")
        for lo_v in by_q.get("range_low", []):
            for hi_v in by_q.get("range_high", []):
                precision = max(
                    claim["precision"], printed_precision(lo_v), printed_precision(hi_v)
                )
                ok = _steps(lo_v, precision) == _steps(low, precision) and _steps(
                    hi_v, precision
                ) == _steps(high, precision)
                text = f"{w.number(lo_v)}–{w.value(hi_v, unit)} ({year}){label}"
                out.append(Evidence(text, MATCH if ok else MISMATCH, (source_id,), (year,)))
        for q in ("exact", "about", "more_than", "less_than"):
            for v in by_q.get(q, []):
                precision = max(claim["precision"], printed_precision(v))
                outcome = compare_range(v, q, low, high, precision)
                text = f"{w.value(v, unit, q)} ({year}){label}"
                out.append(Evidence(text, outcome, (source_id,), (year,)))
    return out


def check_event_date(claim, df, w: Words = ENGLISH_WORDS) -> list[Evidence]:
    claimed = str(claim["claimed_date"])
    out = []
    for row in df.to_dict("records"):
        date = str(row["date"])
        if date.startswith(claimed):
            outcome = MATCH
        elif claimed.startswith(date):
            outcome = INCONCLUSIVE
        else:
            outcome = MISMATCH
        out.append(
            Evidence(
                f"{w.date(date)}: {row['title']}", outcome, (row["source_id"],), (int(date[:4]),)
            )
        )
    return out


CHECKS = {
    "equals": check_equals,
    "count": check_equals,
    "change": check_change,
    "rank": check_rank,
    "range": check_range,
    "event_date": check_event_date,
    "duration": check_duration,
}


# ---------------------------------------------------------------- evaluation
def evaluate_groups(bundle, claim: dict, _=ENGLISH, w: Words = ENGLISH_WORDS) -> list[Group]:
    """The claim's evidence, one Group per reporter (trade) or one Group (other files); the
    checker's notes by the translator `_` (a claim's own note is the data's words)."""
    if claim["check"] == "not_recorded" or not given(claim.get("table")):
        return [Group("", notes=[claim.get("note") or _("no data file records this measure")])]
    groups = []
    for reporter, selected in _groups(claim, select(bundle, claim)):
        rows, notes = comparable(claim, selected, _)
        group = Group(reporter, CHECKS[claim["check"]](claim, rows, w), notes)
        group.notes.extend(_why_no_verdict(claim, reporter, rows, group, _))
        group.notes.extend(_other_measures(bundle, claim, _, w))
        groups.append(group)
    return groups


def _other_measures(bundle, claim: dict, _=ENGLISH, w: Words = ENGLISH_WORDS) -> list[str]:
    """Investment figures of another measure for the same country, direction and year: named
    as context, never compared (Azerbaijan's $1.7 bn in Chinese securities is not China's
    count of its direct investment)."""
    if claim["table"] != "investment" or claim.get("measure") not in POSITION_WORDS:
        return []
    df = bundle.tables["investment"]
    df = df[
        (df["country"] == claim.get("country"))
        & (df["direction"] == claim.get("direction"))
        & (df["measure"] != claim["measure"])
        & df["measure"].isin(list(POSITION_WORDS))
        & df["period"].isna()
    ]
    if claim.get("year") is not None:
        df = df[df["year"] == claim["year"]]
    out = []
    for row in df.to_dict("records"):
        publisher = bundle.sources_by_id.get(row["source_id"], {}).get("publisher", "")
        out.append(
            _(
                "a different measure, not compared: {measure} {value} ({year}, {publisher})",
                measure=_(POSITION_WORDS[row["measure"]]),
                value=w.value(row["value_usd"], "usd", row["qualifier"]),
                year=int(row["year"]),
                publisher=publisher,
            )
        )
    return out


def _why_no_verdict(
    claim: dict, reporter: str, rows: pd.DataFrame, group: Group, _=ENGLISH
) -> list[str]:
    """Notes that say why a group has no verdict (nothing when it has one)."""
    if group.verdict != NO_DATA:
        return []
    if group.evidence and claim["check"] == "event_date":
        return [_("the event's date is less precise than the claimed date")]
    if group.evidence:
        return [_("the data only bounds the value (more than / less than)")]
    if claim["check"] == "change":
        return [_change_gap(claim, reporter, rows, _)]
    who = _(REPORTER_NAMES[reporter]) if reporter in REPORTER_NAMES else ""
    if claim["check"] == "rank":
        missing = ", ".join(c for c in claim["countries"] if c not in set(rows["country"]))
        if who:
            rule = _(
                "no full-year value from {reporter} for {countries}",
                reporter=who,
                countries=missing,
            )
            return [rule]
        return [_("no full-year value for {countries}", countries=missing)]
    words = {"measure": claim["measure"] or claim["table"], "file": f"{claim['table']}.csv"}
    if claim["year"]:
        words["year"] = claim["year"]
        if who:
            return [
                _("no {measure} rows from {reporter} in {file} for {year}", reporter=who, **words)
            ]
        return [_("no {measure} rows in {file} for {year}", **words)]
    if who:
        return [_("no {measure} rows from {reporter} in {file}", reporter=who, **words)]
    return [_("no {measure} rows in {file}", **words)]


def _change_gap(claim: dict, reporter: str, rows: pd.DataFrame, _=ENGLISH) -> str:
    usable = rows[rows["qualifier"].isin(("exact", "about"))]
    have = set(usable["year"])
    missing = [str(int(claim[k])) for k in ("base_year", "year") if int(claim[k]) not in have]
    words = {"measure": claim["measure"], "years": ", ".join(missing)}
    if reporter in REPORTER_NAMES:
        return _(
            "a change needs exact or 'about' full-year {measure} values from {reporter} for "
            "both years; none for {years}",
            reporter=_(REPORTER_NAMES[reporter]),
            **words,
        )
    return _(
        "a change needs exact or 'about' full-year {measure} values for both years; none for "
        "{years}",
        **words,
    )


def claim_verdict(verdicts: list[str]) -> str:
    with_data = {v for v in verdicts if v != NO_DATA}
    if not with_data:
        return NO_DATA
    if len(with_data) == 1:
        return with_data.pop()
    if DISAGREE in with_data:
        return DISAGREE
    return DIFFERS


def _source_cells(bundle, source_ids: list[str]) -> tuple[str, str, str]:
    src = bundle.sources_by_id
    found = [s for s in source_ids if s in src]
    return (
        "; ".join(found),
        "; ".join(dict.fromkeys(src[s]["publisher"] for s in found)),
        "; ".join(src[s]["url"] for s in found),
    )


def evaluate_claim(bundle, claim: dict, _=ENGLISH, w: Words = ENGLISH_WORDS) -> list[dict]:
    groups = evaluate_groups(bundle, claim, _, w)
    overall = claim_verdict([g.verdict for g in groups])
    rows = []
    for g in groups:
        source_ids = list(dict.fromkeys(s for e in g.evidence for s in e.source_ids))
        ids_, publishers, urls = _source_cells(bundle, source_ids)
        years = sorted({y for e in g.evidence for y in e.years})
        if not years:
            years = [int(claim[k]) for k in ("base_year", "year") if claim.get(k) is not None]
        rows.append(
            {
                "claim_id": claim["claim_id"],
                "memo_claim": int(claim["memo_claim"]),
                "claim": claim["claim"],
                "claimed": format_claimed(claim, w),
                "check": claim["check"],
                "reporter": g.reporter,
                "year": ", ".join(str(y) for y in years),
                "data_value": "; ".join(f"{e.text} [{w.outcome(e.outcome)}]" for e in g.evidence),
                "source_ids": ids_,
                "publishers": publishers,
                "urls": urls,
                "verdict": g.verdict,
                "claim_verdict": overall,
                "note": "; ".join(dict.fromkeys(g.notes)),
                "memo_source_id": claim["source_id"],
            }
        )
    return rows


def _claim_dict(row: dict) -> dict:
    return {k: (v if given(v) else None) for k, v in row.items()}


def evaluate_claims(bundle, lang: str = "en") -> pd.DataFrame:
    """One row per claim and reporter (trade) or per claim (other files); see the docstring.
    The notes, the claimed value and what the data says are in lang (English: the words the
    CLI and the CSV have always had); ids, verdicts and years are machine words."""
    _ = translator(lang)
    rows = []
    for claim in bundle.tables["claims"].to_dict("records"):
        rows.extend(evaluate_claim(bundle, _claim_dict(claim), _, Words(lang)))
    return pd.DataFrame(rows, columns=COLUMNS)
