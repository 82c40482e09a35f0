"""The built wheel works on its own (not editable): installed into a fresh virtual environment,
outside the checkout, `validate` passes on the data it carries and the page serves its CSS,
the basemap and the partial plotly.js."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from dashboard.config import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a clean copy of the checkout's files (a build/ folder left by an earlier
    build would otherwise lend the wheel what the build no longer makes)."""
    src = tmp_path_factory.mktemp("src")
    listed = subprocess.check_output(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT
    ).split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    # as pip builds any wheel (an isolated build environment with setuptools from the index)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        check=True,
        cwd=out,
    )
    (path,) = out.glob("middle_corridor_dashboard-*.whl")
    return path


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (not editable); its dependencies are read from
    this test environment's site-packages through a .pth file, so nothing is downloaded."""
    env = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    py = env / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [py, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
        )
        .decode()
        .strip()
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site),
         str(wheel)],
        check=True,
    )  # fmt: skip
    (site / "zz_test_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return env


def run(venv: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    env["DASHBOARD_CACHE_DIR"] = ""
    return subprocess.run(
        [str(venv / "bin" / "python"), *args], capture_output=True, text=True, env=env,
        cwd=venv, timeout=300, **kw,
    )  # fmt: skip


def test_the_wheel_carries_assets_basemap_bundle_locales_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "dashboard/web/assets/style.css",
        "dashboard/web/assets/topojson/world_50m.json",
        "dashboard/web/assets/vendor/plotly-dashboard.min.js",
        "dashboard/i18n/locale/ru/LC_MESSAGES/messages.mo",
        "dashboard/web/methodology.md",
        "dashboard/data/sample/trade.csv",
        "dashboard/data/sample/datapackage.json",
        "dashboard/data/sample/boundaries/countries.geojson",
    ):
        assert name in names, name


def test_the_installed_package_is_the_wheel(venv):
    out = run(venv, "-c", "import dashboard; print(dashboard.__file__)").stdout
    assert str(venv) in out and str(ROOT) not in out


def test_validate_passes_on_the_data_it_carries(venv):
    r = run(venv, "-m", "dashboard", "validate")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "OK:" in r.stdout and str(venv) in r.stdout


def test_the_page_serves_its_css_basemap_and_plotly(venv):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [str(venv / "bin" / "python"), "-m", "dashboard", "--port", str(port),
         "--reload-interval", "0", "--cache-dir", ""],
        cwd=venv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        for path, kind in (
            ("/assets/style.css", "text/css"),
            ("/assets/topojson/world_50m.json", "json"),
            ("/", "text/html"),
        ):
            with urllib.request.urlopen(base + path, timeout=10) as resp:
                assert resp.status == 200 and kind in resp.headers["Content-Type"], path
    finally:
        proc.terminate()
        proc.wait(timeout=30)
