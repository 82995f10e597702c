"""Issue 22 item 4: document formats are listed once (kua/documents/formats.py), and the report
form, the report command, the renderers and the case letter all read that one registry."""

from __future__ import annotations

import argparse

from kua.cases.forms import LetterForm
from kua.cli import _parser
from kua.documents.formats import FORMATS, LETTER_FORMATS, REPORT_FORMATS
from kua.reports import render
from kua.reports.web.forms import DownloadForm


def _report_format_choices() -> tuple[str, ...]:
    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    report = sub.choices["report"]
    return tuple(next(a for a in report._actions if a.dest == "format").choices)  # type: ignore[arg-type]


def test_every_writer_of_documents_reads_the_one_registry() -> None:
    assert _report_format_choices() == REPORT_FORMATS
    assert [name for name, _label in DownloadForm.base_fields["format"].choices] == list(REPORT_FORMATS)  # type: ignore[attr-defined]
    assert set(render.FORMATS) == set(REPORT_FORMATS)
    assert all(render.FORMATS[name] == FORMATS[name].content_type for name in REPORT_FORMATS)
    assert [name for name, _label in LetterForm.base_fields["format"].choices] == list(LETTER_FORMATS)  # type: ignore[attr-defined]
