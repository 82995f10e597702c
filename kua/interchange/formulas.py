"""Cells a spreadsheet would run as a formula are exported with a leading apostrophe,
and the apostrophe is taken off again on import, so a round trip changes nothing."""

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    return "'" + text if text.startswith(DANGEROUS_START) else text


def unescape_formula(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(DANGEROUS_START) else text
