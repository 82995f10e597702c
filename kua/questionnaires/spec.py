"""The questionnaire as Kua understands it, independent of the spreadsheet it came from.

``kua.questionnaires.loader.load_xlsform`` builds a ``FormSpec``; the validator, the entry page
and the import/export code read it. Texts (labels, hints, messages) are dicts keyed by
language code ('ru', 'kk', 'en'; 'default' for columns without a language suffix).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Final

from kua.questionnaires.expressions import Binary, Expr

__all__ = [
    "ANSWER_KINDS",
    "KINDS",
    "SYSTEM_KINDS",
    "Choice",
    "Field",
    "FormSpec",
    "Section",
    "pick_text",
]

# Questions a person answers.
ANSWER_KINDS: Final = frozenset({"text", "integer", "decimal", "date", "select_one", "select_multiple"})
# Rows that never take an answer from input: display text, computed values, metadata
# filled in by the system (username, start, end, today, deviceid, ...).
SYSTEM_KINDS: Final = frozenset({"note", "calculate", "metadata"})
KINDS: Final = ANSWER_KINDS | SYSTEM_KINDS


def pick_text(texts: Mapping[str, str], language: str | None, default_language: str) -> str:
    """The text in ``language`` (or its base language), else the form's default, else any."""
    candidates: list[str] = []
    if language:
        lowered = language.lower()
        candidates += [lowered, lowered.split("-")[0]]
    candidates += [default_language, "default"]
    by_lower = {key.lower(): value for key, value in texts.items() if value}
    for candidate in candidates:
        if candidate.lower() in by_lower:
            return by_lower[candidate.lower()]
    return next(iter(by_lower.values()), "")


@dataclass(frozen=True)
class Choice:
    """One option of a choice list; ``extra`` holds its other columns (e.g. region)."""

    name: str
    labels: dict[str, str]
    extra: dict[str, str] = dc_field(default_factory=dict)

    def columns(self) -> dict[str, str]:
        """What a choice_filter sees of this option: its extra columns and ``name``."""
        return {**self.extra, "name": self.name}


@dataclass(frozen=True)
class Field:
    """One survey row that is not a group: a question, note, calculation or metadata."""

    name: str
    kind: str
    labels: dict[str, str]
    hints: dict[str, str]
    required: bool
    required_message: dict[str, str]
    relevant: Expr | None
    constraint: Expr | None
    constraint_message: dict[str, str]
    choices: tuple[Choice, ...]
    choice_filter: Expr | None
    calculation: Expr | None
    appearance: str
    section: str | None
    row: int

    @property
    def takes_answer(self) -> bool:
        """True for questions a person answers; False for notes, calculations, metadata."""
        return self.kind in ANSWER_KINDS

    def choice_names(self) -> tuple[str, ...]:
        """The codes of the options, in the form's order, without repeats."""
        return tuple(dict.fromkeys(choice.name for choice in self.choices))


@dataclass(frozen=True)
class Section:
    """A group (begin_group/end_group). ``fields`` are the fields directly inside it;
    ``parent`` is the enclosing group, if groups are nested."""

    name: str
    labels: dict[str, str]
    relevant: Expr | None
    fields: tuple[str, ...]
    parent: str | None = None
    row: int = 0


@dataclass(frozen=True)
class FormSpec:
    form_id: str
    version: str
    title: dict[str, str]
    default_language: str
    languages: tuple[str, ...]
    fields: tuple[Field, ...]
    sections: tuple[Section, ...]
    _fields_by_name: dict[str, Field] = dc_field(init=False, repr=False, compare=False)
    _sections_by_name: dict[str, Section] = dc_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_fields_by_name", {f.name: f for f in self.fields})
        object.__setattr__(self, "_sections_by_name", {s.name: s for s in self.sections})

    def field(self, name: str) -> Field:
        """The field called ``name``; KeyError if the form has none."""
        return self._fields_by_name[name]

    def has_field(self, name: str) -> bool:
        return name in self._fields_by_name

    def section(self, name: str) -> Section:
        return self._sections_by_name[name]

    def enclosing_sections(self, name: str) -> tuple[Section, ...]:
        """The groups around field ``name``, outermost first."""
        chain: list[Section] = []
        current = self.field(name).section
        while current is not None:
            section = self.section(current)
            chain.append(section)
            current = section.parent
        return tuple(reversed(chain))

    def effective_relevance(self, name: str) -> Expr | None:
        """The field's own relevant combined (with 'and') with those of all enclosing
        groups, outermost first; None when the field is always relevant."""
        parts = [s.relevant for s in self.enclosing_sections(name) if s.relevant]
        own = self.field(name).relevant
        if own is not None:
            parts.append(own)
        if not parts:
            return None
        combined = parts[0]
        for part in parts[1:]:
            combined = Binary("and", combined, part)
        return combined

    def text(self, texts: Mapping[str, str], language: str | None) -> str:
        """``texts`` in ``language``, falling back to the form's default language."""
        return pick_text(texts, language, self.default_language)
