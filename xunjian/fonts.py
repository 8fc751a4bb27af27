"""Fonts embedded in printed documents, subset to the characters they print.

Why: Chromium's PDF text layer maps a glyph back to one of the code points the font gives it, and Noto CJK gives many
common ideographs' glyphs to Kangxi radicals too (子 and ⼦, 页 and ⻚). A court or case officer searching or copying
the sheet's text would then get the wrong characters. A subset font maps each glyph only from the characters the
document actually contains, so the text layer reads back exactly as printed."""
from __future__ import annotations

import base64
import io
import subprocess
from functools import lru_cache

FACES = {  # CSS family and weight -> fontconfig pattern of the Debian fonts-noto-cjk font
    ("XJ Sans", 400): "Noto Sans CJK SC:weight=80",
    ("XJ Sans", 700): "Noto Sans CJK SC:bold",
    ("XJ Mono", 400): "Noto Sans Mono CJK SC",
}


@lru_cache(maxsize=None)
def font_file(pattern: str) -> tuple[str, int] | None:
    """The font file and collection index fontconfig picks for the pattern, if it is the family asked for."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family}", pattern], capture_output=True,
                             text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, index, family = (out.split("|") + ["", "", ""])[:3]
    return (path, int(index or 0)) if path and pattern.split(":")[0] in family.split(",") else None


def subset(path: str, index: int, text: str) -> bytes:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTCollection, TTFont

    font = TTCollection(path, lazy=True).fonts[index] if path.endswith((".ttc", ".otc")) else TTFont(path, lazy=True)
    options = ft_subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_css(text: str) -> str:
    """@font-face rules with data: URIs, holding exactly the characters of `text` (plus printable ASCII). Empty when
    the fonts or fontTools are missing: the system font then prints instead."""
    chars = "".join(sorted(set(text) | {chr(c) for c in range(32, 127)}))
    rules = []
    for (family, weight), pattern in FACES.items():
        found = font_file(pattern)
        if found is None:
            continue
        try:
            data = subset(*found, chars)
        except Exception:  # a damaged or unexpected font file: print with the system font rather than not at all
            continue
        rules.append(f"@font-face{{font-family:'{family}';font-weight:{weight};"
                     f"src:url(data:font/otf;base64,{base64.b64encode(data).decode()}) format('opentype')}}")
    return "\n".join(rules)
