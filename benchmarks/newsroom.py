"""A generated newsroom for the benchmarks: N releases made from the example release.

Every release is the example (about 1,100 words, two quotes, six statistics
with sources, a list, notes, the newsroom's logo and contacts) with its own
slug, date and photo, so no two releases share rendered bytes or a rendition,
and with the example's French and Arabic translations, current for every
unit: the newsroom is N releases x 3 locales (en-GB, fr, ar). The translatable
text is the example's own, since changing it would make those translations
stale. Every fourth release carries an embargo. The photos are 2000 x 1333
JPEGs, a common size for press photos sent to a newsroom's website.

    .venv/bin/python benchmarks/newsroom.py OUT_FOLDER COUNT
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "releases" / "gta-2025"


def photo(index: int, width: int = 2000, height: int = 1333) -> bytes:
    """A distinct, photo-sized JPEG (gradients and shapes: real decoding and scaling work)."""
    from PIL import Image, ImageDraw

    base = Image.linear_gradient("L").resize((width, height))
    red = base.point(lambda v: (v + index * 37) % 256)
    green = base.transpose(Image.Transpose.FLIP_LEFT_RIGHT).point(lambda v: (v * 3 + index) % 256)
    blue = base.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for k in range(12):
        x = (index * 97 + k * 211) % (width - 200)
        y = (index * 53 + k * 131) % (height - 200)
        draw.ellipse((x, y, x + 180, y + 180), fill=((k * 40) % 256, (index * 7) % 256, 200 - k * 10))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def slug_of(index: int) -> str:
    return f"release-{index:04d}"


def release_text(index: int, template: str) -> str:
    day = dt.date(2024, 1, 1) + dt.timedelta(days=index % 700)
    text = re.sub(r"(?m)^slug: .*$", f"slug: {slug_of(index)}", template)
    text = re.sub(r"(?m)^date: .*$", f"date: {day.isoformat()}", text)
    embargo = f"embargo: {day.isoformat()}T00:01:00+00:00\n" if index % 4 == 0 else ""
    text = re.sub(r"(?m)^embargo:\n(?:  .*\n)+", embargo, text)
    return text.replace("assets/gta-2025-cover.png", "assets/photo.jpg")


def translation_text(index: int, example: str) -> str:
    """The example's translation file, claimed for this release (the file names its release)."""
    return example.replace('original="gta-2025"', f'original="{slug_of(index)}"').replace(
        "releases/gta-2025", f"releases/{slug_of(index)}"
    )


def generate(root: Path, count: int) -> Path:
    """`root` as a newsroom of `count` releases (made once; reused when already there)."""
    marker = root / f".generated-3-locales-{count}"
    if marker.exists():
        return root
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(ROOT / "releases" / "presskit.yaml", root / "presskit.yaml")
    shutil.copytree(ROOT / "releases" / "assets", root / "assets")
    template = (EXAMPLE / "release.yaml").read_text(encoding="utf-8")
    translations = {f.name: f.read_text(encoding="utf-8") for f in sorted((EXAMPLE / "i18n").iterdir())}
    for index in range(count):
        folder = root / slug_of(index)
        (folder / "assets").mkdir(parents=True)
        (folder / "i18n").mkdir()
        (folder / "assets" / "photo.jpg").write_bytes(photo(index))
        (folder / "release.yaml").write_text(release_text(index, template), encoding="utf-8")
        for name, text in translations.items():
            (folder / "i18n" / name).write_text(translation_text(index, text), encoding="utf-8")
    marker.touch()
    return root


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    print(generate(args.out, args.count))


if __name__ == "__main__":
    main()
