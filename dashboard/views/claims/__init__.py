"""The 2019 PONARS Eurasia memo's claims, checked against the data files; data only (the page's
table is dashboard/web/claims.py).

    evaluation.py  select the rows each claim describes, compare, verdicts (rules in its docstring)
    wording.py     verdict and outcome words; values in English or the page's language
    report.py      text / CSV / Markdown for `python -m dashboard claims`
"""

from .evaluation import COLUMNS, evaluate_claim, evaluate_claims, evaluate_groups
from .report import render, to_markdown, to_text
from .wording import (
    CONTRADICTED,
    DIFFERS,
    DISAGREE,
    NO_DATA,
    SUPPORTED,
    VERDICT_WORDS,
    VERDICTS,
    Words,
    format_claimed,
    format_value,
)

__all__ = [
    "COLUMNS",
    "CONTRADICTED",
    "DIFFERS",
    "DISAGREE",
    "NO_DATA",
    "SUPPORTED",
    "VERDICTS",
    "VERDICT_WORDS",
    "Words",
    "evaluate_claim",
    "evaluate_claims",
    "evaluate_groups",
    "format_claimed",
    "format_value",
    "render",
    "to_markdown",
    "to_text",
]
