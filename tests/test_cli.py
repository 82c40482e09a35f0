"""The command line never shows a traceback: a bad flag, a missing or unreadable folder or file,
an unwritable output each give one line on stderr and a nonzero exit status."""

from __future__ import annotations

import pathlib
import shutil
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.config import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "comtrade_TradeData.csv"


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.strip()


def one_line(err: str) -> str:
    assert err and "\n" not in err, err
    return err


def deny(monkeypatch, method: str, under: Path) -> None:
    """Path.<method> raises PermissionError for paths under `under`, as for a folder the user
    may not read or write (chmod does not stop root, who runs CI)."""
    real = getattr(pathlib.Path, method)

    def guarded(self, *a, **k):
        if str(self).startswith(str(under)):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *a, **k)

    monkeypatch.setattr(pathlib.Path, method, guarded)


def test_a_port_out_of_range_is_one_line(capsys):
    code, err = run(capsys, "--port", "99999")
    assert code == 2 and "65535" in one_line(err)


def test_a_negative_reload_interval_is_refused(capsys):
    code, err = run(capsys, "serve", "--reload-interval", "-1")
    assert code == 2 and "reload_interval" in one_line(err)


@pytest.mark.parametrize(
    "argv",
    [
        ["datapackage", "--data-dir", "/nonexistent"],
        ["validate", "--data-dir", "/nonexistent"],
        ["ingest", "comtrade", str(FIXTURE), "--data-dir", "/nonexistent"],
    ],
)
def test_a_missing_data_folder_is_one_line(capsys, argv):
    code, err = run(capsys, *argv)
    assert code == 2 and "/nonexistent" in one_line(err)


def test_ingest_into_a_missing_folder_is_one_line(capsys):
    code, err = run(capsys, "ingest", "comtrade", str(FIXTURE), "--out", "/nonexistent/dir/o.csv")
    assert code != 0 and "/nonexistent/dir" in one_line(err)


def test_datapackage_write_into_a_read_only_folder(capsys, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    deny(monkeypatch, "write_text", data)
    code, err = run(capsys, "datapackage", "--write", "--data-dir", str(data))
    assert code == 1 and "Permission denied" in one_line(err) and "datapackage.json" in err


def test_an_unreadable_data_file_is_a_problem_not_a_crash(capsys, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    deny(monkeypatch, "read_bytes", data / "trade.csv")
    code = main(["validate", "--data-dir", str(data)])
    out = capsys.readouterr().out
    assert code == 1 and "trade.csv:0:-: file cannot be read (Permission denied)" in out


def test_an_unreadable_input_file_is_one_line(capsys, tmp_path, monkeypatch):
    deny(monkeypatch, "read_bytes", FIXTURE)
    code = main(["ingest", "comtrade", str(FIXTURE), "--out", str(tmp_path / "o.csv")])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code != 0 and "Permission denied" in (out + err)
    assert not (tmp_path / "o.csv").exists()
