"""Which reports describe the same real-world event, and what the merged event says.

Two reports are *linked* when every criterion holds (:func:`linked`). A corpus event is built
one report at a time: a report joins an event when it is linked to each of the event's
*representatives* (its first :data:`REPS` reports in canonical order, :func:`canonical`) and
its place fits the event's place (:func:`accepts`); of several such events it joins the one
whose earliest report comes first, else it starts an event. Requiring a link to every
representative keeps a chain of near-misses (the 15th linked to the 18th linked to the 21st)
from becoming one event, and checking the event's place keeps reports without a place from
bridging two cities.

:func:`group` applies this to reports taken in canonical order: a function of the set of
reports alone. The store (:mod:`eventwire.store.corpus`) applies the same step to each report
as it arrives, so its grouping equals :func:`group` when reports arrive in canonical order
(and always after a rebuild); see there for what it guarantees otherwise.

A corpus event's id comes from its earliest report in canonical order.

Independent sources: reports are joined when they share an article, an outlet (any case) or
an attributed speaker (any case); ``n_sources`` is the number of groups. Two outlets repeating
one ministry's statement are one source, and so is one outlet's two articles.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from eventwire.corpus.reports import CASUALTY_KINDS, ActorKey, Report, day_range, haversine_km
from eventwire.corpus.rules import MergeRules

# Distinct place names closer than this are one place named two ways (a city and its
# district), not a disagreement.
_SAME_PLACE_KM = 25.0
_LAST = "9999-12-31"


def canonical(report: Report) -> tuple[str, str, str, str]:
    """The order reports are grouped in: earliest day, earliest publication, then ids."""
    return (report.day_lo or _LAST, report.published or _LAST, report.article, report.event)


def corpus_id(earliest: Report) -> str:
    """The id of the corpus event whose earliest report is ``earliest``."""
    digest = hashlib.sha256(f"{earliest.article}\x1f{earliest.event}".encode()).hexdigest()
    return f"C{digest[:16]}"


def _gap_days(a: Report, b: Report) -> int | None:
    if not (a.day_lo and a.day_hi and b.day_lo and b.day_hi):
        return None
    lo_a, hi_a = date.fromisoformat(a.day_lo), date.fromisoformat(a.day_hi)
    lo_b, hi_b = date.fromisoformat(b.day_lo), date.fromisoformat(b.day_hi)
    return max(0, (lo_b - hi_a).days, (lo_a - hi_b).days)


def _same_actor(a: ActorKey, b: ActorKey) -> bool:
    if a[0].casefold() == b[0].casefold():
        return True
    # A missing sector is unknown, not different: "Russian" (RUS) is "Russia" (RUS, GOV).
    return a[1] is not None and a[1] == b[1] and (a[2] is None or b[2] is None or a[2] == b[2])


def _overlap(a: Sequence[ActorKey], b: Sequence[ActorKey]) -> bool | None:
    """Whether two actor lists share an actor; None when either is empty (unknown)."""
    if not a or not b:
        return None
    return any(_same_actor(x, y) for x in a for y in b)


def _actors_agree(a: Report, b: Report, rules: MergeRules, *, strict: bool = False) -> bool:
    if a.type in rules.symmetric and b.type in rules.symmetric:
        return bool(_overlap(a.sources + a.targets, b.sources + b.targets))
    sides = (_overlap(a.sources, b.sources), _overlap(a.targets, b.targets))
    if strict:
        return sides == (True, True)
    # No known side may contradict, and at least one side must actually be shared.
    return False not in sides and True in sides


def _has_place(report: Report) -> bool:
    return report.place is not None or report.country is not None


def _places_agree(a: Report, b: Report, rules: MergeRules) -> bool:
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= rules.max_km
    # Without coordinates only known, different countries block.
    return a.country is None or b.country is None or a.country == b.country


def linked(a: Report, b: Report, rules: MergeRules) -> bool:
    """Whether ``a`` and ``b`` may report the same real-world event.

    Same or compatible type, dates within ``max_days``, places within ``max_km`` (or the same
    country), and shared actors with none contradicting. When only one of the two has a place,
    nothing vouches for the place, so both sides (sources and targets) must be shared.
    """
    if a.key == b.key or b.type not in rules.types_for(a.type):
        return False
    gap = _gap_days(a, b)
    if gap is None or gap > rules.max_days:
        return False
    if a.article == b.article and gap > 0:
        return False  # the article itself tells them apart by date
    if not _places_agree(a, b, rules):
        return False
    return _actors_agree(a, b, rules, strict=_has_place(a) != _has_place(b))


# How many of an event's earliest reports a new report is checked against: checking all of
# them made one event reported thousands of times cost quadratic time.
REPS = 12


@dataclass(frozen=True)
class Place:
    """Where a corpus event happened, as merging compares it."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None


def place_fits(report: Report, place: Place | None, rules: MergeRules) -> bool:
    """Whether ``report``'s place is compatible with an event's ``place`` (a missing one is)."""
    if place is None or not _has_place(report):
        return True
    if (
        report.lat is not None and report.lon is not None
        and place.lat is not None and place.lon is not None
    ):
        return haversine_km(report.lat, report.lon, place.lat, place.lon) <= rules.max_km
    return report.country is None or place.country is None or report.country == place.country


def accepts(
    report: Report, reps: Iterable[Report], place: Place | None, rules: MergeRules
) -> bool:
    """Whether ``report`` may join the event of representatives ``reps`` and place ``place``.

    ``reps`` is consumed only until one fails, so it may be a lazy iterable.
    """
    return place_fits(report, place, rules) and all(linked(report, rep, rules) for rep in reps)


def sort_key(report: Report) -> str:
    """:func:`canonical` as one string that sorts the same way (for stored tallies)."""
    return "\x1f".join(canonical(report))


class Facts:
    """What a corpus event's reports say, kept as counts so one report updates it cheaply.

    The event's type and date are the most common over its reports, its place the most common
    name among reports with coordinates (else among reports with a place); ties go to the
    value whose first report comes first in canonical order.
    """

    def __init__(self, tallies: dict[str, dict[str, list[Any]]] | None = None) -> None:
        # field -> value -> [count, sort key of its first report, *details of that report]
        self.tallies: dict[str, dict[str, list[Any]]] = tallies or {
            "type": {}, "date": {}, "located": {}, "placed": {},
        }

    def _count(self, field_name: str, value: str, key: str, *details: Any) -> None:
        known = self.tallies[field_name].get(value)
        if known is None:
            self.tallies[field_name][value] = [1, key, *details]
            return
        known[0] += 1
        if key < known[1]:
            known[1:] = [key, *details]

    def add(self, report: Report) -> None:
        """Count ``report`` in."""
        key = sort_key(report)
        self._count("type", report.type, key)
        if report.date is not None:
            self._count("date", report.date, key)
        if report.place is not None:
            self._count("placed", report.place, key, report.country, report.lat, report.lon)
            if report.lat is not None and report.lon is not None:
                self._count("located", report.place, key, report.country, report.lat, report.lon)

    def _top(self, field_name: str) -> tuple[str, list[Any]] | None:
        tally = self.tallies[field_name]
        if not tally:
            return None
        return min(tally.items(), key=lambda item: (-item[1][0], item[1][1]))

    @property
    def type(self) -> str:
        """The most common type."""
        top = self._top("type")
        if top is None:
            raise ValueError("no report counted")
        return top[0]

    @property
    def date(self) -> str | None:
        """The most common date, None when no report has one."""
        top = self._top("date")
        return None if top is None else top[0]

    @property
    def place(self) -> Place | None:
        """The event's place, None when no report has one."""
        top = self._top("located") or self._top("placed")
        if top is None:
            return None
        _, _, country, lat, lon = top[1]
        return Place(top[0], country, lat, lon)

    def dumps(self) -> str:
        """The tallies as JSON (:meth:`loads` reads it back)."""
        return json.dumps(self.tallies, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def loads(cls, text: str) -> Facts:
        """The facts :meth:`dumps` wrote."""
        tallies: dict[str, dict[str, list[Any]]] = json.loads(text)
        return cls(tallies)


# The widest range a report's dates span (a 31-day month): how far before a report's first day
# an event's first day may lie and its range still reach within ``max_days``.
_MAX_SPAN_DAYS = 30


def day_window(report: Report, rules: MergeRules) -> tuple[str, str] | None:
    """The first days an event ``report`` may join can have; None when it joins none.

    The event's first day is its earliest representative's, which ``report`` must be linked to.
    """
    if report.day_lo is None or report.day_hi is None:
        return None
    low = date.fromisoformat(report.day_lo) - timedelta(days=rules.max_days + _MAX_SPAN_DAYS)
    high = date.fromisoformat(report.day_hi) + timedelta(days=rules.max_days)
    return low.isoformat(), high.isoformat()


def candidate_types(report: Report, rules: MergeRules) -> set[str]:
    """The types an event ``report`` may join can have.

    An event's type is its members' most common; each member's type is compatible with each
    representative's, and the report's with theirs: two steps of compatibility.
    """
    return {t for near in rules.types_for(report.type) for t in rules.types_for(near)}


class Grouping:
    """Corpus events built in memory from reports added in canonical order (the module doc).

    Events are indexed by each type among their reports and by first day, so a report is
    compared only with the events its date window and types allow.
    """

    def __init__(self, rules: MergeRules) -> None:
        self.rules = rules
        self.events: list[tuple[list[Report], Facts]] = []
        self._by_type: dict[str, list[tuple[str, int]]] = {}
        self._types: list[set[str]] = []

    def _index(self, n: int, report_type: str) -> None:
        if report_type not in self._types[n]:
            self._types[n].add(report_type)
            first = self.events[n][0][0].day_lo or ""
            bisect.insort(self._by_type.setdefault(report_type, []), (first, n))

    def add(self, report: Report) -> None:
        """Put ``report`` (no earlier in canonical order than those added) in an event."""
        window = day_window(report, self.rules)
        found: set[int] = set()
        if window is not None:
            for event_type in candidate_types(report, self.rules):
                days = self._by_type.get(event_type, [])
                start = bisect.bisect_left(days, (window[0], -1))
                stop = bisect.bisect_right(days, (window[1], len(self.events)))
                found.update(n for _, n in days[start:stop])
        for n in sorted(found):
            members, facts = self.events[n]
            if accepts(report, members[:REPS], facts.place, self.rules):
                members.append(report)
                facts.add(report)
                self._index(n, report.type)
                return
        facts = Facts()
        facts.add(report)
        self.events.append(([report], facts))
        self._types.append(set())
        self._index(len(self.events) - 1, report.type)


def group(reports: Iterable[Report], rules: MergeRules) -> list[list[Report]]:
    """Reports in corpus events, each in canonical order (see the module doc)."""
    grouping = Grouping(rules)
    for report in sorted(reports, key=canonical):
        grouping.add(report)
    return [members for members, _ in grouping.events]


def source_keys(report: Report) -> list[str]:
    """The keys that make two reports one source: article, outlet and speaker (any case)."""
    keys = [f"article:{report.article}"]
    if report.outlet:
        keys.append(f"outlet:{report.outlet.casefold()}")
    if report.attributed_to:
        keys.append(f"speaker:{report.attributed_to.casefold()}")
    return keys


@dataclass(frozen=True)
class CorpusEvent:
    """A merged real-world event: its reports (canonical order) and what they agree on."""

    id: str
    type: str
    date: str | None
    day: str | None
    place: str | None
    country: str | None
    lat: float | None
    lon: float | None
    n_sources: int
    reports: list[Report]
    disagreements: list[dict[str, Any]]

    @property
    def actor_names(self) -> tuple[list[str], list[str]]:
        """The distinct source and target names over its reports."""
        sources = dict.fromkeys(a[0] for r in self.reports for a in r.sources)
        targets = dict.fromkeys(a[0] for r in self.reports for a in r.targets)
        return list(sources), list(targets)

    @property
    def actor_countries(self) -> tuple[list[str], list[str]]:
        """The distinct source and target countries over its reports."""
        sources = dict.fromkeys(a[1] for r in self.reports for a in r.sources if a[1])
        targets = dict.fromkeys(a[1] for r in self.reports for a in r.targets if a[1])
        return list(sources), list(targets)


def source_components(reports: Iterable[Report]) -> dict[str, str]:
    """Each source key of ``reports`` (:func:`source_keys`) mapped to its component's label."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for report in reports:
        keys = source_keys(report)
        for key in keys:
            parent.setdefault(key, key)
        first = root(keys[0])
        for key in keys[1:]:
            parent[root(key)] = first
    return {key: root(key) for key in parent}


def count_sources(reports: Sequence[Report]) -> int:
    """Independent sources among ``reports`` (the rule is in the module doc)."""
    return len(set(source_components(reports).values()))


def _values(
    reports: Sequence[Report], value_of: Callable[[Report], Hashable | None]
) -> dict[Any, list[Report]]:
    by_value: dict[Any, list[Report]] = {}
    for report in reports:
        value = value_of(report)
        if value is not None:
            by_value.setdefault(value, []).append(report)
    return by_value


def _disagreement(field: str, by_value: dict[Any, list[Report]]) -> dict[str, Any]:
    return {
        "field": field,
        "values": [
            {
                "value": int(value) if isinstance(value, float) and value.is_integer() else value,
                "reports": [{"article": r.article, "event": r.event} for r in members],
            }
            for value, members in by_value.items()
        ],
    }


def _field(name: str) -> Callable[[Report], Hashable | None]:
    def value_of(report: Report) -> Hashable | None:
        value: Hashable | None = getattr(report, name)
        return value

    return value_of


def _apart(a: Report, b: Report) -> bool:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return True
    return haversine_km(a.lat, a.lon, b.lat, b.lon) > _SAME_PLACE_KM


def disagreements(reports: Sequence[Report]) -> list[dict[str, Any]]:
    """Fields whose values differ between reports: casualty figures, modality, date, place."""
    found = []
    for kind in CASUALTY_KINDS:
        figures = _values(reports, _field(kind))
        if len(figures) > 1:
            found.append(_disagreement(kind, figures))
    modalities = _values(reports, lambda r: r.modality)
    if len(modalities) > 1:
        found.append(_disagreement("modality", modalities))
    dates = _values(reports, lambda r: r.date)
    ranges = [day_range(value, None) for value in dates]
    # "2015-11-18" and "2015-W47" agree (one lies in the other); only disjoint dates differ.
    if any(
        a[0] and b[0] and a[1] and b[1] and (a[1] < b[0] or b[1] < a[0])
        for a in ranges
        for b in ranges
    ):
        found.append(_disagreement("date", dates))
    places = _values(reports, lambda r: r.place)
    firsts = [members[0] for members in places.values()]
    if any(_apart(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1 :]):
        found.append(_disagreement("place", places))
    return found


def summarize(members: Sequence[Report]) -> CorpusEvent:
    """The corpus event of one group of reports (any order)."""
    reports = sorted(members, key=canonical)
    facts = Facts()
    for report in reports:
        facts.add(report)
    where = facts.place
    return CorpusEvent(
        id=corpus_id(reports[0]),
        type=facts.type,
        date=facts.date,
        day=reports[0].day_lo,
        place=where.name if where else None,
        country=where.country if where else None,
        lat=where.lat if where else None,
        lon=where.lon if where else None,
        n_sources=count_sources(reports),
        reports=reports,
        disagreements=disagreements(reports),
    )
