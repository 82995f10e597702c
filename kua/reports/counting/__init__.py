"""Counting for the report: figures into cells, suppression of small cells, the tables and the
`kua tables` JSON."""
