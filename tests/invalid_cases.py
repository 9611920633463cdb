"""Invalid inputs and the exact message each must produce (used by test_invalid.py).

Each case is a release file's text (written to rel/release.yaml in a newsroom
whose presskit.yaml defines the contact "press"), optional extra files, and
the problem lines `presskit check` must print, in order, with exit code 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    name: str
    release: str | bytes
    expected: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)
    release_name: str = "release.yaml"


BODY_OK = "body: Text.\ncontacts: [press]\n"


def png(width: int = 4, height: int = 3) -> bytes:
    """A real, decodable PNG."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "#0B3C5D").save(out, "PNG")
    return out.getvalue()


HEAD = "slug: t\ndate: 2026-03-02\nheadline: H\n"

CASES: list[Case] = [
    Case(
        "missing headline",
        "slug: t\ndate: 2026-03-02\n" + BODY_OK,
        ("rel/release.yaml:1:1: headline: required (add headline: to the file)",),
    ),
    Case(
        "unknown key suggests the right one",
        HEAD + "standfrist: S\n" + BODY_OK,
        ('rel/release.yaml:4:1: standfrist: unknown field (did you mean "standfirst"?)',),
    ),
    Case(
        "headline of the wrong type",
        "slug: t\ndate: 2026-03-02\nheadline: [a, b]\n" + BODY_OK,
        ("rel/release.yaml:3:11: headline: must be text",),
    ),
    Case(
        "impossible date",
        "slug: t\ndate: 2025-02-30\nheadline: H\n" + BODY_OK,
        (
            "rel/release.yaml:2:7: date: 2025-02-30 is not a real date (day is out of range for month)"
            " (write it as YYYY-MM-DD, e.g. 2025-12-11)",
        ),
    ),
    Case(
        "unparseable date",
        "slug: t\ndate: next tuesday\nheadline: H\n" + BODY_OK,
        ("rel/release.yaml:2:7: date: not a date: 'next tuesday' (write it as YYYY-MM-DD, e.g. 2025-12-11)",),
    ),
    Case(
        "naive embargo",
        HEAD + "embargo: 2026-03-02T00:01:00\n" + BODY_OK,
        (
            "rel/release.yaml:4:10: embargo: 2026-03-02T00:01:00 has no time zone (add an offset or a zone: "
            'e.g. 2025-12-11T00:01:00+00:00, or {at: "2025-12-11 00:01", timezone: Europe/London})',
        ),
    ),
    Case(
        "unknown time zone",
        HEAD + 'embargo: {at: "2026-03-02 00:01", timezone: Europe/Londn}\n' + BODY_OK,
        (
            'rel/release.yaml:4:45: embargo.timezone: unknown time zone "Europe/Londn" (did you mean "Europe/London"?)',
        ),
    ),
    Case(
        "embargo in the spring-forward gap",
        "slug: t\ndate: 2026-03-29\nheadline: H\n"
        'embargo: {at: "2026-03-29 01:30", timezone: Europe/London}\n' + BODY_OK,
        (
            "rel/release.yaml:4:15: embargo.at: 2026-03-29 01:30 does not exist in Europe/London"
            " (the clocks go forward) (choose a time outside the daylight-saving gap)",
        ),
    ),
    Case(
        "embargo in the autumn fold",
        "slug: t\ndate: 2026-11-01\nheadline: H\n"
        'embargo: {at: "2026-11-01 01:30", timezone: America/New_York}\n' + BODY_OK,
        (
            "rel/release.yaml:4:15: embargo.at: 2026-11-01 01:30 happens twice in America/New_York"
            " (the clocks go back) (give the instant with an offset instead, e.g. 2025-10-26T01:30:00+01:00)",
        ),
    ),
    Case(
        "embargo after the release date",
        HEAD + "embargo: 2026-03-03T09:00:00+00:00\n" + BODY_OK,
        (
            "rel/release.yaml:4:10: embargo: the embargo (2026-03-03) lifts after the release date (2026-03-02)"
            " (move the embargo to or before the date, or change the date)",
        ),
    ),
    Case(
        "call to action with an ftp URL",
        HEAD + 'call_to_action: {text: Read, url: "ftp://example.org/x"}\n' + BODY_OK,
        (
            "rel/release.yaml:4:35: call_to_action.url: not an absolute http or https URL: 'ftp://example.org/x'",
        ),
    ),
    Case(
        "inline contact with a bad e-mail address",
        HEAD + "body: Text.\ncontacts:\n  - {name: Sam, email: sam@}\n",
        ("rel/release.yaml:6:24: contacts[0].email: not an e-mail address: 'sam@'",),
    ),
    Case(
        "unknown contact id",
        HEAD + "body: Text.\ncontacts: [pres]\n",
        ('rel/release.yaml:5:12: contacts[0]: no contact "pres" (did you mean "press"?)',),
    ),
    Case(
        "statistic reference to a missing id",
        HEAD
        + "body: Up {stat:densty}.\nstatistics:\n"
        + "  density: {value: 4, unit: percent, label: L, source: {name: S}}\ncontacts: [press]\n",
        ('rel/release.yaml:4:7: body: no statistic "densty" (did you mean "density"?)',),
    ),
    Case(
        "quote reference to a missing id",
        HEAD + "body: |\n  Text.\n\n  {quote:lee}\n" + "contacts: [press]\n",
        ('rel/release.yaml:7: body: no quote "lee" (add it under quotes:)',),
    ),
    Case(
        "quote never placed",
        HEAD + BODY_OK + "quotes:\n  lee: {text: Hi., speaker: {name: Lee}, approved: true}\n",
        (
            "rel/release.yaml:7:8: quotes.lee: this quote is not placed (put {quote:lee} on its own line in body:)",
        ),
    ),
    Case(
        "quote placed inside a sentence",
        HEAD
        + "body: As {quote:lee} said.\nquotes:\n  lee: {text: Hi., speaker: {name: Lee}, approved: true}\n"
        + "contacts: [press]\n",
        (
            "rel/release.yaml:4:7: body: {quote:lee} must stand alone in its own paragraph"
            " (put a blank line before and after it)",
            "rel/release.yaml:6:8: quotes.lee: this quote is not placed (put {quote:lee} on its own line in body:)",
        ),
    ),
    Case(
        "asset that does not exist",
        HEAD + BODY_OK + "assets:\n  - {file: assets/photo.jpg, alt: A photo}\n",
        (
            "rel/release.yaml:7:12: assets[0].file: no file 'assets/photo.jpg' (looked for {rel}/assets/photo.jpg)",
        ),
    ),
    Case(
        "asset path leaving the newsroom",
        HEAD + BODY_OK + "assets:\n  - {file: ../../secret.pdf}\n",
        (
            "rel/release.yaml:7:12: assets[0].file: '../../secret.pdf' points outside the release and"
            " newsroom folders (keep assets under assets/)",
        ),
        files={"../secret.pdf": b"%PDF-1.4\n"},
    ),
    Case(
        "absolute asset path",
        HEAD + BODY_OK + "assets:\n  - {file: /etc/passwd}\n",
        (
            "rel/release.yaml:7:12: assets[0].file: '/etc/passwd' is an absolute path"
            " (give a path relative to the release folder)",
        ),
    ),
    Case(
        "image without alt text",
        HEAD + BODY_OK + "assets:\n  - {file: photo.png, caption: C}\n",
        (
            "rel/release.yaml:7:5: assets[0]: alt: required for an image (describe the image for screen readers)",
        ),
        files={"rel/photo.png": png()},
    ),
    Case(
        "image that is really text",
        HEAD + BODY_OK + "assets:\n  - {file: photo.png, alt: A}\n",
        ("rel/release.yaml:7:12: assets[0].file: photo.png is not a real PNG file (re-export the file)",),
        files={"rel/photo.png": b"this is not an image\n"},
    ),
    Case(
        "unsupported asset type",
        HEAD + BODY_OK + "assets:\n  - {file: tool.exe}\n",
        (
            "rel/release.yaml:7:12: assets[0].file: tool.exe is not a supported kind of asset"
            " (use PNG, JPEG, WebP, SVG, PDF or DOCX)",
        ),
        files={"rel/tool.exe": b"MZ"},
    ),
    Case(
        "duplicate key",
        HEAD + "headline: Again\n" + BODY_OK,
        ('rel/release.yaml:4:1: found duplicate key "headline" (each key may appear once in a mapping)',),
    ),
    Case(
        "YAML syntax error",
        HEAD + "body: [unclosed\n" + "contacts: [press]\n",
        (
            "rel/release.yaml:5:9: expected ',' or ']', but got ':' (check the indentation and quoting on this line)",
        ),
    ),
    Case(
        "tab indentation",
        HEAD + "body: |\n\tText.\n" + "contacts: [press]\n",
        ("rel/release.yaml:5:1: a tab character; YAML indents with spaces (replace tabs with spaces)",),
    ),
    Case("empty file", "", ("rel/release.yaml:1:1: the file is empty",)),
    Case(
        "Latin-1 encoded file",
        (HEAD + "dateline: Malm\xf6\n" + BODY_OK).encode("latin-1"),
        (
            "rel/release.yaml:4:15: byte 0xf6 is not UTF-8 (save the file as UTF-8"
            " (it looks like Latin-1 or Windows-1252))",
        ),
    ),
    Case(
        "UTF-16 encoded file",
        (HEAD + BODY_OK).encode("utf-16"),
        ("rel/release.yaml:1:1: the file is UTF-16; presskit reads UTF-8 (save it as UTF-8)",),
    ),
    Case(
        "slug with spaces and capitals",
        "slug: My Release\ndate: 2026-03-02\nheadline: H\n" + BODY_OK,
        (
            "rel/release.yaml:1:7: slug: not a valid id (use lower-case letters, digits, - and _, e.g. press-office)",
        ),
    ),
    Case(
        "misspelt release type",
        HEAD + "type: press-relase\n" + BODY_OK,
        (
            "rel/release.yaml:4:7: type: must be 'media-release', 'press-release', 'media-advisory' or"
            " 'statement' (did you mean \"press-release\"?)",
        ),
    ),
    Case(
        "currency statistic without a currency",
        HEAD
        + "body: Cost {stat:cost}.\nstatistics:\n  cost: {value: 5, unit: currency, label: L, source: {name: S}}\n"
        + "contacts: [press]\n",
        (
            "rel/release.yaml:6:26: statistics.cost.unit: currency: required when unit is currency (e.g. currency: USD)",
        ),
    ),
    Case(
        "relative link in the body",
        HEAD + "body: See [the report](/report).\ncontacts: [press]\n",
        (
            "rel/release.yaml:4:7: body: link to '/report': only absolute http, https and mailto links are allowed"
            " (write the full address, e.g. https://example.org/page)",
        ),
    ),
    Case(
        "image in the body text",
        HEAD + "body: |\n  Look: ![chart](https://example.org/c.png)\n" + "contacts: [press]\n",
        (
            "rel/release.yaml:5: body: images cannot be placed in the text"
            " (list the file under assets: with a caption and alt text)",
        ),
    ),
    Case(
        "horizontal rule in the body",
        HEAD + "body: |\n  One.\n\n  ---\n\n  Two.\n" + "contacts: [press]\n",
        (
            "rel/release.yaml:7: body: a horizontal rule is not supported (start a new section with a ## heading)",
        ),
    ),
    Case(
        "unknown locale",
        HEAD + "locale: xx-YY\n" + BODY_OK,
        (
            'rel/release.yaml:4:9: locale: unknown locale "xx-YY" (use a BCP 47 tag such as en-GB, fr or pt-BR)',
        ),
    ),
    Case(
        "control character in a quoted string",
        HEAD + 'subheadline: "Bell\\x07"\n' + BODY_OK,
        ("rel/release.yaml:4:14: subheadline: contains the control character U+0007",),
    ),
    Case(
        "unknown placeholder kind",
        HEAD + "body: Up {stats:x}.\ncontacts: [press]\n",
        ('rel/release.yaml:4:7: body: unknown placeholder {stats:…} (did you mean "stat"?)',),
    ),
    Case(
        "statistic value that is not a number",
        HEAD
        + "body: Up {stat:d}.\nstatistics:\n  d: {value: lots, unit: percent, label: L, source: {name: S}}\n"
        + "contacts: [press]\n",
        ("rel/release.yaml:6:14: statistics.d.value: must be a number",),
    ),
    Case(
        "JSON release with an unknown field",
        '{\n  "slug": "t",\n  "date": "2026-03-02",\n  "headline": "H",\n  "bodi": "Text.",\n'
        '  "contacts": ["press"]\n}\n',
        (
            "rel/release.json:1:1: body: required (add body: to the file)",
            'rel/release.json:5:3: bodi: unknown field (did you mean "body"?)',
        ),
        release_name="release.json",
    ),
]
