"""The file formats of Kua's documents, listed once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentFormat:
    name: str
    label: str
    content_type: str
    extension: str


FORMATS: dict[str, DocumentFormat] = {
    "pdf": DocumentFormat("pdf", "PDF", "application/pdf", "pdf"),
    "docx": DocumentFormat(
        "docx",
        "Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xlsx": DocumentFormat(
        "xlsx", "Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    ),
    "html": DocumentFormat("html", "HTML", "text/html; charset=utf-8", "html"),
}
REPORT_FORMATS = ("pdf", "docx", "xlsx", "html")  # the report, and the network report
LETTER_FORMATS = ("docx", "pdf")  # a case's complaint letter


def choices(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, label) for a form's choice of these formats."""
    return [(name, FORMATS[name].label) for name in names]


def content_type(name: str) -> str:
    return FORMATS[name].content_type
