"""DejaVu Sans for the PDF renderer: Kazakh and Russian text needs a Unicode TrueType font.

ReportLab's built-in fonts (Helvetica, Times) have no Cyrillic glyphs, so every string of
the PDF is set in DejaVu Sans, which covers ә ғ қ ң ө ұ ү һ і. The font files come from the
Debian package fonts-dejavu-core; they are looked up in a few known directories.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu (fonts-dejavu-core)
    Path("/usr/share/fonts/dejavu"),  # Fedora, Alpine
    Path("/usr/share/fonts/TTF"),  # Arch
    Path("/usr/local/share/fonts"),
    Path("/usr/local/share/fonts/dejavu"),
)

REGULAR_FILE = "DejaVuSans.ttf"
BOLD_FILE = "DejaVuSans-Bold.ttf"
ITALIC_FILE = "DejaVuSans-Oblique.ttf"  # optional: quotes fall back to the regular face


class FontMissing(RuntimeError):
    """A DejaVu font file is not installed where we look for it."""

    def __init__(self, filename: str, searched: Sequence[Path]) -> None:
        places = ", ".join(str(d) for d in searched)
        super().__init__(
            f"The PDF report needs the font {filename} (DejaVu Sans), which was not found in: {places}. "
            "Install the fonts-dejavu-core package (apt-get install fonts-dejavu-core)."
        )
        self.filename = filename


@dataclass(frozen=True)
class FontSet:
    """The names under which the faces are registered with ReportLab."""

    regular: str = "DejaVuSans"
    bold: str = "DejaVuSans-Bold"
    italic: str = "DejaVuSans-Oblique"


def find_font(filename: str, dirs: Sequence[Path] = FONT_DIRS) -> Path:
    """The path of `filename` in the first directory of `dirs` that holds it."""
    for directory in dirs:
        candidate = directory / filename
        if candidate.is_file():
            return candidate
    raise FontMissing(filename, dirs)


def _register(name: str, path: Path) -> None:
    # ReportLab (and Pillow) only when a PDF is drawn: `kua report` imports FontMissing at start.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path)))


def register_fonts(dirs: Sequence[Path] = FONT_DIRS) -> FontSet:
    """Register DejaVu Sans (regular, bold, oblique) once; raise FontMissing without it."""
    from reportlab.lib.fonts import addMapping

    regular, bold = find_font(REGULAR_FILE, dirs), find_font(BOLD_FILE, dirs)
    try:
        italic: Path | None = find_font(ITALIC_FILE, dirs)
    except FontMissing:
        italic = None
    fonts = FontSet(italic=FontSet.italic if italic else FontSet.regular)
    _register(fonts.regular, regular)
    _register(fonts.bold, bold)
    if italic:
        _register(fonts.italic, italic)
    family = fonts.regular
    addMapping(family, 0, 0, fonts.regular)
    addMapping(family, 1, 0, fonts.bold)
    addMapping(family, 0, 1, fonts.italic)
    addMapping(family, 1, 1, fonts.bold)
    return fonts
