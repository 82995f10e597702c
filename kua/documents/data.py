"""The report as data: what every renderer (HTML, PDF, DOCX, XLSX) draws.

Renderers are pure functions of a ReportData: no ORM, no HTTP, no translation calls
(all text arrives translated). The same ReportData gives the same tables, in the same
order, in every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One number of a table. `text` is what a reader sees ("12", "37.5%", "<5")."""

    text: str
    value: int | float | None = None  # the number to write (XLSX); None when suppressed or empty
    suppressed: bool = False


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[Cell, ...]
    key: str = ""  # a stable code (e.g. the violation code), for links from recommendations
    is_total: bool = False


@dataclass(frozen=True)
class Table:
    key: str  # stable identifier, e.g. "police_violations"; also the XLSX sheet name source
    title: str
    columns: tuple[str, ...]  # header labels of the cells (the row label column is `label_header`)
    rows: tuple[TableRow, ...]
    label_header: str = ""
    note: str = ""  # the base, the suppression rule, etc.
    chart_column: int | None = None  # draw a horizontal bar chart of this cell column


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str  # "Асель, 27 лет" — pseudonym and age, already formatted


@dataclass(frozen=True)
class Recommendation:
    agency: str
    text: str
    findings: tuple[str, ...] = ()  # titles of the tables/rows it rests on


@dataclass(frozen=True)
class Section:
    key: str  # summary, context, methodology, police, medical, crosstabs, voices, recommendations, annex
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    quotes: tuple[Quote, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportData:
    language: str  # ru, kk or en
    edition: str  # "public" or "internal"
    title: str
    organisation: str
    period: str
    authors: str
    generated_on: str  # ISO date; also used as the documents' creation date, for determinism
    edition_note: str  # shown on every page (e.g. "Internal edition: exact counts, not for publication")
    sections: tuple[Section, ...] = field(default_factory=tuple)
    generated_text: str = ""  # generated_on as a reader of the language writes it (01.12.2026)
    labels: dict[str, str] = field(default_factory=dict)  # translated captions renderers need:
    # "page" ("Page"), "of" ("of"), "contents", "source" (data note under tables), "chart" ...

    def tables(self) -> tuple[Table, ...]:
        return tuple(t for s in self.sections for t in s.tables)
