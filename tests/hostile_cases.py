"""Hostile and broken input: each case and the outcome presskit must give.

A case either *renders*: every format is built, the text (after the
documented normalisation: NFKC and collapsed whitespace) shows the input
literally and the HTML runs nothing of it; or it is *refused*: exit code 1,
a one-line message containing `message`, no traceback and no output.
docs/hostile-input.md is generated from this table (see test_hostile.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Case:
    name: str
    category: str
    outcome: Literal["renders", "refused"]
    path: FieldPath = ()  # the field set to `value` (empty: `raw` replaces the whole file)
    value: Any = None
    literal: str | None = None  # text every format must show (renders)
    unbroken: bool = False  # the literal may be broken across lines (a word longer than a line)
    message: str | None = None  # part of the one-line message (refused)
    raw: bytes | None = None  # the whole release file, for YAML-level cases
    files: dict[str, bytes] = field(default_factory=dict)
    symlinks: dict[str, str] = field(default_factory=dict)  # link name -> target (relative to the newsroom)


SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JINJA = "{{ 7*7 }} {% for x in y %}{{ x }}{% endfor %}"
RL_TAGS = '<b>not bold</b> <font size="40" color="red">big</font> <para>'
FIELD_CODE = '{ PAGE } { INCLUDETEXT "C:\\\\secret.txt" } { DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe }'

MARKUP_FIELDS: list[tuple[str, FieldPath]] = [
    ("headline", ("headline",)),
    ("subheadline", ("subheadline",)),
    ("standfirst", ("standfirst",)),
    ("a highlight", ("highlights", 0)),
    ("the body", ("body",)),
    ("a quote", ("quotes", "q", "text")),
    ("a speaker's name", ("quotes", "q", "speaker", "name")),
    ("a speaker's role", ("quotes", "q", "speaker", "roles", 0)),
    ("a statistic's label", ("statistics", "s", "label")),
    ("a source's name", ("statistics", "s", "source", "name")),
    ("the call to action", ("call_to_action", "text")),
    ("the dateline", ("dateline",)),
    ("a contact's name", ("contacts", 0, "name")),
    ("a contact's role", ("contacts", 0, "role")),
    ("the notes to editors", ("notes_to_editors",)),
    ("the press-kit text", ("press_kit", "text")),
    ("the end mark", ("end_mark",)),
    ("a keyword", ("keywords", 0)),
]

CASES: list[Case] = []

# -- markup in every text field -------------------------------------------------------
SHOWN_AS = {
    "the dateline": SCRIPT.split("(")[0].upper() + "(" + SCRIPT.split("(", 1)[1],
    "a keyword": None,
}  # an English dateline's city (before a bracket or comma) is set in capitals; keywords are metadata
for label, path in MARKUP_FIELDS:
    CASES.append(
        Case(
            f"<script> in {label}",
            "markup",
            "renders",
            path,
            f"A {SCRIPT} B",
            literal=SHOWN_AS.get(label, SCRIPT),
        )
    )
for label, path in MARKUP_FIELDS[:6]:
    CASES.append(
        Case(f"attribute injection in {label}", "markup", "renders", path, f"A {IMG} B", literal=IMG)
    )
CASES += [
    Case("Jinja syntax in the headline", "markup", "renders", ("headline",), JINJA, literal="{{ 7*7 }}"),
    Case(
        "Jinja syntax in the body",
        "markup",
        "renders",
        ("body",),
        f"Text {JINJA}.",
        literal="{% for x in y %}",
    ),
    Case(
        "reportlab tags in the headline",
        "markup",
        "renders",
        ("headline",),
        RL_TAGS,
        literal="<b>not bold</b>",
    ),
    Case(
        "reportlab tags in a quote",
        "markup",
        "renders",
        ("quotes", "q", "text"),
        RL_TAGS,
        literal='<font size="40"',
    ),
    Case("Word field codes in the body", "markup", "renders", ("body",), FIELD_CODE, literal="{ PAGE }"),
    Case(
        "ampersands and angle brackets",
        "markup",
        "renders",
        ("body",),
        "Fish & chips < 5 > 3 &amp; &lt;",
        literal="Fish & chips < 5 > 3 & <",  # CommonMark decodes entity references
    ),
    Case(
        "</style> in the headline",
        "markup",
        "renders",
        ("headline",),
        "A </style><style>body{display:none}",
        literal="</style>",
    ),
    Case(
        "</script> in the standfirst (JSON-LD)",
        "markup",
        "renders",
        ("standfirst",),
        'A </script><script>alert(1)</script> "x"',
        literal="</script>",
    ),
    Case("HTML comment opener", "markup", "renders", ("headline",), "A <!-- B", literal="<!-- B"),
    Case("CDATA terminator", "markup", "renders", ("body",), "A ]]> B", literal="]]>"),
    Case(
        "javascript: link in Markdown stays text",
        "markup",
        "renders",
        ("body",),
        "[click](javascript:alert(1))",
        literal="[click](javascript:alert(1))",
    ),
    Case(
        "javascript: autolink stays text",
        "markup",
        "renders",
        ("body",),
        "<javascript:alert(1)>",
        literal="<javascript:alert(1)>",
    ),
    Case(
        "vbscript: link in Markdown stays text",
        "markup",
        "renders",
        ("body",),
        "[x](vbscript:msgbox(1))",
        literal="[x](vbscript:msgbox(1))",
    ),
    Case(
        "quotes inside a URL",
        "markup",
        "renders",
        ("call_to_action", "url"),
        'https://example.org/a"><script>alert(1)</script>',
        literal=None,
    ),
    Case(
        "javascript: URL for the call to action",
        "markup",
        "refused",
        ("call_to_action", "url"),
        "javascript:alert(1)",
        message="call_to_action.url: not an absolute http or https URL",
    ),
    Case(
        "data: URL for a source",
        "markup",
        "refused",
        ("statistics", "s", "source", "url"),
        "data:text/html,<script>alert(1)</script>",
        message="source.url: not an absolute http or https URL",
    ),
    Case(
        "file: link in Markdown stays text",
        "markup",
        "renders",
        ("body",),
        "[x](file:///etc/passwd)",
        literal="[x](file:///etc/passwd)",
    ),
    Case(
        "relative link in Markdown",
        "markup",
        "refused",
        ("body",),
        "[x](../secret)",
        message="only absolute http, https and mailto links are allowed",
    ),
]

# -- characters ---------------------------------------------------------------------
CASES += [
    Case(
        "C0 control character",
        "characters",
        "refused",
        ("headline",),
        "Bell\x07",
        message="contains the control character U+0007",
    ),
    Case(
        "C1 control character",
        "characters",
        "refused",
        ("headline",),
        "CSI\x9b",
        message="contains the control character U+009B",
    ),
    Case(
        "NUL in text",
        "characters",
        "refused",
        ("body",),
        "A\x00B",
        message="contains the control character U+0000",
    ),
    Case(
        "lone surrogate escape",
        "characters",
        "refused",
        raw=b'slug: t\ndate: 2026-03-02\nheadline: "A \\ud800 B"\nbody: B\n',
        message="lone surrogate",
    ),
    Case(
        "U+FFFE noncharacter",
        "characters",
        "refused",
        ("headline",),
        "A\ufffeB",
        message="contains the control character U+FFFE",
    ),
    Case(
        "zero-width characters",
        "characters",
        "renders",
        ("headline",),
        "Zero\u200bwidth\u200djoin\u2060ers",
        literal="Zero",
    ),
    Case(
        "bidi override characters",
        "characters",
        "renders",
        ("headline",),
        "Invoice \u202egnp.exe\u202c done",
        literal="Invoice",
    ),
    Case(
        "combining marks stacked 50 deep",
        "characters",
        "renders",
        ("body",),
        "Za" + "\u0301" * 50 + "lgo",
        literal=None,
    ),
    Case(
        "emoji and ZWJ sequences",
        "characters",
        "renders",
        ("headline",),
        "Team 👩🏽‍💻 wins 🏆",
        literal="Team",
    ),
    Case(
        "a 5,000-character word",
        "characters",
        "renders",
        ("body",),
        "A " + "x" * 5000 + " B",
        literal="x" * 5000,
        unbroken=True,
    ),
    Case(
        "a 1 MB body",
        "characters",
        "refused",
        ("body",),
        "word " * 210_000,
        message="body: must have at most 200,000 characters (shorten it)",
    ),
    Case(
        "headline over 300 characters",
        "characters",
        "refused",
        ("headline",),
        "H" * 301,
        message="headline: must have at most 300 characters (shorten it)",
    ),
    Case(
        "right-to-left text in a left-to-right release",
        "characters",
        "renders",
        ("body",),
        "Quote: مرحبا بالعالم 2025 end",
        literal="end",
    ),
]

# -- files ----------------------------------------------------------------------------
PNG_BOMB_NOTE = "a PNG header claiming 100,000 x 100,000 pixels"
CASES += [
    Case(
        "asset path with ..",
        "files",
        "refused",
        ("assets", 0, "file"),
        "../../../etc/passwd",
        message="points outside the release and newsroom folders",
    ),
    Case(
        "absolute asset path",
        "files",
        "refused",
        ("assets", 0, "file"),
        "/etc/passwd",
        message="is an absolute path",
    ),
    Case(
        "home-relative asset path",
        "files",
        "refused",
        ("assets", 0, "file"),
        "~/photo.png",
        message="is an absolute path",
    ),
    Case(
        "symlink out of the folder",
        "files",
        "refused",
        ("assets", 0, "file"),
        "link.png",
        message="points outside the release and newsroom folders",
        symlinks={"rel/link.png": "/etc/hostname"},
    ),
    Case(
        "missing asset", "files", "refused", ("assets", 0, "file"), "nope.png", message="no file 'nope.png'"
    ),
    Case(
        "a folder as an asset",
        "files",
        "refused",
        ("assets", 0, "file"),
        "folder.png",
        message="is not a file",
        files={"rel/folder.png/x": b""},
    ),
    Case(
        "an image that is really text",
        "files",
        "refused",
        ("assets", 0, "file"),
        "text.png",
        message="text.png is not a real PNG file",
        files={"rel/text.png": b"hello, I am text\n"},
    ),
    Case(
        "a truncated PNG",
        "files",
        "refused",
        ("assets", 0, "file"),
        "cut.png",
        message="cut.png is not a readable image",
        files={"rel/cut.png": b"@TRUNCATED_PNG@"},
    ),
    Case(
        "a decompression bomb",
        "files",
        "refused",
        ("assets", 0, "file"),
        "bomb.png",
        message="bomb.png is too large to decode",
        files={"rel/bomb.png": b"@BOMB_PNG@"},
    ),
    Case(
        "a 2 GB sparse file",
        "files",
        "refused",
        ("assets", 0, "file"),
        "huge.pdf",
        message="huge.pdf is 2147.5 MB, over the limit of 50 MB per file",
        files={"rel/huge.pdf": b"@SPARSE_2GB@"},
    ),
    Case(
        "an executable as an asset",
        "files",
        "refused",
        ("assets", 0, "file"),
        "tool.exe",
        message="is not a supported kind of asset",
        files={"rel/tool.exe": b"MZ\x90\x00"},
    ),
    Case(
        "a PDF that is not a PDF",
        "files",
        "refused",
        ("assets", 0, "file"),
        "report.pdf",
        message="report.pdf is not a real PDF file",
        files={"rel/report.pdf": b"<html>"},
    ),
]

# -- YAML -------------------------------------------------------------------------------
HEAD = b"slug: t\ndate: 2026-03-02\nheadline: H\n"
CASES += [
    Case(
        "duplicate keys",
        "yaml",
        "refused",
        raw=HEAD + b"headline: Again\nbody: B\n",
        message='found duplicate key "headline"',
    ),
    Case(
        "alias bomb (billion laughs)",
        "yaml",
        "refused",
        raw=b"@ALIAS_BOMB@",
        message="the document expands to too many values",
    ),
    Case(
        "tab indentation",
        "yaml",
        "refused",
        raw=HEAD + b"body: |\n\tB\n",
        message="a tab character; YAML indents with spaces",
    ),
    Case(
        "UTF-16 file",
        "yaml",
        "refused",
        raw=(HEAD.decode() + "body: B\n").encode("utf-16"),
        message="the file is UTF-16",
    ),
    Case(
        "Latin-1 file",
        "yaml",
        "refused",
        raw=HEAD + "body: Malm\xf6\n".encode("latin-1"),
        message="is not UTF-8",
    ),
    Case(
        "UTF-8 with a byte-order mark",
        "yaml",
        "renders",
        raw=b"\xef\xbb\xbf" + HEAD + b"body: BOM body\ncontacts: [press]\n",
        literal="BOM body",
    ),
    Case(
        "Windows line endings",
        "yaml",
        "renders",
        raw=(HEAD + b"body: CRLF body\ncontacts: [press]\n").replace(b"\n", b"\r\n"),
        literal="CRLF body",
    ),
    Case("an empty file", "yaml", "refused", raw=b"", message="the file is empty"),
    Case("a file of comments only", "yaml", "refused", raw=b"# nothing here\n", message="the file is empty"),
    Case(
        "a list instead of a mapping",
        "yaml",
        "refused",
        raw=b"- a\n- b\n",
        message="a release must be a mapping of fields",
    ),
    Case(
        "a Python object tag",
        "yaml",
        "refused",
        raw=HEAD + b'body: !!python/object/apply:os.system ["echo pwned"]\n',
        message="body: must be text",
    ),
    Case(
        "nesting 5,000 levels deep",
        "yaml",
        "refused",
        raw=HEAD + b"body: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        message="the document is nested too deeply",
    ),
    Case(
        "a NUL byte in the file",
        "yaml",
        "refused",
        raw=HEAD + b"body: A\x00B\n",
        message="unacceptable character #x0000",
    ),
    Case(
        "a file over 5 MB",
        "yaml",
        "refused",
        raw=HEAD + b"body: " + b"x" * (5 * 1024 * 1024 + 1) + b"\n",
        message="the limit is 5 MB",
    ),
    Case(
        "a non-string key",
        "yaml",
        "refused",
        raw=HEAD + b"body: B\n[a, b]: c\n",
        message="a key must be text",
    ),
    Case(
        "unclosed JSON",
        "yaml",
        "refused",
        raw=b'{"slug": "t", "date": "2026-03-02"',
        message="expected ',' or '}'",
    ),
]
