"""Compile the gettext catalogues (locale/*/LC_MESSAGES/*.po) to .mo with polib.

Used by `make install`, so a fresh machine needs no gettext tools.
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def compile_all(locale_dir: Path = LOCALE) -> int:
    count = 0
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    return count


if __name__ == "__main__":
    compile_all()
