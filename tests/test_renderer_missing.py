"""Without Chromium, image and PDF exports say so in one sentence with the command that fixes
it: the download answers 503 (never a 500), the CLI exits 1 with one line, the page shows the
sentence above its download links; CSV and HTML still work."""

from __future__ import annotations

import pytest
from choreographer.browsers.chromium import Chromium

from dashboard.cli import main
from dashboard.export import CHROMIUM_MISSING, renderer_missing
from dashboard.filters import Filters
from dashboard.web.downloads import download_links, make_download


@pytest.fixture()
def no_chromium(monkeypatch):
    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **k: None))
    assert renderer_missing() == CHROMIUM_MISSING


def test_this_machine_has_its_renderer():
    assert renderer_missing() is None  # CI installs Debian's chromium (scripts/test.sh)


@pytest.mark.parametrize("name", ["trade.png", "map.svg", "trade.pdf", "report.pdf"])
def test_image_downloads_answer_503_with_the_fix(bundle, no_chromium, name):
    d = make_download(bundle, name, "")
    text = d.body.decode()
    assert d.status == 503 and "apt-get install chromium" in text and text.count("\n") == 1


def test_csv_and_html_need_no_chromium(bundle, no_chromium):
    assert make_download(bundle, "trade.csv", "").status == 200
    assert make_download(bundle, "view.html", "").status == 200


def test_the_cli_says_it_in_one_line(no_chromium, capsys, tmp_path):
    code = main(["export", "--format", "png", "--out", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert code == 1 and "\n" not in err and "apt-get install chromium" in err
    assert list(tmp_path.iterdir()) == []


def test_the_page_says_it_above_the_links(no_chromium):
    node = download_links(Filters())
    assert node.children[0].children == CHROMIUM_MISSING


def test_the_page_shows_no_notice_when_chromium_is_there():
    assert type(download_links(Filters())).__name__ == "Nav"
