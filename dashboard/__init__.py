"""Middle Corridor dashboard: China's Belt and Road in the South Caucasus and Central Asia."""

__version__ = "0.1.0"
