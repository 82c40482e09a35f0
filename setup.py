"""The wheel carries the sample data: setuptools copies data/ (the CSVs, datapackage.json and
the boundary GeoJSON) into dashboard/data/sample when it builds, so an installed package serves
and validates without the source checkout (dashboard/config.py's DATA_DIR). Everything else is
in pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SAMPLE = ("*.csv", "datapackage.json", "boundaries/*.geojson")


class build_py_with_data(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "dashboard" / "data" / "sample"
        for pattern in SAMPLE:
            for src in sorted((HERE / "data").glob(pattern)):
                dst = target / src.relative_to(HERE / "data")
                dst.parent.mkdir(parents=True, exist_ok=True)
                dst.write_bytes(src.read_bytes())


setup(cmdclass={"build_py": build_py_with_data})
