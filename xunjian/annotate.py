"""annotated.png: the findings' boxes drawn on the screenshot (red: violation, green: compliant evidence), with short
captions; and one crop per violation."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from .fonts import FACES, font_file
from .labels import CHECK_NAMES

RED, GREEN = (220, 30, 30), (20, 150, 60)


def font(size: int) -> ImageFont.ImageFont:
    found = font_file(FACES[("XJ Sans", 400)])  # the CJK font the sheets print with
    return ImageFont.truetype(found[0], size, index=found[1]) if found else ImageFont.load_default()


def annotate(folder: Path, findings: list[dict[str, Any]]) -> list[str]:
    """Writes annotated.png and crops; sets each violation's `evidence`; returns the new file names."""
    shot = folder / "screenshot.png"
    if not shot.exists():
        return []
    with Image.open(shot) as im:
        img = im.convert("RGB")
    draw = ImageDraw.Draw(img)
    small = font(14)
    written = ["annotated.png"]
    unplaced: list[str] = []
    n = 0
    for f in findings:
        if f["verdict"] not in ("violation", "compliant"):
            continue
        colour = RED if f["verdict"] == "violation" else GREEN
        caption = f"{CHECK_NAMES.get(f['check'], f['check'])}{'违法' if f['verdict'] == 'violation' else '合规'}"
        drawable = [el for el in f["elements"] if el.get("coords") != "viewport"  # pop-ups: see the probe frames
                    and el["box"][2] > 0 and el["box"][3] > 0 and el["box"][1] <= img.height]
        if f["verdict"] == "violation" and not drawable:
            unplaced.append(f"{caption}：{f['reason'][:60]}")
        for el in drawable:
            x, y, w, h = el["box"]
            draw.rectangle([x - 2, y - 2, x + w + 2, y + h + 2], outline=colour, width=3)
            tw = draw.textlength(caption, font=small)
            ty = y - 20 if y >= 20 else y + h + 3
            draw.rectangle([x - 2, ty, x + tw + 6, ty + 18], fill=colour)
            draw.text((x + 2, ty), caption, fill=(255, 255, 255), font=small)
        if f["verdict"] == "violation":
            n += 1
            crop = crop_for(folder, f, img if not any(e.get("coords") == "viewport" for e in f["elements"]) else None)
            if crop is not None:
                name = f"crop-{n:02d}-{f['check']}.png"
                crop.save(folder / name)
                f["evidence"] = list(dict.fromkeys([name] + f.get("evidence", [])))
                written.append(name)
    if unplaced:
        # Violations with nothing to point at (no licence at all, a hidden element): say so at the top.
        big = font(16)
        height = 12 + 24 * len(unplaced)
        draw.rectangle([0, 0, img.width, height], fill=(255, 235, 235), outline=RED, width=3)
        for k, line in enumerate(unplaced):
            draw.text((10, 6 + 24 * k), line, fill=RED, font=big)
    img.save(folder / "annotated.png", compress_level=1)
    return written


def crop_for(folder: Path, f: dict[str, Any], page_img: Image.Image | None) -> Image.Image | None:
    boxes = [e["box"] for e in f["elements"] if e["box"][2] > 0 and e["box"][3] > 0]
    if page_img is None:
        frame = next((folder / e for e in f.get("evidence", []) if (folder / e).exists()), None)
        if frame is None:
            return None
        with Image.open(frame) as im:
            source = im.convert("RGB")
    else:
        source = page_img
    if not boxes:
        if page_img is None:
            return source
        # A missing element (no licence, no label): the first screen of the page is the evidence.
        return source.crop((0, 0, source.width, min(source.height, 768)))
    x0 = max(0, min(b[0] for b in boxes) - 40)
    y0 = max(0, min(b[1] for b in boxes) - 40)
    x1 = min(source.width, max(b[0] + b[2] for b in boxes) + 40)
    y1 = min(source.height, max(b[1] + b[3] for b in boxes) + 40)
    if x1 <= x0 or y1 <= y0:
        return None
    return source.crop((int(x0), int(y0), int(x1), int(y1)))
