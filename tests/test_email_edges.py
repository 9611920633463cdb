"""The .eml's headers with headlines and names its authors did not try, read back as a mail
client reads them: Python's `email` (policy.default, and compat32 with `decode_header`, as
older tools take it), every line at most 78 octets and 7-bit."""

from __future__ import annotations

import dataclasses
import email
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message

import pytest

from presskit import model as m
from presskit.renderers import render
from tests.conftest import EXAMPLE

HEADLINES = [
    "Le Conseil présente un plan pratique pour mettre fin à la crise de l’exploitation des enfants en ligne",
    "شركة عالمية تطلق خطة عملية لإنهاء أزمة الاستغلال الجنسي للأطفال عبر الإنترنت في جميع أنحاء العالم",
    "世界 联盟 发布 结束 网络 儿童 性剥削 危机 的 实用 计划 并 呼吁 各国 政府 立即 采取 行动 保护 儿童",
    "Launch 🎉 of the 👨\u200d👩\u200d👧 family plan — naïve café owners welcome it, say Zoë and Ünal",
    "An ASCII headline quoting =?utf-8?b?QmNjOiB4QHkuY29t?= as it stands",
    "A" * 120 + " and a word longer than any header line",
]


def release() -> m.Release:
    from presskit.publish.inputs import load_release

    return load_release(EXAMPLE)


def wire(edition: m.Release, theme) -> bytes:  # type: ignore[no-untyped-def]
    data = render("eml", edition, theme, edition.locale)
    for line in data.split(b"\r\n"):
        assert len(line) <= 78, line
    assert data.isascii()
    return data


def read_both(data: bytes) -> tuple[EmailMessage, Message]:
    modern = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(modern, EmailMessage)
    assert modern.defects == []
    return modern, email.message_from_bytes(data, policy=policy.compat32)


def decoded(raw: str) -> str:
    """A compat32 header as an RFC 2047 reader shows it (its folds unfolded)."""
    return str(make_header(decode_header(raw)))


@pytest.mark.parametrize("headline", HEADLINES)
def test_the_subject_reads_back_word_for_word(theme, headline: str) -> None:  # type: ignore[no-untyped-def]
    edition = dataclasses.replace(release(), headline=headline, embargo=None)
    modern, old = read_both(wire(edition, theme))
    assert str(modern["Subject"]) == headline
    assert decoded(old["Subject"]) == headline


def test_an_embargoed_subject_keeps_its_spaces_in_any_script(theme) -> None:  # type: ignore[no-untyped-def]
    edition = dataclasses.replace(release(), headline=HEADLINES[1])
    subject = str(read_both(wire(edition, theme))[0]["Subject"])
    assert subject.startswith("EMBARGOED UNTIL ")
    assert subject.endswith(": " + HEADLINES[1])


@pytest.mark.parametrize(
    "text", ["Hello\r\nBcc: evil@example.com", "Hello\nBcc: evil@example.com\u2028X-Evil: 1"]
)
def test_a_line_break_in_a_headline_or_name_adds_no_header(theme, text: str) -> None:  # type: ignore[no-untyped-def]
    base = release()
    contact = dataclasses.replace(base.contacts[0], name=text)
    edition = dataclasses.replace(base, headline=text, contacts=(contact, *base.contacts[1:]))
    for message in read_both(wire(edition, theme)):
        assert message["Bcc"] is None and message["X-Evil"] is None
        assert sorted(message.keys()) == sorted(
            [
                "From",
                "To",
                "Subject",
                "Date",
                "Message-ID",
                "X-Unsent",
                "MIME-Version",
                "Content-Type",
                "Content-Language",
            ]
        )


@pytest.mark.parametrize(
    ("name", "address", "shown_address"),
    [
        ("Zoë Ünal-Müller, Presse und Öffentlichkeitsarbeit", "zoe@example.com", "zoe@example.com"),
        ("ليلى الحسيني", "press@example.org", "press@example.org"),
        ('Smith, "Jo" (PR)', "jo@example.com", "jo@example.com"),
        ("Jo Smith", "jo@bücher.de", "jo@xn--bcher-kva.de"),
    ],
)
def test_the_sender_reads_back_with_its_name_and_a_deliverable_address(  # type: ignore[no-untyped-def]
    theme, name: str, address: str, shown_address: str
) -> None:
    base = release()
    contact = dataclasses.replace(base.contacts[0], name=name, email=address)
    modern, old = read_both(wire(dataclasses.replace(base, contacts=(contact,)), theme))
    sender = modern["From"].addresses[0]
    # Python's address parser keeps the space between two encoded words (RFC 2047 drops it)
    assert (" ".join(sender.display_name.split()), sender.addr_spec) == (name, shown_address)
    shown = decoded(old["From"])  # as an RFC 2047 reader shows it: the name, then the address
    assert shown.endswith(f"<{shown_address}>")
    assert " ".join(shown.rpartition(" <")[0].strip('"').replace('\\"', '"').split()) == name


def test_a_contact_whose_address_needs_smtputf8_is_passed_over_for_the_next(theme) -> None:  # type: ignore[no-untyped-def]
    base = release()
    first = dataclasses.replace(base.contacts[0], name="Zoë", email="zoë@example.com")
    second = dataclasses.replace(base.contacts[0], id="second", name="Ann Lee", email="ann@example.com")
    modern, _ = read_both(wire(dataclasses.replace(base, contacts=(first, second)), theme))
    assert modern["From"].addresses[0].addr_spec == "ann@example.com"
