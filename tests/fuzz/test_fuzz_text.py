"""Plain text fuzzed: random bytes, text in many encodings, NUL bytes, sizes over the limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import Code
from eventwire.ingest import InputFailure

from .helpers import FUZZ, read_file, read_stdin, small_limits

ENCODINGS = (
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1",
    "cp1251", "koi8-r", "shift_jis", "euc-kr", "gb18030", "big5", "iso-8859-7", "mac_roman",
)  # fmt: skip


@FUZZ
@given(st.binary(max_size=4096))
def test_text_random_bytes_never_raise(data: bytes) -> None:
    read_file(data, "input.txt")


@FUZZ
@given(st.text(max_size=2000), st.sampled_from(ENCODINGS))
def test_text_any_encoding_never_raises(text: str, encoding: str) -> None:
    read_file(text.encode(encoding, errors="replace"), "input.txt")


@FUZZ
@given(st.text(min_size=1, max_size=500), st.lists(st.integers(0, 499), max_size=20))
def test_text_with_nul_bytes_never_raises(text: str, positions: list[int]) -> None:
    data = bytearray(text.encode())
    for position in positions:
        data.insert(min(position, len(data)), 0)
    read_file(bytes(data), "input.txt")


@FUZZ
@given(st.binary(max_size=4096))
def test_text_random_bytes_on_stdin_never_raise(data: bytes) -> None:
    # No name to go by: the content alone picks the reader, any of the five.
    read_stdin(data)


def test_text_over_the_limit_is_e104() -> None:
    items = read_file(b"word " * 50_000, "input.txt", small_limits(max_input_bytes=100_000))
    assert [item.error.code for item in items if isinstance(item, InputFailure)] == [Code.E104]


def test_text_over_the_limit_on_stdin_is_e104() -> None:
    items = read_stdin(b"word " * 50_000, small_limits(max_input_bytes=100_000))
    assert [item.error.code for item in items if isinstance(item, InputFailure)] == [Code.E104]
