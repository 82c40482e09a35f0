"""The claims table as the command line writes it: text blocks, CSV or Markdown (English)."""

from __future__ import annotations

import pandas as pd


def to_text(table: pd.DataFrame) -> str:
    """A block per claim: what it says, the overall verdict, then one line per reporter."""
    lines = []
    for claim_id, rows in table.groupby("claim_id", sort=False):
        first = rows.iloc[0]
        lines.append(f"{claim_id} (memo claim {first['memo_claim']}): {first['claim']}")
        lines.append(f"  claimed {first['claimed']} -> {first['claim_verdict'].upper()}")
        for r in rows.to_dict("records"):
            who = r["reporter"] or "data"
            lines.append(f"  {who:8} {r['verdict']:17} {r['data_value'] or '-'}")
            if r["source_ids"]:
                lines.append(f"  {'':8} sources: {r['source_ids']}")
            if r["note"]:
                lines.append(f"  {'':8} note: {r['note']}")
        lines.append("")
    return "\n".join(lines)


def _md_cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(table: pd.DataFrame) -> str:
    cols = ["claim_id", "claimed", "reporter", "data_value", "year", "source_ids", "verdict"]
    cols += ["claim_verdict", "note"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in table.to_dict("records"):
        lines.append("| " + " | ".join(_md_cell(r[c]) for c in cols) + " |")
    return "\n".join(lines)


def render(table: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return table.to_csv(index=False)
    if fmt == "markdown":
        return to_markdown(table) + "\n"
    return to_text(table)
