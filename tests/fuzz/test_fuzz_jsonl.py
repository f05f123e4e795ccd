"""JSON Lines fuzzed: broken JSON, giant lines, deep nesting, bad UTF-8, NaN, wrong field types."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import Code
from eventwire.ingest import InputFailure, RawArticle

from .helpers import FUZZ, read_file, read_stdin, small_limits

FIELDS = ("text", "html", "title", "url", "source", "author", "published", "id")
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """An article object whose every field may have the wrong type, or be missing."""
    return draw(st.fixed_dictionaries({}, optional={name: JSON_VALUES for name in FIELDS}))


def _dump(record: dict[str, Any]) -> bytes:
    # allow_nan: NaN and Infinity are what Python's own json writes and reads.
    return json.dumps(record, allow_nan=True).encode()


@FUZZ
@given(st.lists(records(), min_size=1, max_size=8))
def test_jsonl_wrong_field_types_never_raise(lines: list[dict[str, Any]]) -> None:
    items = read_file(b"\n".join(_dump(line) for line in lines), "dump.jsonl")
    assert len(items) == len(lines)


@FUZZ
@given(st.lists(st.binary(max_size=300), min_size=1, max_size=10))
def test_jsonl_random_byte_lines_never_raise(lines: list[bytes]) -> None:
    read_file(b"\n".join(lines), "dump.jsonl")


@FUZZ
@given(st.binary(max_size=200), st.sampled_from(["", "\ufeff", "\ufeff\ufeff"]))
def test_jsonl_bad_utf8_and_boms_never_raise(junk: bytes, bom: str) -> None:
    line = bom.encode() + b'{"text": "caf' + junk + b'"}\n{"text": "The mayor spoke."}'
    items = read_file(line, "dump.jsonl")
    assert isinstance(items[-1], RawArticle)


@FUZZ
@given(st.integers(1, 100_000), st.sampled_from(["[", '{"a":', '[{"text":']))
def test_jsonl_deep_nesting_is_e107(depth: int, opener: str) -> None:
    line = (opener * depth).encode()
    items = read_file(line, "dump.jsonl", small_limits(max_line_bytes=2_000_000))
    assert all(isinstance(item, InputFailure) for item in items)


@FUZZ
@given(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "9" * 5000, "-0", "1.5"]),
       st.sampled_from(FIELDS))  # fmt: skip
def test_jsonl_odd_numbers_in_any_field_never_raise(number: str, field: str) -> None:
    read_file(f'{{"{field}": {number}, "text": "The mayor spoke."}}'.encode(), "dump.jsonl")


@FUZZ
@given(st.integers(5_001, 200_000), st.booleans())
def test_jsonl_line_over_the_limit_costs_that_line_only(size: int, newline: bool) -> None:
    giant = b'{"text": "' + b"x" * size + b'"}'
    data = giant + b"\n" + b'{"text": "The mayor spoke."}' + (b"\n" if newline else b"")
    items = read_file(data, "dump.jsonl")
    assert isinstance(items[0], InputFailure) and items[0].error.code is Code.E104
    assert isinstance(items[1], RawArticle)


def test_jsonl_25_mb_line_over_the_default_limit_is_e104() -> None:
    line = b'{"text": "' + b"word " * 5_000_000 + b'"}\n{"text": "The mayor spoke."}\n'
    items = read_file(line, "dump.jsonl", small_limits(max_line_bytes=20_000_000))
    assert [type(item) for item in items] == [InputFailure, RawArticle]


def test_jsonl_100000_brackets_deep_on_stdin_is_e107() -> None:
    # Sniffed from its opening brace: stdin has no name to say it is JSON Lines.
    line = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    items = read_stdin(line, small_limits(max_line_bytes=1_000_000))
    assert [item.error.code for item in items if isinstance(item, InputFailure)] == [Code.E107]
