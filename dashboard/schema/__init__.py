"""The CSV contract of data/: the vocabulary (allowed values), one spec per table, and the
validator that checks a file against its spec (`file:row:column: rule`).

    vocabulary.py  every coded column's allowed values, id and period patterns
    tables.py      Field / ForeignKey / Table and TABLES, each with its own row checks
    problems.py    Problem (one cell, one translatable rule) and params()
    validator.py   validate_table, check_references, read_csv_text, parse_partial_date
"""

from .problems import Params, Problem, Rule, params
from .tables import MAX_USD, TABLE_BY_NAME, TABLES, Field, ForeignKey, Table
from .validator import (
    TableResult,
    check_references,
    parse_partial_date,
    read_csv_text,
    validate_table,
)
from .vocabulary import *  # noqa: F403  (the vocabulary is part of the contract)
from .vocabulary import __all__ as _vocabulary

__all__ = [
    "MAX_USD",
    "TABLES",
    "TABLE_BY_NAME",
    "Field",
    "ForeignKey",
    "Params",
    "Problem",
    "Rule",
    "Table",
    "TableResult",
    "check_references",
    "params",
    "parse_partial_date",
    "read_csv_text",
    "validate_table",
    *_vocabulary,
]
