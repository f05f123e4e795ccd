"""Which reports describe the same real-world event, and what the merged event says.

Two reports are *linked* when every criterion holds (:func:`linked`). Reports are grouped in
two steps, both functions of the set of reports alone, never of arrival order:

1. the connected components of the link graph (what :mod:`eventwire.store.corpus` re-derives
   around new reports), then
2. within a component, reports taken in canonical order (:func:`canonical`) each join the
   first group all of whose members they are linked to, else start a group. Requiring a link
   to every member keeps a chain of near-misses (the 15th linked to the 18th linked to the
   21st) from becoming one event.

A corpus event's id comes from its earliest report in canonical order.

Independent sources: reports are joined when they share an article, an outlet (any case) or
an attributed speaker (any case); ``n_sources`` is the number of groups. Two outlets repeating
one ministry's statement are one source, and so is one outlet's two articles.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
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


def _actors_agree(a: Report, b: Report, rules: MergeRules) -> bool:
    if a.type in rules.symmetric and b.type in rules.symmetric:
        return bool(_overlap(a.sources + a.targets, b.sources + b.targets))
    sides = (_overlap(a.sources, b.sources), _overlap(a.targets, b.targets))
    # No known side may contradict, and at least one side must actually be shared.
    return False not in sides and True in sides


def _places_agree(a: Report, b: Report, rules: MergeRules) -> bool:
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= rules.max_km
    # Without coordinates only known, different countries block; a missing place never does.
    return a.country is None or b.country is None or a.country == b.country


def linked(a: Report, b: Report, rules: MergeRules) -> bool:
    """Whether ``a`` and ``b`` may report the same real-world event."""
    if a.key == b.key or b.type not in rules.types_for(a.type):
        return False
    gap = _gap_days(a, b)
    if gap is None or gap > rules.max_days:
        return False
    if a.article == b.article and gap > 0:
        return False  # the article itself tells them apart by date
    return _places_agree(a, b, rules) and _actors_agree(a, b, rules)


GROUP_CHECK = 12


def group(reports: Iterable[Report], rules: MergeRules) -> list[list[Report]]:
    """Reports (one component) in groups, each in canonical order (see the module doc)."""
    groups: list[list[Report]] = []
    for report in sorted(reports, key=canonical):
        for members in groups:
            # The earliest members stand for the group: checking all of them made one
            # event reported thousands of times cost quadratic time.
            if all(linked(report, member, rules) for member in members[:GROUP_CHECK]):
                members.append(report)
                break
        else:
            groups.append([report])
    return groups


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


def _most_common(values: list[Any]) -> Any:
    # Counter keeps first-seen order among equals: ties go to the earliest report.
    return Counter(values).most_common(1)[0][0] if values else None


def count_sources(reports: Sequence[Report]) -> int:
    """Independent sources among ``reports`` (the rule is in the module doc)."""
    parent = list(range(len(reports)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, report in enumerate(reports):
        keys = [f"article:{report.article}"]
        if report.outlet:
            keys.append(f"outlet:{report.outlet.casefold()}")
        if report.attributed_to:
            keys.append(f"speaker:{report.attributed_to.casefold()}")
        for key in keys:
            if key in owner:
                parent[root(i)] = root(owner[key])
            else:
                owner[key] = i
    return len({root(i) for i in range(len(reports))})


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
    placed = [r for r in reports if r.place is not None]
    with_coordinates = [r for r in placed if r.lat is not None and r.lon is not None]
    name = _most_common([r.place for r in (with_coordinates or placed)])
    where = next((r for r in (with_coordinates or placed) if r.place == name), None)
    return CorpusEvent(
        id=corpus_id(reports[0]),
        type=_most_common([r.type for r in reports]),
        date=_most_common([r.date for r in reports if r.date is not None]),
        day=reports[0].day_lo,
        place=where.place if where else None,
        country=where.country if where else None,
        lat=where.lat if where else None,
        lon=where.lon if where else None,
        n_sources=count_sources(reports),
        reports=reports,
        disagreements=disagreements(reports),
    )
