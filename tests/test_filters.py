"""URL state: canonical round trip, defaults on bad input, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.filters import FOCUS_COUNTRIES, GROUPS, PRESETS, Filters


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?years=2015..2024",
        "?countries=AZE,GEO",
        "?years=2005..2010&countries=KAZ&reporter=partner",
        "?measure=loan&preset=caspian",
        "?countries=",
        "?reporter=both&flow=partner_imports",
    ],
)
def test_canonical_queries_round_trip(query):
    f, rejected = Filters.from_query(query)
    assert rejected == []
    assert f.to_query() == query


def test_defaults_are_not_written():
    assert Filters().to_query() == ""


@pytest.mark.parametrize(
    ("query", "bad"),
    [
        ("?years=2024..2015", "years"),
        ("?years=abc", "years"),
        ("?years=1900..2020", "years"),
        ("?countries=AZE,XXX", "countries"),
        ("?reporter=moon", "reporter"),
        ("?preset=mars", "preset"),
        ("?measure=gdp", "measure"),
    ],
)
def test_bad_values_fall_back_and_are_reported(query, bad):
    f, rejected = Filters.from_query(query)
    assert rejected == [bad]
    assert getattr(f, bad) == getattr(Filters(), bad)


def test_unknown_parameters_are_ignored():
    assert Filters.from_query("?utm_source=x&foo=1") == (Filters(), [])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_string_yields_a_valid_view(query):
    f, _ = Filters.from_query(query)
    assert f.years[0] <= f.years[1]
    assert set(f.countries) <= set(FOCUS_COUNTRIES)
    assert f.preset in PRESETS
    again, rejected = Filters.from_query(f.to_query())
    assert again == f and rejected == []


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(),
        st.lists(st.one_of(st.integers(), st.text(), st.none()), max_size=5),
    )
)
def test_controls_with_hostile_values_fall_back(value):
    f = Filters.from_controls(
        years=value, countries=value, reporter=value, measure=value, preset=value
    )
    assert f.years[0] <= f.years[1] and set(f.countries) <= set(FOCUS_COUNTRIES)


def test_apply_filters_years_and_countries(bundle):
    f = Filters(years=(2018, 2020), countries=("GEO",))
    out = f.apply(bundle.trade)
    assert not out.empty
    assert set(out["country"]) == {"GEO"} and out["year"].between(2018, 2020).all()


@pytest.mark.parametrize(
    "query",
    [
        "?mode=yoy&scale=log",
        "?flow=balance&unit=teu&events=off&categories=finance,shock",
        "?indicator=none&tab=table&dataset=volumes",
        "?categories=",
    ],
)
def test_view_settings_round_trip(query):
    f, rejected = Filters.from_query(query)
    assert rejected == []
    assert f.to_query() == query


def test_a_group_name_selects_its_members():
    f, rejected = Filters.from_query("?countries=south_caucasus")
    assert rejected == []
    assert f.countries == GROUPS["south_caucasus"]
    assert f.group() == "south_caucasus"
    assert Filters.from_query(f.to_query())[0] == f


def test_unknown_event_category_falls_back():
    f, rejected = Filters.from_query("?categories=finance,aliens")
    assert rejected == ["categories"]
    assert f.categories == Filters().categories
