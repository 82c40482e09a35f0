"""One problem in one cell (`file:row:column: rule`), translatable: the rule is a marked template
plus named values."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_, gettext

Params = tuple[tuple[str, str], ...]


def params(**kw) -> Params:
    """Named values for a rule template, as text (a dataclass field must be hashable)."""
    return tuple(sorted((k, str(v)) for k, v in kw.items()))


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one cell. `template` is the rule as a message id (marked with N_) with
    named {placeholders} filled from `params`, so it can be shown in any language; `rule` and
    str() are the English text (the CLI, logs and tests read those)."""

    file: str
    row: int
    column: str
    template: str
    params: Params = ()

    @property
    def rule(self) -> str:
        # a template without params is plain text and may contain braces (regex patterns)
        return self.template.format(**dict(self.params)) if self.params else self.template

    def rule_text(self, lang: str) -> str:
        """The rule in lang (its placeholders filled in the translation's word order)."""
        return gettext(lang, self.template, **dict(self.params))

    def text(self, lang: str) -> str:
        """'row 3, column value: rule' in lang (row = the line a spreadsheet shows)."""
        # A header cell left blank has no name to show ("" or "-").
        column = self.column if self.column not in ("", "-") else gettext(lang, N_("(unnamed)"))
        return gettext(
            lang,
            N_("row {row}, column {column}: {rule}"),
            row=self.row,
            column=column,
            rule=self.rule_text(lang),
        )

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.rule}"


Rule = tuple[str, Params]  # (template, params)
