"""A report document (ReportData) drawn in one of the registered formats (formats.py)."""

from __future__ import annotations

import importlib

from kua.documents.data import ReportData
from kua.documents.formats import FORMATS


def render(data: ReportData, fmt: str) -> bytes:
    module, name = FORMATS[fmt].renderer
    rendered: bytes = getattr(importlib.import_module(module), name)(data)
    return rendered
