"""A faster attribute ruler for spaCy pipelines, giving the same tokens as spaCy's own.

spaCy's ``attribute_ruler`` (tag map and morphology exceptions: POS, MORPH, LEMMA after the
tagger and parser) runs every rule through the general ``Matcher``: about an eighth of the
whole parse with ``en_core_web_sm``. Its rules are simple: patterns of one or two tokens
testing a few attributes for equality, set membership or a regular expression. A token's
single-token matches depend only on the values of the attributes the rules test, so they are
worked out once per distinct combination (word, tag, dependency label) and remembered; the
results are written back in one ``Doc.from_array``.

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
    change: Change  # their attributes, folded in rule order
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
        for rule, entry in enumerate(rules):
            index = entry.get("index", 0)
            for specs in entry["patterns"]:
                if not specs or not -len(specs) <= index < len(specs):
                    raise Unsupported(f"index {index} outside a pattern of {len(specs)} tokens")
                tests = tuple(_compile_test(spec) for spec in specs)
                pattern = _Pattern(rule, index % len(specs), tests)
                (self.single if len(specs) == 1 else self.longer).append(pattern)
        self._seen: dict[Row, _Seen] = {}

    def fold(self, rules: Iterable[int]) -> Change:
        """The attributes of ``rules`` (in rule order), a later rule's value winning."""
        values: dict[int, int] = {}
        for rule in rules:
            for column, value in self.attrs[rule]:
                values.pop(column, None)
                values[column] = value
        return tuple(values.items())

    def seen(self, row: Row, strings: StringStore) -> _Seen:
        """What the rules make of a token with the values ``row``, worked out once."""
        known = self._seen.get(row)
        if known is None:
            if len(self._seen) >= _CACHE_LIMIT:
                self._seen.clear()
            rules = tuple(sorted({p.rule for p in self.single if p.tests[0].passes(row, strings)}))
            starts = tuple(p for p in self.longer if p.tests[0].passes(row, strings))
            known = self._seen[row] = _Seen(rules, self.fold(rules), starts)
        return known

    def changes(self, rows: list[Row], strings: StringStore) -> list[Change]:
        """Per token, the attribute values the rules set, in application order."""
        seen = [self.seen(row, strings) for row in rows]
        extra: dict[int, list[int]] = {}  # token -> rules of longer patterns targeting it
        for start, known in enumerate(seen):
            for pattern in known.starts:
                end = start + len(pattern.tests)
                if end <= len(rows) and all(
                    test.passes(rows[start + k], strings)
                    for k, test in enumerate(pattern.tests[1:], 1)
                ):
                    extra.setdefault(start + pattern.target, []).append(pattern.rule)
        changes = [known.change for known in seen]
        for token, rules in extra.items():
            changes[token] = self.fold(sorted({*seen[token].rules, *rules}))
        return changes


class FastAttributeRuler:
    """The pipeline component; holds the rules taken from the ruler it replaced."""

    def __init__(self) -> None:
        self.rules: _Rules | None = None

    def __call__(self, doc: Doc) -> Doc:
        """Set the rules' attributes on the tokens of ``doc``, in place."""
        if self.rules is None or not len(doc):
            return doc
        rows = [tuple(row) for row in doc.to_array(_READ).tolist()]
        changes = self.rules.changes(rows, doc.vocab.strings)
        if not any(changes):
            return doc
        values = doc.to_array(_WRITTEN).tolist()
        for token, change in enumerate(changes):
            for column, value in change:
                values[token][column] = value
        doc.from_array(_WRITTEN, numpy.array(values, dtype=numpy.uint64))  # type: ignore[arg-type]
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
