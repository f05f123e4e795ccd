"""When an event happened: the time expression the dependency tree ties to its trigger.

A sentence often holds several times ("The warrant issued Monday charged Kopp in the 1995
shooting"); each dates what it hangs from. The date of an event is, in order of preference:

1. ``clause``: a time in the trigger's own clause, reached from the time by climbing the tree to
   the trigger (or to the verb a nominal trigger is the object of: "filed suit in 1989",
   "made a condemnation on Friday") without crossing another verb. A time that modifies a
   noun ("the 1995 shooting", "the 2014 agreement") dates that noun, not the clause around
   it, unless the noun is the event's subject or the object of its preposition ("the Aug. 7
   bombings killed", "injured in the 1998 bombing").
2. ``clause`` still: the time of the clause the trigger's clause hangs from as a participle,
   an infinitive or a conjunct ("hit on May 12, killing 100 people"), unless a word of
   ``data/events/time_relations.txt`` opens it ("after", "since"), which sets it apart.
3. ``sentence``: another time of the sentence, the one nearest the trigger in the tree, those
   under the trigger first ("fired the shots that killed a doctor last October"). Left out
   is a noun-modifying time inside the trigger's own clause (the date of "the 2014
   agreement" is not when it was criticized). Taken only when no other is left: a time of a
   verb of saying ("officials said Wednesday that a bomb downed the plane", "a bomb downed
   the plane, the agency said on Tuesday" date the saying) and a time inside a clause set
   apart by a word of ``time_relations.txt`` ("the biggest protest since the colony
   returned in 1997").
4. ``article``: the publication date.

A duration on a before/after word counts the date instead: "visited on Wednesday, six years
after she was released" dates the release six years before that Wednesday, and "two weeks
before the election on 8 November, they protested" dates the protest two weeks before it.

Only the trigger's own line counts: a headline or a date line above it is not in its sentence
even when the parser joins them. A part of the day ("tonight", 2016-09-17TNI) gives its day.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Literal

from spacy.tokens import Token

from eventwire.extract.quotes_lexicon import lexicon as quote_lexicon
from eventwire.model import Time
from eventwire.nlp.lookups import char_span, doc_text, sentence_of

DateFrom = Literal["clause", "sentence", "article"]

TIME_RELATIONS_FILE = "time_relations.txt"
_DATED_TYPES = frozenset({"DATE", "TIME"})
# Dependencies by which a time is part of a noun phrase rather than of the clause.
_NOUN_MODIFIERS = frozenset({"compound", "amod", "nummod", "poss", "nmod"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# How a clause hangs from the one whose time it shares: a participle or other adverbial
# clause ("..., killing 100"), an infinitive, a conjunct ("arrested and charged").
_SHARING = frozenset({"advcl", "xcomp", "conj"})
# TIMEX3 parts of the day (morning, midday, afternoon, evening, night, daytime).
_WHOLE_DURATION = re.compile(r"^P(\d{1,4})([YMWD])$")
_CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")
_PART_OF_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})T(?:MO|MI|AF|EV|NI|DT)$")


@cache
def time_relations() -> dict[str, str]:
    """The words of ``data/events/time_relations.txt``, each with where the event it
    introduces stands to the clause it hangs from (before, after, start, end)."""
    path = resources.files("eventwire") / "data" / "events" / TIME_RELATIONS_FILE
    relations: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        word, _, stands = line.partition("\t")
        if stands not in {"before", "after", "start", "end"}:
            raise ValueError(f"{TIME_RELATIONS_FILE}:{number}: unknown relation {stands!r}")
        relations[word.strip()] = stands
    return relations


def event_date(
    token: Token,
    times: Sequence[Time],
    published: date | None,
    dateline_end: int,
    carrier: Token | None = None,
) -> tuple[str | None, DateFrom | None]:
    """The date of the event triggered by ``token`` and where it was found (see the module).

    ``carrier`` is the verb a nominal trigger is the object of ("filed suit"), whose times
    date the event too.
    """
    anchors = {token.i} | ({carrier.i} if carrier is not None else set())
    if token.dep_ == "compound" and token.head.pos_ in _NOUNS:
        # "the October 1998 shooting death": the phrase's head carries the trigger's time.
        anchors.add(token.head.i)
    reach = _in_reach(token, times, dateline_end)
    found = _candidates(reach)
    durations = _durations(reach)
    clause = carrier if carrier is not None else token
    counted = _counted_from_head(clause, found, durations)
    if counted is not None:
        return counted, "clause"
    while True:
        attached = [(time, root) for time, root in found if _attached(root, anchors)]
        # "Two weeks before the vote on 8 November": that time is the vote's.
        apart = [(time, root) for time, root in attached if _relation_above(root, anchors)]
        for time, root in apart:
            counted = _counted(time.value, _relation_above(root, anchors), durations, True)
            if counted is not None:
                return counted, "clause"
        attached = [item for item in attached if item not in apart]
        if attached:
            return _day(_nearest(token, attached).value), "clause"
        if clause.dep_ not in _SHARING or _set_apart(clause) or clause.head.i == clause.i:
            break
        clause = clause.head
        anchors = {clause.i}
    others = [(time, root) for time, root in found if not _names_an_argument(root, {token.i})]
    if others:
        # A time of the saying or of a clause set apart dates another event: the last resort.
        def elsewhere(root: Token) -> bool:
            return (
                _of_the_saying(token, root)
                or _said_when(root, token)
                or _in_clause_set_apart(root, token)
            )

        return _day(_nearest(token, others, elsewhere).value), "sentence"
    if published is not None:
        return published.isoformat(), "article"
    return None, None


def _in_reach(token: Token, times: Sequence[Time], dateline_end: int) -> list[tuple[Time, Token]]:
    """Times of the trigger's sentence and line, each with the token it hangs from."""
    doc = token.doc
    text = doc_text(doc)
    sent = sentence_of(token)
    start = max(sent.start_char, dateline_end, text.rfind("\n", 0, token.idx) + 1)
    line_end = text.find("\n", token.idx)
    end = sent.end_char if line_end < 0 else min(sent.end_char, line_end)
    found: list[tuple[Time, Token]] = []
    for time in times:
        if time.value and start <= time.start < end:
            span = char_span(doc, time.start, time.end)
            if span is not None:
                found.append((time, span.root))
    return found


def _candidates(reach: list[tuple[Time, Token]]) -> list[tuple[Time, Token]]:
    """Dated times among those in reach of the trigger."""
    return [
        (time, root)
        for time, root in reach
        if time.type in _DATED_TYPES and time.value is not None and time.value[:1].isdigit()
    ]


def _durations(reach: list[tuple[Time, Token]]) -> dict[int, str]:
    """Durations among the times in reach of the trigger, by the token they hang from
    ("six years")."""
    return {
        root.i: time.value
        for time, root in reach
        if time.type == "DURATION" and time.value is not None
    }


def _modifies_noun(root: Token) -> bool:
    return root.dep_ in _NOUN_MODIFIERS and root.head.pos_ in _NOUNS and root.head.i != root.i


def _climbs_to(node: Token, anchors: set[int]) -> bool:
    """Whether climbing from ``node`` reaches an anchor without crossing another verb."""
    start = node.i
    while node.i not in anchors:
        if node.head.i == node.i or (node.pos_ == "VERB" and node.i != start):
            return False
        node = node.head
    return True


def _sets_the_scene(noun: Token, anchors: set[int]) -> bool:
    """Whether ``noun`` is the event's subject or the object of one of its prepositions: the
    time of "the Aug. 7 bombings killed" and "injured in the 1998 bombing" is the event's."""
    if noun.dep_ in _SUBJECTS:
        return noun.head.i in anchors
    return noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.i in anchors


def _attached(root: Token, anchors: set[int]) -> bool:
    if (
        _modifies_noun(root)
        and root.head.i not in anchors
        and not _sets_the_scene(root.head, anchors)
    ):
        return False
    return _climbs_to(root, anchors)


def _names_an_argument(root: Token, anchors: set[int]) -> bool:
    """A time that modifies another noun of the trigger's clause, its object or deeper
    ("criticized the 2014 agreement", "charged with murder in the 1995 shooting")."""
    return (
        _modifies_noun(root)
        and root.head.i not in anchors
        and not _sets_the_scene(root.head, anchors)
        and _climbs_to(root.head, anchors)
    )


def _relation_above(root: Token, anchors: set[int]) -> Token | None:
    """The before/after word on the way from a time up to the event, when the time is not its
    own object ("before the vote on 8 November", not "after 2010")."""
    for node in root.ancestors:
        if node.i in anchors:
            return None
        if time_relations().get(node.lower_) in {"before", "after"} and root.head.i != node.i:
            return node
    return None


def _counted_from_head(
    clause: Token, found: list[tuple[Time, Token]], durations: dict[int, str]
) -> str | None:
    """The date of an event a duration places before or after its head clause's time ("visited
    on Wednesday, six years after she was released")."""
    relation = next(
        (
            c
            for c in clause.children
            if c.dep_ in {"mark", "prep"} and time_relations().get(c.lower_) in {"before", "after"}
        ),
        None,
    )
    head = clause.head
    if (
        relation is None
        and clause.dep_ in {"pobj", "pcomp"}
        and clause.head.dep_ == "prep"
        and time_relations().get(clause.head.lower_) in {"before", "after"}
    ):
        relation, head = clause.head, clause.head.head
    if relation is None or head.i == clause.i:
        return None
    anchored = [
        time
        for time, root in found
        if _attached(root, {head.i}) and _relation_above(root, {head.i}) is None
    ]
    if not anchored:
        return None
    return _counted(anchored[0].value, relation, durations, False, clause)


def _counted(
    anchor: str | None,
    relation: Token | None,
    durations: dict[int, str],
    from_other: bool,
    clause: Token | None = None,
) -> str | None:
    """``anchor`` moved by the duration on ``relation`` (or on ``clause``). ``from_other`` says
    the anchor is the time of the event the relation introduces ("two weeks before the vote
    on 8 November"), else that of the clause the relation hangs from ("on Wednesday, six
    years after she was released")."""
    if anchor is None or relation is None:
        return None
    holders = [relation] if clause is None else [relation, clause]
    duration = next((durations[c.i] for h in holders for c in h.children if c.i in durations), None)
    if duration is None:
        return None
    introduced_first = time_relations()[relation.lower_] == "before"
    return shift(anchor, duration, forward=introduced_first == from_other)


def shift(value: str, duration: str, forward: bool) -> str | None:
    """A TIMEX3 date moved by a whole duration, at the duration's granularity ("2016-09-14"
    back "P6Y" is "2010"); None when the date is too coarse or either value is unusual."""
    amount = _WHOLE_DURATION.match(duration)
    point = _CALENDAR.match(value)
    if amount is None or point is None:
        return None
    count = int(amount.group(1)) * (1 if forward else -1)
    unit = amount.group(2)
    year = int(point.group(1))
    month, day = (int(g) if g else None for g in point.groups()[1:])
    if unit == "Y":
        return f"{year + count:04d}"
    if month is None:
        return None
    if unit == "M":
        months = year * 12 + month - 1 + count
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    if day is None:
        return None
    moved = date(year, month, day) + timedelta(days=count * (7 if unit == "W" else 1))
    if unit == "W":
        iso = moved.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    return moved.isoformat()


def _set_apart(clause: Token) -> bool:
    """Whether a clause is opened by a word placing it before or after another event."""
    relations = time_relations()
    if clause.dep_ == "pcomp" and clause.head.lower_ in relations:
        return True
    return any(c.dep_ in {"mark", "prep"} and c.lower_ in relations for c in clause.children)


def _in_clause_set_apart(root: Token, token: Token) -> bool:
    """Whether the time sits in a clause set apart that does not hold the trigger."""
    above_trigger = {token.i, *(a.i for a in token.ancestors)}
    for node in root.ancestors:
        if node.i in above_trigger:
            return False
        if node.pos_ in {"VERB", "AUX"} and _set_apart(node):
            return True
    return False


def _of_the_saying(token: Token, root: Token) -> bool:
    """Whether the time hangs from a verb the trigger is reported under ("said Wednesday
    that ..."): it sits above the first clausal complement on the trigger's way up."""
    node = token
    while node.head.i != node.i and node.dep_ != "ccomp":
        node = node.head
    if node.dep_ != "ccomp":
        return False
    saying = node.head
    below = {d.i for d in node.subtree}
    return root.i not in below and (root.i == saying.i or saying.i in {a.i for a in root.ancestors})


def _said_when(root: Token, token: Token) -> bool:
    """Whether the time is an adverbial of a verb of saying other than the trigger ("..., the
    agency said on Tuesday"), however the parser attached that verb."""
    node = root.head.head if root.dep_ == "pobj" and root.head.dep_ == "prep" else root.head
    return node.pos_ == "VERB" and node.i != token.i and node.lemma_.lower() in quote_lexicon().cues


def _nearest(
    token: Token,
    found: list[tuple[Time, Token]],
    elsewhere: Callable[[Token], bool] = lambda root: False,
) -> Time:
    """The time closest to the trigger in the tree, those under the trigger first and those
    ``elsewhere`` says date another event last."""
    above = {a.i: n for n, a in enumerate([token, *token.ancestors])}

    def rank(item: tuple[Time, Token]) -> tuple[bool, bool, int, int]:
        time, root = item
        late = elsewhere(root)
        for climbed, node in enumerate([root, *root.ancestors]):
            if node.i in above:
                return late, node.i != token.i, climbed + above[node.i], time.start
        return late, True, len(above) + len(list(root.ancestors)), time.start

    return min(found, key=rank)[0]


def _day(value: str | None) -> str | None:
    if value is None:
        return None
    part = _PART_OF_DAY.match(value)
    return part.group(1) if part else value
