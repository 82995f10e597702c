"""Spreadsheet files handled safely: size limits before parsing, writing without temporary files."""
