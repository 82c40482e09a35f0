"""Pure figure builders: (data, filters) -> a new go.Figure, each with its sources line."""

from .investment import make_investment_figure
from .map import make_map_figure
from .trade import make_trade_figure

__all__ = ["make_investment_figure", "make_map_figure", "make_trade_figure"]
