"""Plain-text files: encodings, title, emptiness and the size limit."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest.text import decode_text, read_text, split_title

from .helpers import Item, articles, failures

STORY = (
    "Aftershock rattles Léogâne\n"
    "\n"
    "Rescue teams from Zaventem café owners' charity reached Léogâne on Tuesday.\n"
    "The mayor, Hélène Côté, said the old market had been cleared.\n"
)


def test_text_utf8_file_with_title(read_all: Callable[..., list[Item]], fixtures: Path) -> None:
    (article,) = articles(read_all([fixtures / "flood_report.txt"]))
    assert article.title == "Flood waters rise in Riverton"
    assert article.text.startswith("RIVERTON, March 14, 2021 — Residents")
    assert "\n\nMayor Tomas Brandt" in article.text
    assert article.origin.endswith("flood_report.txt")


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252", "latin-1"]
)
def test_text_decodes_common_encodings(
    tmp_path: Path, read_all: Callable[..., list[Item]], encoding: str
) -> None:
    data = STORY.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # a byte order mark, as editors write it
    path = tmp_path / f"story-{encoding}.txt"
    path.write_bytes(data)
    (article,) = articles(read_all([path]))
    assert article.title == "Aftershock rattles Léogâne"
    assert "Hélène Côté" in article.text
    assert "Zaventem café" in article.text
    assert "\ufeff" not in article.text + article.title


def test_text_crlf_lines_become_newlines(
    tmp_path: Path, read_all: Callable[..., list[Item]]
) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(STORY.replace("\n", "\r\n").encode("cp1252"))
    (article,) = articles(read_all([path]))
    assert "\r" not in article.text
    assert article.title == "Aftershock rattles Léogâne"


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        (
            "Headline\n\nBody line one.\nBody line two.",
            "Headline",
            "Body line one.\nBody line two.",
        ),
        ("Headline\n  \nBody.", "Headline", "Body."),
        ("No blank line after\nthe first line.", None, "No blank line after\nthe first line."),
        ("Only one line.", None, "Only one line."),
        ("x" * 200 + "\n\nBody.", None, "x" * 200 + "\n\nBody."),
    ],
)
def test_text_split_title(text: str, title: str | None, body: str) -> None:
    assert split_title(text) == (title, body)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  ", "  \n ".encode("utf-16")])
def test_text_empty_is_e102(
    tmp_path: Path, read_all: Callable[..., list[Item]], content: bytes
) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    (failure,) = failures(read_all([path]))
    assert failure.error.code is Code.E102
    assert failure.line() == f"{path}: E102 empty input"


def test_text_undecodable_is_e105() -> None:
    # Invalid UTF-16 after its byte order mark: a lone low surrogate.
    with pytest.raises(InputError) as caught:
        decode_text(b"\xff\xfe" + b"\x00\xdc")
    assert caught.value.code is Code.E105


def test_text_oversize_file_is_rejected_before_reading(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    class Unreadable(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise AssertionError("the stream must not be read")

    settings = make_settings(max_input_bytes=1000)
    with pytest.raises(InputError) as caught:
        list(read_text(Unreadable(), "big.txt", settings, size=5000))
    assert caught.value.code is Code.E104
    assert "5,000 bytes" in str(caught.value)
    assert "max_input_bytes" in str(caught.value)


def test_text_oversize_stream_is_e104(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(max_input_bytes=1000)
    with pytest.raises(InputError) as caught:
        list(read_text(io.BytesIO(b"word " * 1000), "<stdin>", settings))
    assert caught.value.code is Code.E104
    assert "at least 1,001 bytes" in str(caught.value)


def test_text_too_many_characters_is_e104(
    tmp_path: Path, read_all: Callable[..., list[Item]], make_settings: Callable[..., Settings]
) -> None:
    path = tmp_path / "long.txt"
    path.write_text("A sentence about the harbour. " * 50, encoding="utf-8")
    (failure,) = read_all([path], settings=make_settings(max_article_chars=100))
    assert failures([failure])[0].error.code is Code.E104
    assert "max_article_chars" in failure.line()
    assert "characters" in failure.line()
