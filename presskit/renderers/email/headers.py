"""Headers whose words the message writes itself, as RFC 2047 encoded words folded at spaces.

Python 3.11's `email` folder loses the space between two words of a non-ASCII header when it
folds between them: it leaves the space outside the encoded words, where RFC 2047 (6.2) has
every reader drop it, so a French, Arabic or Chinese subject reaches the journalist with its
words run together. Here each run of words that cannot go as they are (non-ASCII, longer
than a line, or looking like an encoded word themselves) is encoded whole, its spaces
inside the encoded words, and the header is folded only at a space between two tokens.
"""

from __future__ import annotations

import base64
import re
from email.policy import Policy
from typing import Final

LINE_MOST: Final = 78  # RFC 5322 2.1.1: what a line should not exceed
CHUNK_BYTES: Final = 42  # UTF-8 bytes in one encoded word: base64 of 42 is 56, the word 68
PLAIN_MOST: Final = 60  # a plain word longer than this is encoded (so it can be folded)


class WrittenHeader(str):
    """A header value (its decoded text) that `email` folds by calling `fold` (the protocol of
    `email.headerregistry.BaseHeader`), so the tokens chosen here reach the wire unchanged."""

    name: str
    tokens: tuple[str, ...]
    defects: tuple[()] = ()

    def __new__(cls, name: str, text: str, tokens: tuple[str, ...]) -> WrittenHeader:
        value = super().__new__(cls, text)
        value.name = name
        value.tokens = tokens
        return value

    def fold(self, *, policy: Policy) -> str:
        lines = [f"{self.name}:"]
        for token in self.tokens:
            if len(lines[-1]) + 1 + len(token) > LINE_MOST and lines[-1] != f"{self.name}:":
                lines.append("")
            lines[-1] += f" {token}"
        return policy.linesep.join(lines) + policy.linesep


def unstructured(name: str, text: str) -> WrittenHeader:
    """`text` (one line) as an unstructured header such as `Subject:`."""
    return WrittenHeader(name, text, tuple(tokens(text)))


def plain(word: str) -> bool:
    """A word that can go in a header as it is."""
    return word.isascii() and word.isprintable() and "=?" not in word and len(word) <= PLAIN_MOST


def tokens(text: str) -> list[str]:
    """The header's tokens: plain words as they are, each run of other words (with the
    spaces between them) as encoded words."""
    found: list[str] = []
    run: list[str] = []
    for word in text.split(" "):
        if plain(word) and word:
            if run:
                found += encoded_words(" ".join(run))
                run = []
            found.append(word)
        else:
            run.append(word)
    if run and any(run):
        found += encoded_words(" ".join(run))
    return found


def encoded_words(text: str) -> list[str]:
    """`text` as base64 UTF-8 encoded words of whole characters, each at most 68 octets.

    A word ends an encoded word where it can (its space inside, at the end): a reader that
    keeps the fold between two encoded words, against RFC 2047 (Python's address parser),
    then shows at worst a double space, never a word cut in two."""
    chunks: list[bytes] = [b""]
    for piece in re.findall(r"\S+\s*|\s+", text):
        data = piece.encode("utf-8")
        if chunks[-1] and len(chunks[-1]) + len(data) > CHUNK_BYTES:
            chunks.append(b"")
        for char in piece:  # a word longer than an encoded word: cut between characters
            encoded = char.encode("utf-8")
            if len(chunks[-1]) + len(encoded) > CHUNK_BYTES:
                chunks.append(b"")
            chunks[-1] += encoded
    return [f"=?utf-8?b?{base64.b64encode(chunk).decode('ascii')}?=" for chunk in chunks if chunk]


def mailbox(name: str, address: str) -> WrittenHeader:
    """`From:` for a name that is not ASCII: the name as encoded words (a phrase may be made
    of them, RFC 2047 5.3, and they need no quoting), then the address."""
    return WrittenHeader("From", f"{name} <{address}>", (*encoded_words(name), f"<{address}>"))
