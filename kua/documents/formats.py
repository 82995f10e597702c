"""The file formats of Kua's documents, listed once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentFormat:
    name: str
    label: str
    content_type: str
    extension: str
    # The module and function that draw a report (kua.documents.data.ReportData) in this format,
    # loaded when asked for: reportlab, python-docx and openpyxl take 0.15–0.25 s each to import.
    renderer: tuple[str, str] = ("", "")


FORMATS: dict[str, DocumentFormat] = {
    "pdf": DocumentFormat(
        "pdf", "PDF", "application/pdf", "pdf", ("kua.documents.renderers.pdf", "render_pdf")
    ),
    "docx": DocumentFormat(
        "docx",
        "Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        ("kua.documents.renderers.docx", "render_docx"),
    ),
    "xlsx": DocumentFormat(
        "xlsx",
        "Excel (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        ("kua.documents.renderers.xlsx", "render_xlsx"),
    ),
    "html": DocumentFormat(
        "html", "HTML", "text/html; charset=utf-8", "html", ("kua.documents.renderers.html", "render_file")
    ),
}
REPORT_FORMATS = ("pdf", "docx", "xlsx", "html")  # the report, and the network report
LETTER_FORMATS = ("docx", "pdf")  # a case's complaint letter


def choices(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, label) for a form's choice of these formats."""
    return [(name, FORMATS[name].label) for name in names]


def content_type(name: str) -> str:
    return FORMATS[name].content_type
