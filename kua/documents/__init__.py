"""Documents Kua writes (reports, letters, releases): the one registry of their file formats.

A low-layer package: every app that writes a document names its formats from here, so a
format is listed once (its label, content type and file extension)."""
