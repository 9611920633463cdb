"""A tagged PDF's marked content read back: the text each MCID holds, and where it starts.

Content streams are walked with pikepdf: the graphics state's matrix (q, Q, cm), the text
matrix (BT, Tm, Td, TD, T*, TL, Ts) and each text-showing operator's codes, made text by the
font's ToUnicode map. Each piece of text shown belongs to the innermost marked-content
sequence with an MCID around it; a `/Span <</ActualText …>>` inside stands for its glyphs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(a: Matrix, b: Matrix) -> Matrix:
    """a × b, as PDF composes matrices (a applied first)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def translation(x: float, y: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, x, y)


@dataclass(frozen=True)
class Shown:
    """Text shown by one operator: its page (0-based), MCID (None: an Artifact or untagged),
    text, and where it starts in the page's space."""

    page: int
    mcid: int | None
    text: str
    x: float
    y: float


class ContentWalker:
    """One page's content stream, walked operator by operator (see the module's docstring)."""

    def __init__(self, page: Any, number: int) -> None:
        self.number = number
        resources = page.get("/Resources")
        fonts = resources.get("/Font", {}) if resources is not None else {}
        self.fonts = {str(name): (to_unicode(font), widths(font)) for name, font in fonts.items()}
        self.page = page
        self.ctm = IDENTITY
        self.saved: list[Matrix] = []
        self.text_matrix = self.line_matrix = IDENTITY
        self.leading = 0.0
        self.rise = 0.0
        self.size = self.char_space = self.word_space = 0.0
        self.scale = 1.0
        self.font: dict[int, str] = {}
        self.widths: dict[int, float] = {}
        self.stack: list[tuple[str, int | None, str | None]] = []  # tag, MCID, ActualText

    def walk(self) -> Iterator[Shown]:
        for operands, operator in pikepdf.parse_content_stream(self.page):
            yield from self.step(str(operator), list(operands))

    def step(self, op: str, operands: list[Any]) -> Iterator[Shown]:
        if op in ("BMC", "BDC"):
            self.begin(op, operands)
        elif op == "EMC":
            tag, mcid, actual = self.stack.pop()
            if actual is not None:
                yield Shown(self.number, self.mcid(), actual, *self.origin())
        elif op == "q":
            self.saved.append(self.ctm)
        elif op == "Q":
            self.ctm = self.saved.pop()
        elif op == "cm":
            self.ctm = multiply(tuple(float(v) for v in operands), self.ctm)  # type: ignore[arg-type]
        elif op == "BT":
            self.text_matrix = self.line_matrix = IDENTITY
        elif op in ("Tm", "Td", "TD", "T*", "TL", "Tf", "Ts", "Tc", "Tw", "Tz"):
            self.text_state(op, operands)
        elif op == "Do":  # an image or form: a mark with no text
            yield Shown(self.number, self.mcid(), "", *self.ctm[4:])
        elif op in ("Tj", "TJ", "'", '"'):
            if op in ("'", '"'):
                self.text_state("T*", [])
            yield from self.show(op, operands)

    def begin(self, op: str, operands: list[Any]) -> None:
        properties = operands[1] if op == "BDC" else None
        mcid = (
            int(properties.MCID)
            if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties
            else None
        )
        actual = None
        if isinstance(properties, pikepdf.Dictionary) and "/ActualText" in properties:
            actual = str(properties.ActualText)
        self.stack.append((str(operands[0]), mcid, actual))

    def text_state(self, op: str, operands: list[Any]) -> None:
        if op == "Tm":
            self.text_matrix = self.line_matrix = tuple(float(v) for v in operands)  # type: ignore[assignment]
        elif op in ("Td", "TD"):
            x, y = float(operands[0]), float(operands[1])
            if op == "TD":
                self.leading = -y
            self.text_matrix = self.line_matrix = multiply(translation(x, y), self.line_matrix)
        elif op == "T*":
            self.text_matrix = self.line_matrix = multiply(translation(0, -self.leading), self.line_matrix)
        elif op == "TL":
            self.leading = float(operands[0])
        elif op == "Ts":
            self.rise = float(operands[0])
        elif op == "Tf":
            self.font, self.widths = self.fonts.get(str(operands[0]), ({}, {}))
            self.size = float(operands[1])
        elif op == "Tc":
            self.char_space = float(operands[0])
        elif op == "Tw":
            self.word_space = float(operands[0])
        elif op == "Tz":
            self.scale = float(operands[0]) / 100

    def show(self, op: str, operands: list[Any]) -> Iterator[Shown]:
        strings = operands[0] if op == "TJ" else operands[-1:]
        start = self.origin()
        text, advance = "", 0.0
        for item in strings:
            if isinstance(item, pikepdf.String):
                for code in bytes(item):
                    text += self.font.get(code, "")
                    space = self.word_space if code == 32 else 0.0
                    advance += (self.widths.get(code, 0.0) * self.size + self.char_space + space) * self.scale
            else:
                advance -= float(item) / 1000 * self.size * self.scale
        self.text_matrix = multiply(translation(advance, 0), self.text_matrix)
        if all(actual is None for _, _, actual in self.stack):  # else its ActualText stands for it
            yield Shown(self.number, self.mcid(), text, *start)

    def mcid(self) -> int | None:
        if any(tag == "/Artifact" for tag, _, _ in self.stack):
            return None
        return next((mcid for _, mcid, _ in reversed(self.stack) if mcid is not None), None)

    def origin(self) -> tuple[float, float]:
        matrix = multiply(multiply(translation(0, self.rise), self.text_matrix), self.ctm)
        return matrix[4], matrix[5]


def to_unicode(font: Any) -> dict[int, str]:
    """Code -> text of a font's ToUnicode map (reportlab writes `bfchar` entries); a font
    without one (a standard Type 1 font) shows its codes as Latin-1."""
    if "/ToUnicode" not in font:
        return {code: chr(code) for code in range(256)}
    found: dict[int, str] = {}
    in_chars = False
    for line in font.ToUnicode.read_bytes().decode("latin-1").splitlines():
        parts = line.strip().split()
        if parts and parts[-1] in ("beginbfchar", "endbfchar"):
            in_chars = parts[-1] == "beginbfchar"
        elif in_chars and len(parts) == 2:
            found[int(parts[0].strip("<>"), 16)] = bytes.fromhex(parts[1].strip("<>")).decode("utf-16-be")
    return found


def widths(font: Any) -> dict[int, float]:
    """Code -> advance in text space units (a simple font's Widths, in thousandths)."""
    if "/Widths" not in font:
        return {}
    first = int(font.get("/FirstChar", 0))
    return {first + i: float(w) / 1000 for i, w in enumerate(font.Widths)}


def shown_text(pdf: pikepdf.Pdf) -> list[Shown]:
    """Every piece of text the pages show, in content order."""
    found: list[Shown] = []
    for number, page in enumerate(pdf.pages):
        found += ContentWalker(page, number).walk()
    return found


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, Any]:
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def page_numbers(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
