"""PDF text in three languages with reportlab: fonts from packages, runs per script.

Fonts ship through packages, nothing is downloaded:

- **Noto Sans** (Latin and Vietnamese) from the ``fontpkg-noto-sans`` package: a variable TTF,
  whose default instance (regular weight) reportlab embeds as a subset;
- **STSong-Light**, reportlab's built-in CID font for Simplified Chinese (Adobe-GB1): the PDF
  names it and the viewer supplies the glyphs, so nothing is embedded.

Neither font covers the other's script, so mixed text (a Vietnamese name in a Chinese agenda)
is split into runs, each in the font for its script: :func:`markup` turns user text into
escaped ``Paragraph`` markup with a ``<font>`` tag per run. Digits, spaces and punctuation stay
in the run they are in, so "第2桌" and "Table 2" do not jump fonts.

    from sanxin.common.pdf import markup, register_fonts, styles
    register_fonts()
    Paragraph(markup("Nguyễn Văn An · 成都"), styles()["body"])
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

#: reportlab's name for Noto Sans (Latin, Vietnamese, Greek, Cyrillic).
LATIN = "SanxinNotoSans"
#: reportlab's built-in CID font for Chinese.
CJK = "STSong-Light"

#: Unicode blocks set in the Chinese font: CJK punctuation, kana, CJK ideographs (and
#: extension A), compatibility ideographs, full-width forms.
_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3200, 0x33FF),  # enclosed CJK, compatibility
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # compatibility forms
    (0xFF00, 0xFFEF),  # half- and full-width forms
)


def noto_sans_path() -> Path:
    """The regular Noto Sans TTF of the ``fontpkg-noto-sans`` package."""
    import fontpkg_noto_sans  # noqa: PLC0415 - only needed when a PDF is made

    files = Path(fontpkg_noto_sans.__file__).resolve().parent / "files"
    candidates = sorted(p for p in files.glob("NotoSans*.ttf") if "Italic" not in p.name)
    if not candidates:
        raise FileNotFoundError(f"no Noto Sans TTF in {files}")
    return candidates[0]


@cache
def register_fonts() -> tuple[str, str]:
    """Register both fonts with reportlab once; returns (latin, cjk) font names."""
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

    pdfmetrics.registerFont(TTFont(LATIN, str(noto_sans_path())))
    pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    return LATIN, CJK


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _neutral(char: str) -> bool:
    """Characters either font has: spaces, ASCII digits and punctuation."""
    return char.isspace() or (ord(char) < 0x80 and not char.isalpha())


def runs(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into (font name, chunk) runs by script."""
    out: list[tuple[str, str]] = []
    current = None
    chunk: list[str] = []
    for char in text:
        if _neutral(char) and current is not None:
            chunk.append(char)
            continue
        font = CJK if is_cjk(char) else LATIN
        if font != current and chunk:
            out.append((current or font, "".join(chunk)))
            chunk = []
        current = font
        chunk.append(char)
    if chunk:
        out.append((current or LATIN, "".join(chunk)))
    return out


def markup(text: object) -> str:
    """Paragraph markup for user text: escaped, one ``<font>`` per script run, newlines kept."""
    lines = str(text if text is not None else "").split("\n")
    return "<br/>".join(
        "".join(f'<font name="{font}">{escape(chunk)}</font>' for font, chunk in runs(line))
        for line in lines
    )


@cache
def styles() -> dict[str, object]:
    """Paragraph styles in Noto Sans: ``title``, ``heading``, ``body``, ``small``, ``cell``."""
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415

    latin, _cjk = register_fonts()
    base = ParagraphStyle("sanxin-body", fontName=latin, fontSize=10, leading=14)
    return {
        "title": ParagraphStyle("sanxin-title", parent=base, fontSize=18, leading=24, spaceAfter=6),
        "heading": ParagraphStyle(
            "sanxin-heading", parent=base, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4
        ),
        "body": base,
        "small": ParagraphStyle("sanxin-small", parent=base, fontSize=8, leading=11),
        "cell": ParagraphStyle("sanxin-cell", parent=base, fontSize=9, leading=12),
    }
