"""A faster attribute ruler for spaCy pipelines, giving the same tokens as spaCy's own.

spaCy's ``attribute_ruler`` (tag map and morphology exceptions: POS, MORPH, LEMMA after the
tagger and parser) runs every rule through the general ``Matcher``: about an eighth of the
whole parse with ``en_core_web_sm``. Its rules are simple: patterns of one or two tokens
testing a few attributes for equality, set membership or a regular expression. A token's
single-token matches depend only on the values of the attributes the rules test, so they are
worked out once per distinct combination (word, tag, dependency label) and remembered, the
combination read as the raw bytes of the token's row of ``Doc.to_array`` (no Python integers
made for a token already seen); a new combination is tried only against the rules that may
apply to its tag. Each distinct result is a row of a small table (values and which columns
they replace), so the results are laid over the tokens' attributes with array operations and
written back in one ``Doc.from_array``.

Semantics kept from spaCy: every rule is matched against the token values as the tagger and
parser left them; matches are applied in rule order, a later rule overriding an earlier one;
the attributes go to the token at the rule's index in the matched span. A pipeline whose rules
use anything else (operators, other attributes) keeps spaCy's ruler.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

# Token attributes a rule may test; each Doc is read as rows of these values.
_TESTED = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "DEP": DEP}
_READ = [ORTH, LOWER, NORM, TAG, DEP, IS_SPACE]
_COLUMN = {attr: n for n, attr in enumerate(_READ)}
# Attributes a rule may set, written back in this column order.
_WRITTEN = [POS, TAG, MORPH, LEMMA, DEP]
_WRITTEN_COLUMN = {attr: n for n, attr in enumerate(_WRITTEN)}
# Remembered token combinations; past this many the memory starts afresh.
_CACHE_LIMIT = 200_000

Row = tuple[int, ...]
# Columns by which single-token rules are looked up, in order of preference.
_INDEXED = (_COLUMN[TAG], _COLUMN[LOWER])
# Bytes of one token's row of ``Doc.to_array(_READ)`` (unsigned 64-bit values).
_ROW_BYTES = 8 * len(_READ)
Change = tuple[tuple[int, int], ...]  # (written column, value) in application order


class Unsupported(ValueError):
    """A rule uses a feature of spaCy's Matcher this ruler does not implement."""


@dataclass(frozen=True)
class _TokenTest:
    """What one token of a pattern must have: hashed values, value sets, regular expressions."""

    equal: tuple[tuple[int, int], ...]  # (column, hash)
    member: tuple[tuple[int, frozenset[int], bool], ...]  # (column, hashes, inside)
    regex: tuple[tuple[int, re.Pattern[str]], ...]  # (column, expression)
    space: bool | None

    def passes(self, row: Row, strings: StringStore) -> bool:
        """Whether a token with the values ``row`` (columns of ``_READ``) passes."""
        if any(row[column] != value for column, value in self.equal):
            return False
        if any((row[column] in values) != inside for column, values, inside in self.member):
            return False
        if self.space is not None and bool(row[_COLUMN[IS_SPACE]]) != self.space:
            return False
        return all(expr.search(strings[row[column]]) for column, expr in self.regex)


def _compile_test(spec: dict[str, Any]) -> _TokenTest:
    equal: list[tuple[int, int]] = []
    member: list[tuple[int, frozenset[int], bool]] = []
    regex: list[tuple[int, re.Pattern[str]]] = []
    space: bool | None = None
    for name, value in spec.items():
        if name == "IS_SPACE" and isinstance(value, bool):
            space = value
            continue
        if name not in _TESTED:
            raise Unsupported(f"token attribute {name}")
        column = _COLUMN[_TESTED[name]]
        if isinstance(value, str):
            equal.append((column, get_string_id(value)))
        elif isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
                member.append((column, frozenset(map(get_string_id, arg)), op == "IN"))
            elif op == "REGEX" and isinstance(arg, str):
                regex.append((column, re.compile(arg)))
            else:
                raise Unsupported(f"{name} test {op}")
        else:
            raise Unsupported(f"{name} value {value!r}")
    return _TokenTest(tuple(equal), tuple(member), tuple(regex), space)


@dataclass(frozen=True)
class _Pattern:
    rule: int
    target: int  # offset of the token that receives the attributes
    tests: tuple[_TokenTest, ...]


@dataclass(frozen=True)
class _Seen:
    """What is known of a token from its own values."""

    rules: tuple[int, ...]  # single-token rules it matches, in order
    change: int  # row of the change table: their attributes, folded in rule order
    starts: tuple[_Pattern, ...]  # longer patterns whose first token it passes


class _Rules:
    """Compiled rules of one attribute ruler, with what is known of the tokens seen so far."""

    def __init__(self, rules: Sequence[dict[str, Any]], attrs: Sequence[dict[int, int]]) -> None:
        """``rules`` as in ``AttributeRuler.patterns``; ``attrs`` its normalized attributes."""
        if len(rules) != len(attrs):
            raise Unsupported("rules and attributes differ in number")
        self.attrs: list[Change] = []
        for values in attrs:
            if any(attr not in _WRITTEN_COLUMN for attr in values):
                raise Unsupported("attributes other than POS, TAG, MORPH, LEMMA, DEP")
            self.attrs.append(tuple((_WRITTEN_COLUMN[a], int(v)) for a, v in values.items()))
        self.single: list[_Pattern] = []
        self.longer: list[_Pattern] = []
        # Single-token patterns by a value they require: (column, value) of their tag, else
        # of their lower-case form; the rest may match any token.
        self._by_value: dict[tuple[int, int], list[_Pattern]] = {}
        self._any_value: list[_Pattern] = []
        for rule, entry in enumerate(rules):
            index = entry.get("index", 0)
            for specs in entry["patterns"]:
                if not specs or not -len(specs) <= index < len(specs):
                    raise Unsupported(f"index {index} outside a pattern of {len(specs)} tokens")
                tests = tuple(_compile_test(spec) for spec in specs)
                pattern = _Pattern(rule, index % len(specs), tests)
                (self.single if len(specs) == 1 else self.longer).append(pattern)
        for pattern in self.single:
            required = dict(pattern.tests[0].equal)
            column = next((c for c in _INDEXED if c in required), None)
            if column is None:
                self._any_value.append(pattern)
            else:
                self._by_value.setdefault((column, required[column]), []).append(pattern)
        self._seen: dict[bytes, _Seen] = {}
        # The change table: distinct folded attributes, the empty change first.
        self._change_rows: dict[Change, int] = {(): 0}
        self._table: tuple[numpy.ndarray[Any, Any], numpy.ndarray[Any, Any]] | None = None

    def fold(self, rules: Iterable[int]) -> Change:
        """The attributes of ``rules`` (in rule order), a later rule's value winning."""
        values: dict[int, int] = {}
        for rule in rules:
            for column, value in self.attrs[rule]:
                values.pop(column, None)
                values[column] = value
        return tuple(values.items())

    def change_row(self, change: Change) -> int:
        """The row of ``change`` in the change table, added if new."""
        row = self._change_rows.get(change)
        if row is None:
            row = self._change_rows[change] = len(self._change_rows)
            self._table = None
        return row

    def table(self) -> tuple[numpy.ndarray[Any, Any], numpy.ndarray[Any, Any]]:
        """The change table: per row, the values of the written columns and which it sets."""
        if self._table is None:
            size = (len(self._change_rows), len(_WRITTEN))
            values = numpy.zeros(size, dtype=numpy.uint64)
            sets = numpy.zeros(size, dtype=bool)
            for change, row in self._change_rows.items():
                for column, value in change:
                    values[row, column] = value
                    sets[row, column] = True
            self._table = (values, sets)
        return self._table

    def seen(self, row: Row, strings: StringStore) -> _Seen:
        """What the rules make of a token with the values ``row``, worked out afresh."""
        candidates = [*self._any_value]
        for column in _INDEXED:
            candidates += self._by_value.get((column, row[column]), ())
        rules = tuple(sorted({p.rule for p in candidates if p.tests[0].passes(row, strings)}))
        starts = tuple(p for p in self.longer if p.tests[0].passes(row, strings))
        return _Seen(rules, self.change_row(self.fold(rules)), starts)

    def changes(self, values: numpy.ndarray[Any, Any], strings: StringStore) -> list[int]:
        """Per token, the row of the change table holding the attribute values the rules set.

        ``values`` is ``Doc.to_array(_READ)``: one row of unsigned 64-bit values per token.
        """
        data = numpy.ascontiguousarray(values, dtype=numpy.uint64).tobytes()
        memory = self._seen
        seen: list[_Seen] = []
        for offset in range(0, len(data), _ROW_BYTES):
            key = data[offset : offset + _ROW_BYTES]
            known = memory.get(key)
            if known is None:
                if len(memory) >= _CACHE_LIMIT:
                    memory.clear()
                row = tuple(values[offset // _ROW_BYTES].tolist())
                known = memory[key] = self.seen(row, strings)
            seen.append(known)
        extra: dict[int, list[int]] = {}  # token -> rules of longer patterns targeting it
        for start, known in enumerate(seen):
            for pattern in known.starts:
                end = start + len(pattern.tests)
                if end <= len(seen) and all(
                    test.passes(tuple(values[start + k].tolist()), strings)
                    for k, test in enumerate(pattern.tests[1:], 1)
                ):
                    extra.setdefault(start + pattern.target, []).append(pattern.rule)
        changes = [known.change for known in seen]
        for token, rules in extra.items():
            changes[token] = self.change_row(self.fold(sorted({*seen[token].rules, *rules})))
        return changes


class FastAttributeRuler:
    """The pipeline component; holds the rules taken from the ruler it replaced."""

    def __init__(self) -> None:
        self.rules: _Rules | None = None

    def __call__(self, doc: Doc) -> Doc:
        """Set the rules' attributes on the tokens of ``doc``, in place."""
        if self.rules is None or not len(doc):
            return doc
        changes = self.rules.changes(doc.to_array(_READ), doc.vocab.strings)
        if not any(changes):
            return doc
        table, sets = self.rules.table()
        rows = numpy.array(changes, dtype=numpy.intp)
        values = numpy.array(doc.to_array(_WRITTEN), dtype=numpy.uint64)
        numpy.copyto(values, table[rows], where=sets[rows])
        doc.from_array(_WRITTEN, values)  # type: ignore[arg-type]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Apply the rules to each Doc of a stream."""
        for doc in docs:
            yield self(doc)


@Language.factory("eventwire_attribute_ruler")
def _factory(nlp: Language, name: str) -> FastAttributeRuler:
    # Made empty by spaCy's machinery; speed_up_attribute_ruler gives it the rules.
    return FastAttributeRuler()


def speed_up_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replace ``nlp``'s attribute ruler by the fast one; False when its rules don't allow it."""
    if name not in nlp.pipe_names or nlp.get_pipe_meta(name).factory != "attribute_ruler":
        return False
    ruler = nlp.get_pipe(name)
    assert isinstance(ruler, AttributeRuler)
    try:
        rules = _Rules(ruler.patterns, ruler.attrs)
    except Unsupported:
        return False
    fast = nlp.replace_pipe(name, "eventwire_attribute_ruler")
    assert isinstance(fast, FastAttributeRuler)
    fast.rules = rules
    return True
