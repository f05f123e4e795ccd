"""Corpus events in the store: kept up to date as articles arrive, queried like events.

Each new report takes one step of :mod:`eventwire.corpus.merge`: one indexed query finds the
candidate corpus events (compatible type, first day within the date window, a compatible
place; at most :data:`_MAX_CANDIDATES`, nearest days first) with their representatives (the
first :data:`eventwire.corpus.REPS` reports in canonical order, kept in the event's row), and
the report joins the accepting event whose earliest report comes first, or starts one.
Joining updates the event's row in place: its tallies (``facts``), representatives and counts,
and its source components (``corpus_sources``). A put therefore costs a bounded amount of work
per new report, however many reports the store or the event already holds.

What this guarantees: reports put in canonical order (each put sorts its own reports so)
are grouped exactly as :func:`eventwire.corpus.group` groups them, which is what
:func:`rebuild` computes from scratch. A report arriving after reports that come later in
canonical order joins the earliest event that accepts it as it stands; events already formed
are never split or re-formed for it, so such arrival orders can group differently until the
next rebuild. When links are unambiguous (a report is accepted by at most one event and every
member of an event accepts the others) every arrival order gives the rebuild's grouping. A
report whose article is replaced or removed makes its event stale: the event's remaining
reports are grouped again, with the new reports, in canonical order.

Disagreements are computed from an event's reports when it is read (the read loads them all
anyway), so joining never rewrites a list that grows with the event.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Float,
    Text,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    tuple_,
)
from sqlalchemy import (
    update as sql_update,
)

from eventwire.corpus import (
    REPS,
    Facts,
    Grouping,
    MergeRules,
    Place,
    Report,
    accepts,
    candidate_types,
    canonical,
    corpus_id,
    count_sources,
    day_window,
    disagreements,
    reports_of,
    source_components,
    source_keys,
)
from eventwire.model import Event, Record
from eventwire.store.derived import SEPARATOR, joined
from eventwire.store.direct import Direct
from eventwire.store.queries import EventFilter, shared_conditions
from eventwire.store.schema import (
    articles,
    corpus_events,
    corpus_reports,
    corpus_sources,
    events,
)

# Corpus events considered per new report. A busy window (hundreds of events of one type)
# must not make every insert read all of them; the nearest days come first.
_MAX_CANDIDATES = 64
_CHUNK = 500
_BATCH = 200
_KM_PER_DEGREE = 111.0


@dataclass(frozen=True)
class CorpusReportRow:
    """One report of a corpus event, with its event and its article's title and outlet."""

    article: str
    title: str | None
    outlet: str | None
    published: str | None
    killed: float | None
    wounded: float | None
    event: Event


@dataclass(frozen=True)
class CorpusEventRow:
    """A stored corpus event with its reports in canonical order."""

    id: str
    type: str
    date: str | None
    day: str | None
    place: str | None
    country: str | None
    lat: float | None
    lon: float | None
    n_sources: int
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    reports: list[CorpusReportRow] = field(default_factory=list)


def _report_row(report: Report, corpus: str | None = None) -> dict[str, Any]:
    return {
        "article_id": report.article,
        "event_id": report.event,
        "corpus_id": corpus,
        "type": report.type,
        "modality": report.modality,
        "date": report.date,
        "day_lo": report.day_lo,
        "day_hi": report.day_hi,
        "place": report.place,
        "country": report.country,
        "lat": report.lat,
        "lon": report.lon,
        "outlet": report.outlet,
        "published": report.published,
        "attributed_to": report.attributed_to,
        "killed": report.killed,
        "wounded": report.wounded,
        "actors": json.dumps([report.sources, report.targets], ensure_ascii=False),
    }


def _report(row: Any, actors: bool = True) -> Report:
    """The report of a ``corpus_reports`` row; ``actors=False`` leaves its actor lists empty
    (the row need not hold them) for callers that order and compare reports without them."""
    sources, targets = json.loads(row.actors) if actors else ((), ())
    return Report(
        article=row.article_id, event=row.event_id, type=row.type, modality=row.modality,
        date=row.date, day_lo=row.day_lo, day_hi=row.day_hi, place=row.place,
        country=row.country, lat=row.lat, lon=row.lon, outlet=row.outlet,
        published=row.published, attributed_to=row.attributed_to, killed=row.killed,
        wounded=row.wounded,
        sources=tuple(tuple(a) for a in sources), targets=tuple(tuple(a) for a in targets),
    )


def _candidate_query(one_type: bool) -> Any:
    """Corpus events a report may join: type, first day and a place prefilter, all bound.

    With ``one_type``, the type is one parameter, ``type``; else a list, ``types``.
    """
    c = corpus_events.c
    # Whether the report has coordinates, as a flag: PostgreSQL cannot type a bare "NULL IS
    # NULL" parameter, while a boolean compared with IS is typed.
    located = bindparam("located", type_=Boolean)
    country = bindparam("country", type_=Text)
    # A superset of eventwire.corpus.place_fits on the event's stored place.
    place = or_(
        c.place.is_(None),
        bindparam("placed", type_=Boolean).is_(False),
        and_(
            located.is_(True), c.lat.is_not(None),
            c.lat.between(bindparam("lat_lo", type_=Float), bindparam("lat_hi", type_=Float)),
            c.lon.between(bindparam("lon_lo", type_=Float), bindparam("lon_hi", type_=Float)),
        ),
        and_(
            or_(located.is_(False), c.lat.is_(None)),
            or_(country.is_(None), c.country.is_(None), c.country == country),
        ),
    )
    kind = (
        c.type == bindparam("type")
        if one_type
        else c.type.in_(bindparam("types", expanding=True))
    )
    return (
        select(corpus_events)
        .where(
            kind,
            c.day.between(bindparam("low", type_=Text), bindparam("high", type_=Text)),
            place,
        )
        # NULLS LAST: a backward scan of the (type, day NULLS FIRST, ...) index gives it, so
        # PostgreSQL sorts only within a day (SQLite's DESC is NULLS LAST already). The day
        # range leaves no NULL, so the order is the same either way.
        .order_by(c.day.desc().nulls_last(), c.id)
        .limit(_MAX_CANDIDATES)
    )


# Most types merge with no other type: their query needs no list, whose expansion into the
# SQL text costs more than the query itself, and runs on the driver's cursor (see direct).
_CANDIDATES_OF_TYPE = Direct(_candidate_query(one_type=True))
_CANDIDATES = _candidate_query(one_type=False)


def _candidates(connection: Connection, report: Report, rules: MergeRules) -> list[Any]:
    """Corpus events ``report`` may join: one indexed query on type and first day."""
    window = day_window(report, rules)
    if window is None:
        return []
    reach = rules.max_km / _KM_PER_DEGREE
    lon_reach = 360.0
    if report.lat is not None and report.lon is not None:
        cosine = math.cos(math.radians(report.lat))
        # Near the poles or the antimeridian a longitude window would wrap: latitude only.
        if cosine > 0.1 and abs(report.lon) + reach / cosine < 180:
            lon_reach = reach / cosine
    lat, lon = report.lat or 0.0, report.lon or 0.0
    params = {
        "low": window[0],
        "high": window[1],
        "placed": report.place is not None or report.country is not None,
        "located": report.lat is not None and report.lon is not None,
        "country": report.country,
        "lat_lo": lat - reach, "lat_hi": lat + reach,
        "lon_lo": lon - lon_reach, "lon_hi": lon + lon_reach,
    }
    types = sorted(candidate_types(report, rules))
    if len(types) == 1:
        return _CANDIDATES_OF_TYPE.rows(connection, {"type": types[0], **params})
    return list(connection.execute(_CANDIDATES, {"types": types, **params}))


def _reps(event: Any) -> list[Report]:
    """The representatives stored with ``event`` (canonical order)."""
    return [Report.from_values(values) for values in json.loads(event.reps)]


def _dump_reps(reps: list[Report]) -> str:
    return json.dumps([r.values() for r in reps], ensure_ascii=False, separators=(",", ":"))


def _names(stored: str | None, adding: Iterable[str | None]) -> str | None:
    return joined([*(stored.split(SEPARATOR) if stored else []), *adding])


def _place_columns(facts: Facts) -> dict[str, Any]:
    where = facts.place
    return {
        "place": where.name if where else None, "country": where.country if where else None,
        "lat": where.lat if where else None, "lon": where.lon if where else None,
    }


# The statements of one step, built once: a put runs them for every new report. A report has
# at most this many source keys (article, outlet, speaker: see source_keys).
_MAX_KEYS = 3
_SOURCE_KEYS = Direct(
    select(corpus_sources.c.key, corpus_sources.c.component).where(
        corpus_sources.c.corpus_id == bindparam("c"),
        corpus_sources.c.key.in_([bindparam(f"k{n}") for n in range(_MAX_KEYS)]),
    )
)
_INSERT_SOURCES = Direct(insert(corpus_sources), ["corpus_id", "key", "component"])
_RELABEL = (
    sql_update(corpus_sources)
    .where(
        corpus_sources.c.corpus_id == bindparam("c"),
        corpus_sources.c.component.in_(bindparam("old", expanding=True)),
    )
    .values(component=bindparam("root"))
)
_ASSIGN = (
    sql_update(corpus_reports)
    .where(
        corpus_reports.c.article_id == bindparam("a"),
        corpus_reports.c.event_id == bindparam("e"),
    )
    .values(corpus_id=bindparam("c"))
)
# Every column but the id, in the order of the table.
_EVENT_COLUMNS = [column.name for column in corpus_events.c if column.name != "id"]
_INSERT_EVENT = Direct(insert(corpus_events), ["id", *_EVENT_COLUMNS])
_UPDATE_EVENT = Direct(
    sql_update(corpus_events).where(corpus_events.c.id == bindparam("target")), _EVENT_COLUMNS
)


def _keys_of(keys: list[str]) -> dict[str, str]:
    """``keys`` as the parameters of :data:`_SOURCE_KEYS`, the last repeated to fill them."""
    if not 0 < len(keys) <= _MAX_KEYS:
        raise ValueError(f"a report has 1 to {_MAX_KEYS} source keys, got {len(keys)}")
    return {f"k{n}": keys[min(n, len(keys) - 1)] for n in range(_MAX_KEYS)}


def _add_sources(connection: Connection, corpus: str, report: Report) -> int:
    """Put ``report``'s source keys in ``corpus``'s components; the change in their number."""
    keys = source_keys(report)
    rows = _SOURCE_KEYS.rows(connection, {"c": corpus, **_keys_of(keys)})
    touched = sorted({row.component for row in rows})
    root = touched[0] if touched else keys[0]
    if len(touched) > 1:
        connection.execute(_RELABEL, {"c": corpus, "old": touched[1:], "root": root})
    known = {row.key for row in rows}
    fresh = [{"corpus_id": corpus, "key": k, "component": root} for k in keys if k not in known]
    _INSERT_SOURCES.run_many(connection, fresh)
    return 1 - len(touched)


# Assignments of reports to corpus events, written in one statement per put: (article id,
# event id) -> corpus id.
Pending = dict[tuple[str, str], str]


def _flush(connection: Connection, pending: Pending) -> None:
    if pending:
        rows = [{"a": a, "e": e, "c": c} for (a, e), c in pending.items()]
        connection.execute(_ASSIGN, rows)
        pending.clear()


def _event_row(members: list[Report], facts: Facts) -> dict[str, Any]:
    """The ``corpus_events`` row of ``members`` (canonical order) and their ``facts``."""
    return {
        "id": corpus_id(members[0]), "type": facts.type, "date": facts.date,
        "day": members[0].day_lo, **_place_columns(facts),
        "source_names": joined(a[0] for r in members for a in r.sources),
        "target_names": joined(a[0] for r in members for a in r.targets),
        "source_countries": joined(a[1] for r in members for a in r.sources),
        "target_countries": joined(a[1] for r in members for a in r.targets),
        "n_reports": len(members), "n_sources": count_sources(members),
        "facts": facts.dumps(), "reps": _dump_reps(members[:REPS]),
    }


def _source_rows(corpus: str, members: list[Report]) -> list[dict[str, Any]]:
    return [
        {"corpus_id": corpus, "key": key, "component": label}
        for key, label in source_components(members).items()
    ]


def _start(connection: Connection, report: Report, pending: Pending) -> None:
    facts = Facts()
    facts.add(report)
    row = _event_row([report], facts)
    _INSERT_EVENT.run(connection, row)
    _INSERT_SOURCES.run_many(connection, _source_rows(row["id"], [report]))
    pending[report.key] = row["id"]


def _rename(connection: Connection, old: str, new: str, pending: Pending) -> None:
    """Give corpus event ``old`` the id ``new`` (its earliest report changed)."""
    _flush(connection, pending)
    for table in (corpus_reports, corpus_sources):
        connection.execute(
            sql_update(table).where(table.c.corpus_id == old).values(corpus_id=new)
        )
    connection.execute(
        sql_update(corpus_events).where(corpus_events.c.id == old).values(id=new)
    )


def _join(
    connection: Connection, report: Report, event: Any, reps: list[Report], pending: Pending
) -> None:
    corpus = event.id
    if canonical(report) < canonical(reps[0]):
        corpus = corpus_id(report)
        _rename(connection, event.id, corpus, pending)
    stored_reps = event.reps
    if len(reps) < REPS or canonical(report) < canonical(reps[-1]):
        reps = sorted([*reps, report], key=canonical)[:REPS]
        stored_reps = _dump_reps(reps)
    facts = Facts.loads(event.facts)
    facts.add(report)
    pending[report.key] = corpus
    delta = _add_sources(connection, corpus, report)
    _UPDATE_EVENT.run(connection, {
        "target": corpus, "type": facts.type, "date": facts.date, "day": reps[0].day_lo,
        **_place_columns(facts),
        "source_names": _names(event.source_names, (a[0] for a in report.sources)),
        "target_names": _names(event.target_names, (a[0] for a in report.targets)),
        "source_countries": _names(event.source_countries, (a[1] for a in report.sources)),
        "target_countries": _names(event.target_countries, (a[1] for a in report.targets)),
        "n_reports": event.n_reports + 1, "n_sources": event.n_sources + delta,
        "facts": facts.dumps(), "reps": stored_reps,
    })


class _Reps:
    """The representatives of corpus events as read during one put, parsed once each.

    Keyed by the stored JSON itself, so an event whose representatives changed is parsed
    anew; consecutive reports of a put mostly meet the same candidates.
    """

    def __init__(self) -> None:
        self._parsed: dict[str, list[Report]] = {}

    def of(self, event: Any) -> list[Report]:
        """The representatives stored with ``event`` (canonical order)."""
        found = self._parsed.get(event.reps)
        if found is None:
            found = self._parsed[event.reps] = _reps(event)
        return found


def _attach(
    connection: Connection, report: Report, rules: MergeRules, pending: Pending, reps: _Reps
) -> None:
    """Put the stored, unassigned ``report`` in a corpus event (see the module doc)."""
    best: tuple[tuple[str, str, str, str], Any] | None = None
    for event in _candidates(connection, report, rules):
        place = None
        if event.place is not None:
            place = Place(event.place, event.country, event.lat, event.lon)
        stored = reps.of(event)
        if not accepts(report, stored, place, rules):
            continue
        first = canonical(stored[0])
        if best is None or first < best[0]:
            best = (first, event)
    if best is None:
        _start(connection, report, pending)
    else:
        _join(connection, report, best[1], reps.of(best[1]), pending)


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def forget(connection: Connection, article_ids: Sequence[str]) -> set[str]:
    """Remove the reports of ``article_ids``; the ids of the corpus events they were in."""
    stale: set[str] = set()
    for chunk in _chunks(list(article_ids)):
        where = corpus_reports.c.article_id.in_(chunk)
        found = connection.scalars(select(corpus_reports.c.corpus_id).where(where))
        stale |= {corpus_id for corpus_id in found if corpus_id is not None}
        connection.execute(delete(corpus_reports).where(where))
    return stale


def _dissolve(connection: Connection, stale: set[str]) -> list[Report]:
    """Delete the corpus events ``stale``; their remaining reports, now unassigned."""
    left: list[Report] = []
    for chunk in _chunks(sorted(stale)):
        where = corpus_reports.c.corpus_id.in_(chunk)
        left += [_report(row) for row in connection.execute(select(corpus_reports).where(where))]
        connection.execute(sql_update(corpus_reports).where(where).values(corpus_id=None))
        connection.execute(delete(corpus_events).where(corpus_events.c.id.in_(chunk)))
        connection.execute(delete(corpus_sources).where(corpus_sources.c.corpus_id.in_(chunk)))
    return left


def update(
    connection: Connection, records: Sequence[Record], stale: set[str], rules: MergeRules
) -> None:
    """Add the reports of ``records`` to corpus events, and group again those of ``stale``.

    ``stale`` holds the ids of corpus events that lost reports (see :func:`forget`); their
    remaining reports are grouped again with the new ones, all in canonical order.
    """
    new = [report for record in records for report in reports_of(record)]
    for chunk in _chunks([_report_row(report) for report in new]):
        connection.execute(insert(corpus_reports), chunk)
    pending: Pending = {}
    reps = _Reps()
    for report in sorted([*_dissolve(connection, stale), *new], key=canonical):
        _attach(connection, report, rules, pending, reps)
    _flush(connection, pending)


def rebuild(connection: Connection, rules: MergeRules) -> None:
    """Recompute every corpus event from the stored records: :func:`eventwire.corpus.group`.

    Grouped in memory (:class:`eventwire.corpus.Grouping`) and written in bulk. Unlike a put,
    it compares each report with every event its window and types allow, not at most
    :data:`_MAX_CANDIDATES`: the two differ only where more events than that pass the place
    prefilter in one window.
    """
    for table in (corpus_reports, corpus_events, corpus_sources):
        connection.execute(delete(table))
    reports: list[Report] = []
    after = ""
    while True:
        query = (
            select(articles.c.id, articles.c.record)
            .where(articles.c.id > after)
            .order_by(articles.c.id)
            .limit(_BATCH)
        )
        batch = list(connection.execute(query))
        if not batch:
            break
        found = [r for row in batch for r in reports_of(Record.model_validate_json(row.record))]
        reports += found
        after = batch[-1].id
    grouping = Grouping(rules)
    for report in sorted(reports, key=canonical):
        grouping.add(report)
    assigned: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    for members, facts in grouping.events:
        row = _event_row(members, facts)
        rows.append(row)
        sources += _source_rows(row["id"], members)
        assigned += [_report_row(report, row["id"]) for report in members]
    for table, values in ((corpus_events, rows), (corpus_sources, sources),
                          (corpus_reports, assigned)):
        for chunk in _chunks(values):
            connection.execute(insert(table), chunk)


def needs_rebuild(connection: Connection) -> bool:
    """Whether events are stored but no reports (a store upgraded from before corpus events)."""
    has_events = connection.scalar(select(events.c.event_id).limit(1)) is not None
    has_reports = connection.scalar(select(corpus_reports.c.event_id).limit(1)) is not None
    return has_events and not has_reports


def _has_report(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(corpus_reports.c.corpus_id == corpus_events.c.id, *conditions)


def conditions(f: EventFilter, min_sources: int | None = None) -> list[ColumnElement[bool]]:
    """WHERE conditions on ``corpus_events`` for the event filters ``f``."""
    where = shared_conditions(corpus_events.c, f)
    if f.modality is not None:
        where.append(_has_report(corpus_reports.c.modality == f.modality))
    if f.source is not None:
        where.append(_has_report(func.lower(corpus_reports.c.outlet) == f.source.lower()))
    if f.article is not None:
        where.append(_has_report(corpus_reports.c.article_id == f.article))
    if f.articles is not None:
        where.append(_has_report(corpus_reports.c.article_id.in_(list(f.articles))))
    if min_sources is not None:
        where.append(corpus_events.c.n_sources >= min_sources)
    return where


def _after(day: str, corpus: str) -> ColumnElement[bool]:
    """Events after (``day``, ``corpus``) in list order; '' stands for no day (first)."""
    c = corpus_events.c
    if day == "":
        return or_(c.day.is_not(None), and_(c.day.is_(None), c.id > corpus))
    return tuple_(c.day, c.id) > tuple_(day, corpus)


def list_corpus_events(
    connection: Connection,
    f: EventFilter,
    limit: int,
    after: tuple[str, str] | None,
    min_sources: int | None = None,
    corpus: str | None = None,
) -> list[CorpusEventRow]:
    """Up to ``limit`` corpus events matching ``f``, by (day, id), after ``after``.

    Undated events come first. The order is the (day, id) index's own, so a page reads only
    its rows: SQLite sorts NULL first ascending; PostgreSQL is told to, here and in its
    indexes (revision 0004e).
    """
    c = corpus_events.c
    # Not the tallies and representatives: merging needs them, a listing does not.
    query = select(
        c.id, c.type, c.date, c.day, c.place, c.country, c.lat, c.lon, c.n_sources
    ).where(*conditions(f, min_sources))
    if corpus is not None:
        query = query.where(corpus_events.c.id == corpus)
    if after is not None:
        query = query.where(_after(*after))
    day = corpus_events.c.day
    first = day if connection.dialect.name == "sqlite" else day.nulls_first()
    query = query.order_by(first, corpus_events.c.id).limit(limit)
    found = [
        CorpusEventRow(
            id=row.id, type=row.type, date=row.date, day=row.day, place=row.place,
            country=row.country, lat=row.lat, lon=row.lon, n_sources=row.n_sources,
        )
        for row in connection.execute(query)
    ]
    reports = _reports_of(connection, [row.id for row in found])
    for row in found:
        members = reports.get(row.id, [])
        row.reports.extend(report for _, report in members)
        row.disagreements.extend(disagreements([merged for merged, _ in members]))
    return found


_LISTED_REPORT_COLUMNS = [column for column in corpus_reports.c if column.name != "actors"]


def _reports_of(
    connection: Connection, ids: list[str]
) -> dict[str, list[tuple[Report, CorpusReportRow]]]:
    """The reports of each corpus event ``ids``, in canonical order, with their rows."""
    by_corpus: dict[str, list[tuple[Report, CorpusReportRow]]] = {}
    for chunk in _chunks(ids):
        query = (
            select(
                *_LISTED_REPORT_COLUMNS, events.c.event, articles.c.title,
                articles.c.source.label("article_source"),
                articles.c.published.label("article_published"),
            )
            .join(events, and_(
                events.c.article_id == corpus_reports.c.article_id,
                events.c.event_id == corpus_reports.c.event_id,
            ))
            .join(articles, articles.c.id == corpus_reports.c.article_id)
            .where(corpus_reports.c.corpus_id.in_(chunk))
        )
        for row in connection.execute(query):
            report = CorpusReportRow(
                article=row.article_id, title=row.title, outlet=row.article_source,
                published=row.article_published, killed=row.killed, wounded=row.wounded,
                event=Event.model_validate_json(row.event),
            )
            # Canonical order and disagreements use dates, places and figures, not actors.
            by_corpus.setdefault(row.corpus_id, []).append((_report(row, actors=False), report))
    for members in by_corpus.values():
        members.sort(key=lambda pair: canonical(pair[0]))
    return by_corpus
