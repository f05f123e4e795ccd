"""Times: every temporal expression of an article, with a TIMEX3 type and normalized value.

Expressions are found by the compiled grammar of :mod:`eventwire.extract.times_grammar`
(one regex scan of the text per rule); where matches overlap the longest wins. Each is then
read in text order, anchored on the publication date and on the tense of the clause that
governs it (from the dependency parse), with the last date mentioned as the reference of
anaphoric expressions ("three days later"). Without a publication date, relative
expressions are kept with ``value=None`` and ``unresolved=True``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from eventwire.extract.times_calendar import Point, Tense, parse_value, year_near
from eventwire.extract.times_grammar import Rule, rules
from eventwire.extract.times_lexicon import lexicon
from eventwire.extract.times_readings import Context, Reading
from eventwire.model import Time
from eventwire.nlp.lookups import char_span, doc_text

_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
_PERFECT_AUX = frozenset({"have", "has", "'ve", "'s"})
# Words before a bare year or month name that make it a date ("in 1990", "since May").
_DATE_CUES = frozenset(
    {
        "in", "since", "by", "until", "till", "from", "to", "through", "of", "during",
        "before", "after", "between", "and", "or", "early", "late", "mid", "fiscal", "around",
        "last", "next", "this", "for", "as", "at", "end", "beginning", "-", "on", "circa",
        "year", "spring", "summer", "fall", "autumn", "winter", "'s", "than", "into",
    }
)  # fmt: skip
# Prepositions that fix the direction of a date whatever the verb's tense.
_CUED_TENSE: dict[str, Tense] = {
    "since": "past", "effective": "future", "as soon as": "future", "as early as": "future",
}  # fmt: skip
# "until Friday" looks ahead, unless it closes a pluperfect or "not until" clause:
# "until Thursday, they had not called him a suspect" (see ``_until_past``).
_UNTIL = frozenset({"until", "till"})
# Dependents of "be" that are not its complement.
_NOT_COMPLEMENT = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "acl", "relcl", "advcl"})
# Words before a date that make it the baseline of a comparison.
_BASELINE = frozenset({"compared with", "compared to", "up from", "down from", "% from"})
_NOT_DATE_ENTS = frozenset({"PERSON", "ORG", "MONEY", "PERCENT", "QUANTITY", "PRODUCT"})


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: Rule
    match: re.Match[str]


# Characters outside ASCII that a case-blind ASCII letter matches: the long s, the Kelvin
# sign, the dotted and dotless i.
_ASCII_LETTER = re.compile("[a-z]", re.IGNORECASE)


def lowered(text: str) -> str | None:
    """``text.lower()`` if matching it exactly is matching ``text`` case-blind, else None.

    True for patterns of lower-case ASCII (see ``times_grammar.folded_pattern``) when every
    character lower-cases to one character and none outside ASCII is a case variant of an
    ASCII letter.
    """
    low = text.lower()
    if len(low) != len(text):
        return None
    if not text.isascii():
        for ch in set(text):
            if not ch.isascii() and (_ASCII_LETTER.match(ch) or ch.lower().isascii()):
                return None
    return low


def matches(rule: Rule, text: str, low: str | None) -> list[re.Match[str]]:
    """Matches of ``rule`` in ``text``, found on the lower-cased text ``low`` when it can."""
    if rule.folded is None or low is None:
        return list(rule.pattern.finditer(text))
    found = []
    for folded in rule.folded.finditer(low):
        # The match itself is taken on the original text, whose words the readings see.
        match = rule.pattern.match(text, folded.start())
        if match is None or match.end() != folded.end():
            return list(rule.pattern.finditer(text))  # not expected: the case-blind scan rules
        found.append(match)
    return found


def _candidates(text: str) -> list[_Candidate]:
    """Non-overlapping matches of all rules; the longest wins, then the earlier rule."""
    found: list[tuple[int, int, int, _Candidate]] = []
    low = lowered(text)
    for order, rule in enumerate(rules()):
        for match in matches(rule, text, low):
            start, end = match.span()
            found.append((start - end, order, start, _Candidate(start, end, rule, match)))
    found.sort(key=lambda item: item[:3])
    taken = bytearray(len(text))
    chosen: list[_Candidate] = []
    for _, _, _, candidate in found:
        if any(taken[candidate.start : candidate.end]):
            continue
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
        chosen.append(candidate)
    chosen.sort(key=lambda c: c.start)
    return chosen


def clause_tense(token: Token) -> Tense | None:
    """The tense of the clause governing ``token``, read from the parse.

    The nearest verb above the token decides: will/shall/going to make it future; a past
    tag (VBD), a past auxiliary or a perfect (have + VBN) past; a present tag present.
    Infinitives ("plans to meet Friday") take the tense of the verb they depend on.
    """
    verb = token
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    for _ in range(4):
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        words = {c.lower_ for c in auxes}
        if words & _FUTURE_AUX or (
            verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children)
        ):
            return "future"
        if "to" in words:
            # An infinitive is not yet realized when its governing verb happens: "is due to
            # / scheduled to close Monday" looks ahead; otherwise the tense says nothing.
            head = verb.head
            if head.lemma_ in lexicon().prospective:
                # "had been due to expire": the auxiliaries may sit on the copula.
                holders = [head, head.head] if head.dep_ in ("acomp", "attr") else [head]
                head_auxes = {
                    c.lower_ for h in holders for c in h.children if c.dep_ in ("aux", "auxpass")
                }
                return _prospective_tense(head, token, head_auxes)
            if head.lemma_ == "be" and verb.dep_ not in _NOT_COMPLEMENT:
                # "is to resume trading Tuesday": be + infinitive is a scheduled future;
                # an infinitive that is the subject ("the first to join Friday were")
                # or modifies a noun is not.
                return "future"
            return None
        if verb.lemma_ in lexicon().prospective:
            return _prospective_tense(verb, token, words)
        if any(c.tag_ == "VBD" for c in auxes) or verb.tag_ == "VBD":
            return "past"
        if verb.tag_ == "VBN" and (words & _PERFECT_AUX or not auxes):
            return "past"
        if verb.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") for c in auxes):
            return "present"
        if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl", "xcomp") and verb.head is not verb:
            verb = verb.head
            continue
        return None
    return None


def _until_past(token: Token, doc: Doc) -> bool:
    """Whether "until <date>" closes a past stretch rather than opening a coming one.

    Only a pluperfect ("until Thursday, they had not called him a suspect") or "not /
    up until" in a past clause ("it was not until Tuesday that he said") do; a simple
    past keeps looking ahead ("they gave him until mid-November to reply"), and so does
    a bare participle (the parser reads "stays closed until Monday" with "closed" as
    the verb).
    """
    start = token.left_edge.i
    word = doc[start - 2].lower_ if start >= 2 else ""
    if word in ("not", "up"):
        return True
    verb = token
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    return any(c.lower_ == "had" for c in verb.children if c.dep_ in ("aux", "auxpass"))


def _prospective_tense(verb: Token, token: Token, auxes: set[str]) -> Tense:
    """The tense of a date governed by a verb of planning ("scheduled", "vowed").

    Its complements lie ahead ("scheduled a hearing Thursday"), but a date before a past
    verb dates the act itself ("Clinton Saturday vowed", "On Friday, the government
    planned"), and a pluperfect plan ("had been due to expire Friday") lay in the past.
    """
    if "had" in auxes:
        return "past"
    if verb.tag_ == "VBD" and token.i < verb.i:
        return "past"
    return "future"


# Rules whose words are common nouns: capitalized mid-sentence they are part of a name
# ("ABC's \"This Week\"", "CBS's \"60 Minutes\"", "VOA Today").
_COMMON_WORD_RULES = frozenset(
    {"relative_unit", "deictic", "duration", "vague_units", "the_year", "reference"}
)


def _titled_name(span: Span) -> bool:
    """Whether a span of common time words is capitalized as a title or a name.

    It is when two or more of its words are capitalized ("This Week"), or when a
    capitalized one follows a word or a number ("VOA Today", "60 Minutes"); a capital
    after punctuation only opens a sentence or a quotation ("``Today, I'm here").
    """
    words = [t for t in span if t.is_alpha]
    if len(words) >= 2 and all(t.is_title for t in words):
        return True
    doc = span.doc
    for token in words:
        if not token.is_title or token.i == 0 or token.is_sent_start:
            continue
        previous = doc[token.i - 1]
        if previous.is_alpha or previous.like_num:
            return True
    return False


def _accept(candidate: _Candidate, span: Span, before: str) -> bool:
    """Context checks for matches that are dates only in some contexts."""
    name, match = candidate.rule.name, candidate.match
    first = span[0]
    if name in _COMMON_WORD_RULES and _titled_name(span):
        return False
    if name == "month":
        if first.tag_ == "MD" or first.ent_type_ in _NOT_DATE_ENTS:
            return False
        return bool(match["pre"]) or before in _DATE_CUES or first.ent_type_ == "DATE"
    if name == "year":
        if match["pre"] or match["fiscal"]:
            return True
        if first.ent_type_ in _NOT_DATE_ENTS or first.ent_type_ == "CARDINAL":
            return False
        return before in _DATE_CUES or first.ent_type_ == "DATE"
    if name == "weekday":
        return first.ent_type_ not in ("PERSON", "ORG", "WORK_OF_ART")
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if name == "frequency" and first.tag_ == "JJ" and following is not None:
        # "the daily tally", "a daily newspaper": a kind of thing, not a recurrence.
        return following.pos_ not in ("NOUN", "PROPN", "ADJ")
    if name == "deictic" and len(span) == 1 and following is not None:
        # "today's world" is generic far more often than it is a date; "yesterday's
        # announcement" and "tomorrow's vote" are not.
        return following.tag_ != "POS" or first.lower_ != "today"
    if name == "reference" and first.lower_ == "current":
        # The adjective only, before what it dates: "its current chairman", "current
        # market conditions"; not "the current" of a river or an electric current.
        return first.tag_ == "JJ" and following is not None and following.pos_ in ("NOUN", "ADJ")
    return True


_ENDED = re.compile(r"\s+(?:ended|ending)\s+$")
_PERIOD_RULES = frozenset({"quarter", "the_year", "relative_unit"})
_DAY_RULES = frozenset({"date_mdy", "date_dmy"})


def _closing_date(
    text: str, candidate: _Candidate, following: _Candidate | None, anchor: date | None
) -> date | None:
    """The date in "<period> ended|ending <date>" right after a period candidate."""
    if following is None or following.rule.name not in _DAY_RULES:
        return None
    if not _ENDED.match(text[candidate.end : following.start]):
        return None
    m = following.match
    lex = lexicon()
    month = lex.months[m["month"].rstrip(".").strip().title()]
    day = int(m["day"])
    if m["year"]:
        year: int | None = int(m["year"])
    elif anchor is not None:
        year = year_near(anchor, month, day, "past")
    else:
        return None
    try:
        return date(year, month, day) if year is not None else None
    except ValueError:
        return None


def extract_times(doc: Doc, published: date | None) -> list[Time]:
    """Temporal expressions of ``doc`` in text order, ids ``T1``, ``T2``..."""
    text = doc_text(doc)
    times: list[Time] = []
    reference: Point | None = None
    candidates = _candidates(text)
    period_closed = False  # the last expression was a period whose closing date follows
    for index, candidate in enumerate(candidates):
        following = candidates[index + 1] if index + 1 < len(candidates) else None
        span = char_span(doc, candidate.start, candidate.end)
        if span is None or len(span) == 0:
            continue
        previous = doc[span.start - 1] if span.start > 0 else None
        before = previous.lower_ if previous is not None else ""
        if not _accept(candidate, span, before):
            continue
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        three = " ".join(t.lower_ for t in doc[max(span.start - 3, 0) : span.start])
        tense = _CUED_TENSE.get(before) or _CUED_TENSE.get(three) or clause_tense(span.root)
        if before in _UNTIL and not (tense == "past" and _until_past(span.root, doc)):
            tense = "future"
        context = Context(
            anchor=published,
            tense=tense,
            reference=reference,
            before=before,
            after=after,
            before_tag=previous.tag_ if previous is not None else "",
            ended=_closing_date(text, candidate, following, published)
            if candidate.rule.name in _PERIOD_RULES
            else None,
        )
        reading: Reading | None = candidate.rule.interpret(candidate.match, context)
        if reading is None:
            continue
        start, end = candidate.start, candidate.end
        times.append(
            Time(
                id=f"T{len(times) + 1}",
                text=text[start:end],
                start=start,
                end=end,
                type=reading.type,
                value=reading.value,
                unresolved=reading.unresolved,
            )
        )
        closing = period_closed and before in ("ended", "ending")
        period_closed = context.ended is not None
        if closing:
            # "the quarter ended Sept. 30": the quarter stays the topic, not the day.
            continue
        two = " ".join(t.lower_ for t in doc[max(span.start - 2, 0) : span.start])
        if two in _BASELINE or before in ("than", "versus", "vs."):
            # "fell 8% from a year ago", "compared with a year earlier": the baseline
            # of a comparison, not a time the account moves to.
            continue
        if reading.type in ("DATE", "TIME") and reading.value and not reading.anaphoric:
            reference = parse_value(reading.value) or reference
    return times
