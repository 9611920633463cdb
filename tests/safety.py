"""Shared by the nothing-lost and nothing-leaked tests: newsrooms with a secret, and the checks.

A *secret* release carries words found nowhere else (slug, headline, a body
word) and an image of its own, so a search of every path and file of the
output folder finds any trace of it.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from presskit.cli import cli
from tests.newsroom_factory import Spec, make_newsroom, release_text

LATER = "2025-12-11T00:01:00+00:00"  # an embargo still in force at NOW (the release is dated 2025-12-11)
NOW = "2025-12-05T12:00:00+00:00"


@dataclass(frozen=True)
class Secret:
    slug: str
    headline: str
    word: str  # a word of its body
    image: bytes  # its cover image's bytes

    def traces(self) -> tuple[bytes, ...]:
        return (self.slug.encode(), self.headline.encode(), self.word.encode())


def unique_png(seed: int) -> bytes:
    """A small PNG no other release has (its pixels depend on `seed`)."""
    from PIL import Image

    image = Image.new("RGB", (64, 48), (seed % 256, (seed * 7) % 256, (seed * 13) % 256))
    for x in range(64):
        image.putpixel((x, seed % 48), (255 - x, x, seed % 200))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def add_secret(newsroom: Path, slug: str, embargo: str | None = LATER, seed: int = 1) -> Secret:
    """A release under `newsroom/slug/` whose words and image occur nowhere else."""
    word = f"Sekret{seed}Zanzibar{slug.replace('-', '')}"
    headline = f"Merger {slug} confidential {seed}"
    folder = newsroom / slug
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    image = unique_png(seed)
    (folder / "assets" / "gta-2025-cover.png").write_bytes(image)
    text = release_text(Spec(slug, "2025-12-11", embargo=embargo, headline=headline))
    text = text.replace("body: |\n", f"body: |\n  {word} leads the news.\n\n", 1)
    (folder / "release.yaml").write_text(text, encoding="utf-8")
    return Secret(slug, headline, word, image)


def newsroom_with_secret(root: Path, public: list[Spec]) -> tuple[Path, Secret]:
    newsroom = make_newsroom(root, public)
    return newsroom, add_secret(newsroom, "zanzibar-merger")


FAST = ("--formats", "html,txt")  # where the format does not matter: the quickest two


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def digest_tree(root: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file under `root` (not under `skip`) and its sha256; links by their target."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        if path.is_symlink():
            found[path.relative_to(root).as_posix()] = "-> " + str(path.readlink())
        elif path.is_file():
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def leaks(out: Path, secret: Secret) -> list[str]:
    """Every path and file under `out` carrying any trace of `secret` (words, in JSON-escaped
    and HTML-escaped forms too, and its image bytes)."""
    found: list[str] = []
    if not out.exists():
        return found
    words = secret.traces()
    escaped = tuple(json.dumps(w.decode())[1:-1].encode() for w in words)
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if secret.slug in name:
            found.append(f"path {name}")
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(w in data for w in words + escaped) or secret.image in data:
                found.append(f"file {name}")
            elif path.suffix in (".zip", ".docx") and _zipped_trace(data, secret):
                found.append(f"inside {name}")
            elif path.suffix == ".eml" and _mailed_trace(data, secret):
                found.append(f"inside {name}")
    return found


def _mailed_trace(data: bytes, secret: Secret) -> bool:
    """A trace inside a message's parts, which quoted-printable and base64 hide from a byte search."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        if part.is_multipart():
            continue
        content = part.get_payload(decode=True)
        if isinstance(content, bytes) and (
            secret.image in content or any(w in content for w in secret.traces())
        ):
            return True
    return any(secret.headline in str(value) for value in message.values())


def _zipped_trace(data: bytes, secret: Secret) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if secret.slug in info.filename:
                    return True
                content = archive.read(info)
                if secret.image in content or any(w in content for w in secret.traces()):
                    return True
    except zipfile.BadZipFile:
        return False
    return False


def one_line_messages(output: str) -> list[str]:
    """The lines of a run's output; none may be a traceback."""
    assert "Traceback" not in output and "internal error" not in output, output
    return [line for line in output.splitlines() if line.strip()]


def mentions(output: str, *parts: str) -> bool:
    return any(all(p in line for p in parts) for line in output.splitlines())


SLUG_LINE = re.compile(r"(?m)^slug: .*$")
