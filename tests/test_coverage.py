"""Coverage (issue 14 §5): country x year x reporter, filled / empty / conflict, from the CLI
and on the Sources tab, where a cell click lists the rows behind it."""

from __future__ import annotations

from test_figures import _trade

from dashboard.cli import main
from dashboard.views.coverage import cell_of, coverage_cells, coverage_summary, matrix_rows
from dashboard.web import ids

ROWS = _trade(
    [
        ("AZE", 2018, "FY", "turnover", 100.0, "exact", "china", "a", "", ""),
        ("AZE", 2018, "FY", "turnover", 101.9, "exact", "china", "b", "", ""),  # within 2%
        ("AZE", 2019, "FY", "turnover", 100.0, "exact", "partner", "a", "", ""),
        ("AZE", 2019, "FY", "turnover", 110.0, "exact", "partner", "b", "", ""),  # conflict
        ("AZE", 2020, "M01-M06", "turnover", 50.0, "exact", "china", "a", "", ""),  # part-year
        ("AZE", 2020, "FY", "partner_exports", 50.0, "exact", "china", "a", "", ""),  # a flow
    ]
)


def _status(cells, country, reporter, year):
    hit = cells[
        (cells["country"] == country) & (cells["reporter"] == reporter) & (cells["year"] == year)
    ]
    return hit["status"].item(), hit["rows"].item()


def test_cells_are_filled_conflict_or_empty():
    cells = coverage_cells(ROWS, 2018, 2020, countries=("AZE", "GEO"))
    assert len(cells) == 2 * 2 * 3
    assert _status(cells, "AZE", "china", 2018) == ("filled", 2)
    assert _status(cells, "AZE", "partner", 2019) == ("conflict", 2)
    # only full-year turnover fills a cell
    assert _status(cells, "AZE", "china", 2020) == ("empty", 0)
    assert _status(cells, "GEO", "partner", 2018) == ("empty", 0)
    assert coverage_summary(cells)[0] == (
        "All: 2 countries x 2018-2020 x China / partner: 2 of 12 cells filled (17%), "
        "1 of them with a conflict"
    )


def test_a_click_is_read_from_the_row_and_column_only():
    cells = coverage_cells(ROWS, 2018, 2020, countries=("AZE", "GEO"))
    assert [r["reporter"] for r in matrix_rows(cells)] == ["china", "partner"] * 2
    assert cell_of(cells, {"row": 1, "column_id": "2019"}) == ("AZE", "partner", 2019)
    assert cell_of(cells, {"row": 2, "column_id": "2018"}) == ("GEO", "china", 2018)
    for bad in (None, [], {"row": 9, "column_id": "2018"}, {"row": 0, "column_id": "country"},
                {"row": True, "column_id": "2018"}, {"row": 0, "column_id": "1999"}):  # fmt: skip
        assert cell_of(cells, bad) is None


def test_shipped_china_side_is_filled_for_every_country_2001_to_2024(bundle):
    cells = coverage_cells(bundle.trade)
    assert len(cells) == 416  # 8 countries x 2000-2025 x 2 reporters
    china = cells[(cells["reporter"] == "china") & cells["year"].between(2001, 2024)]
    assert len(china) == 192 and (china["status"] != "empty").all()


def test_coverage_command_prints_the_matrix_and_the_figures(capsys):
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert "| AZE | china | · | ● |" in out  # 2000 empty, 2001 filled
    assert "China side, 8 x 2001-2024: 192 of 192 cells filled (100%)" in out
    assert "All: 8 countries x 2000-2025 x China / partner:" in out and "of 416 cells" in out


def _post(client, outputs, inputs, state):
    body = {
        "output": "...".join(f"{o}.{p}" for o, p in outputs).join(("..", "..")),
        "outputs": [{"id": o, "property": p} for o, p in outputs],
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [f"{i}.{p}" for i, p, _v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
    }
    return client.post("/_dash-update-component", json=body)


def test_sources_tab_shows_the_matrix_and_a_click_lists_the_rows(client, bundle):
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert ids.COVERAGE_TABLE in layout
    res = _post(
        client,
        [(ids.COVERAGE_TABLE, "data"), (ids.COVERAGE_CAPTION, "children")],
        [(ids.TAB, "value", "sources")],
        [(ids.COVERAGE_TABLE, "data", []), (ids.PAGE_LANG, "data", "en")],
    )
    response = res.get_json()["response"]
    rows = response[ids.COVERAGE_TABLE]["data"]
    assert len(rows) == 16 and rows[0]["id"] == "AZE:china" and rows[0]["2018"] == "●"
    assert rows[0]["reporter"] == "China's customs"
    assert "of 416 cells filled" in response[ids.COVERAGE_CAPTION]["children"]

    def click(cell, lang="en"):
        return _post(
            client,
            [(ids.COVERAGE_CELL, "children"), (ids.COVERAGE_ROWS, "data"),
             (ids.COVERAGE_ROWS, "columns")],
            [(ids.COVERAGE_TABLE, "active_cell", cell)],
            [(ids.PAGE_LANG, "data", lang)],
        )  # fmt: skip

    cell = {"row": 0, "column": 20, "column_id": "2018", "row_id": "AZE:china"}
    out = click(cell).get_json()["response"]
    behind = out[ids.COVERAGE_ROWS]["data"]
    assert (
        (out[ids.COVERAGE_CELL]["children"])
        == "AZE, 2018, China's customs: 1 row(s) behind this cell."
    )
    assert [r["source_id"] for r in behind] == ["imf-imts-chn-2001-2024"]
    assert behind[0]["publisher"] == "International Monetary Fund"
    assert "строк" in click(cell, "ru").get_json()["response"][ids.COVERAGE_CELL]["children"]
    # the row id wins over the row number; a bad id or a name column lists nothing
    out = click({**cell, "row": 5, "row_id": "GEO:partner"}).get_json()["response"]
    assert out[ids.COVERAGE_CELL]["children"].startswith("GEO, 2018, partner's statistics")
    for bad in ({**cell, "row_id": "XXX:china"}, {**cell, "column_id": "country"}, "junk"):
        res = click(bad)
        assert res.status_code in (200, 204, 400)
        if res.status_code == 200:
            assert res.get_json()["response"][ids.COVERAGE_ROWS]["data"] == []
