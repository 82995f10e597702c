"""Imported once by the export's fork server (kua.interchange.export_workers, "forkserver"):
Django made ready there, so each worker forked from it starts ready, not from a server's
threads."""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kua.settings")
django.setup()
