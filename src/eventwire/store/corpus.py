"""Corpus events in the store: kept up to date as articles arrive, queried like events.

:func:`update` re-groups only what new (or removed) reports touch: the reports themselves and
the whole corpus events of their linked neighbours (one indexed, bounded query on
``corpus_reports`` by type and day per new report), which :func:`eventwire.corpus.group` then
splits in canonical order. :func:`rebuild` recomputes everything from the stored records.

Candidates come from ``corpus_reports`` (type, day_lo) rather than ``events``: the events
table files week and month dates under the publication day, while merging compares the whole
range, so the report table keeps the range and its own index.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
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

from eventwire.corpus import CorpusEvent, MergeRules, Report, group, linked, reports_of, summarize
from eventwire.model import Event, Record
from eventwire.store.derived import joined
from eventwire.store.queries import EventFilter, _contains, _member
from eventwire.store.schema import articles, corpus_events, corpus_reports, events

# The widest range a report's dates span (a 31-day month): how far before a report's first day
# a candidate's first day may lie and its range still reach within the window.
_MAX_SPAN_DAYS = 30
# Candidates read per new report. A report needs one linked neighbour to reach the corpus
# event it belongs to; a busy day (thousands of reports of one type) must not make every
# insert read the whole day.
_MAX_CANDIDATES = 200
_CHUNK = 500
_BATCH = 200


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
    disagreements: list[dict[str, Any]]
    reports: list[CorpusReportRow] = field(default_factory=list)


def _report_row(report: Report) -> dict[str, Any]:
    return {
        "article_id": report.article,
        "event_id": report.event,
        "corpus_id": None,
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


def _report(row: Any) -> Report:
    sources, targets = json.loads(row.actors)
    return Report(
        article=row.article_id, event=row.event_id, type=row.type, modality=row.modality,
        date=row.date, day_lo=row.day_lo, day_hi=row.day_hi, place=row.place,
        country=row.country, lat=row.lat, lon=row.lon, outlet=row.outlet,
        published=row.published, attributed_to=row.attributed_to, killed=row.killed,
        wounded=row.wounded,
        sources=tuple(tuple(a) for a in sources), targets=tuple(tuple(a) for a in targets),
    )


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def _candidates(connection: Connection, report: Report, rules: MergeRules) -> list[Any]:
    """Stored reports that may link to ``report``: one indexed query on type and day."""
    if report.day_lo is None or report.day_hi is None:
        return []
    low = _shift(report.day_lo, -(rules.max_days + _MAX_SPAN_DAYS))
    high = _shift(report.day_hi, rules.max_days)
    query = (
        select(corpus_reports)
        .where(
            corpus_reports.c.type.in_(sorted(rules.types_for(report.type))),
            corpus_reports.c.day_lo.between(low, high),
        )
        .order_by(
            corpus_reports.c.day_lo, corpus_reports.c.article_id, corpus_reports.c.event_id
        )
        .limit(_MAX_CANDIDATES)
    )
    return list(connection.execute(query))


def _insert_events(connection: Connection, merged: Sequence[CorpusEvent]) -> None:
    rows = []
    for event in merged:
        names = event.actor_names
        countries = event.actor_countries
        rows.append({
            "id": event.id, "type": event.type, "date": event.date, "day": event.day,
            "place": event.place, "country": event.country, "lat": event.lat, "lon": event.lon,
            "source_names": joined(names[0]), "target_names": joined(names[1]),
            "source_countries": joined(countries[0]), "target_countries": joined(countries[1]),
            "n_reports": len(event.reports), "n_sources": event.n_sources,
            "disagreements": json.dumps(event.disagreements, ensure_ascii=False),
        })
    if rows:
        connection.execute(insert(corpus_events), rows)
    assignments = [
        {"a": report.article, "e": report.event, "c": event.id}
        for event in merged
        for report in event.reports
    ]
    if assignments:
        connection.execute(
            sql_update(corpus_reports)
            .where(
                corpus_reports.c.article_id == bindparam("a"),
                corpus_reports.c.event_id == bindparam("e"),
            )
            .values(corpus_id=bindparam("c")),
            assignments,
        )


def _regroup(
    connection: Connection, seeds: Iterable[Any], rules: MergeRules, stale: set[str]
) -> None:
    """Re-group the reports ``seeds`` with the corpus events their neighbours belong to.

    Only the seeds are expanded: each linked neighbour brings its whole corpus event in, so
    those events are re-grouped complete, but the search does not walk on from them. A
    transitive walk re-read whole busy days at every insert.
    """
    found: dict[tuple[str, str], Report] = {}
    queue: deque[Report] = deque()
    for row in seeds:
        report = _report(row)
        if report.key not in found:
            found[report.key] = report
            queue.append(report)
            if row.corpus_id is not None:
                stale.add(row.corpus_id)
    pulled: set[str] = set()
    while queue:
        report = queue.popleft()
        for row in _candidates(connection, report, rules):
            key = (row.article_id, row.event_id)
            if key in found:
                continue
            other = _report(row)
            if not linked(report, other, rules):
                continue
            found[key] = other
            if row.corpus_id is not None and row.corpus_id not in pulled:
                pulled.add(row.corpus_id)
                stale.add(row.corpus_id)
                members = select(corpus_reports).where(
                    corpus_reports.c.corpus_id == row.corpus_id
                )
                for member in connection.execute(members):
                    found.setdefault((member.article_id, member.event_id), _report(member))
    for chunk in _chunks(sorted(stale)):
        connection.execute(delete(corpus_events).where(corpus_events.c.id.in_(chunk)))
    _insert_events(connection, [summarize(g) for g in group(found.values(), rules)])


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


def update(
    connection: Connection, records: Sequence[Record], stale: set[str], rules: MergeRules
) -> None:
    """Add the reports of ``records`` and re-group around them and the ``stale`` events.

    ``stale`` holds the ids of corpus events that lost reports (see :func:`forget`); their
    remaining reports are re-grouped too.
    """
    rows = [_report_row(report) for record in records for report in reports_of(record)]
    for chunk in _chunks(rows):
        connection.execute(insert(corpus_reports), chunk)
    seeds: list[Any] = []
    for chunk in _chunks(sorted(stale)):
        seeds += connection.execute(
            select(corpus_reports).where(corpus_reports.c.corpus_id.in_(chunk))
        )
    keys = [(row["article_id"], row["event_id"]) for row in rows]
    for chunk in _chunks(keys):
        seeds += connection.execute(
            select(corpus_reports).where(
                tuple_(corpus_reports.c.article_id, corpus_reports.c.event_id).in_(chunk)
            )
        )
    _regroup(connection, seeds, rules, set(stale))


def rebuild(connection: Connection, rules: MergeRules) -> None:
    """Recompute every corpus event from the stored records."""
    connection.execute(delete(corpus_reports))
    connection.execute(delete(corpus_events))
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
        records = [Record.model_validate_json(row.record) for row in batch]
        rows = [_report_row(report) for record in records for report in reports_of(record)]
        for chunk in _chunks(rows):
            connection.execute(insert(corpus_reports), chunk)
        after = batch[-1].id
    # Whole components at a time: every ungrouped report seeds one, until none is left.
    while True:
        seeds = list(
            connection.execute(
                select(corpus_reports).where(corpus_reports.c.corpus_id.is_(None)).limit(_BATCH)
            )
        )
        if not seeds:
            return
        _regroup(connection, seeds, rules, set())


def needs_rebuild(connection: Connection) -> bool:
    """Whether events are stored but no reports (a store upgraded from before corpus events)."""
    has_events = connection.scalar(select(events.c.event_id).limit(1)) is not None
    has_reports = connection.scalar(select(corpus_reports.c.event_id).limit(1)) is not None
    return has_events and not has_reports


def _has_report(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(corpus_reports.c.corpus_id == corpus_events.c.id, *conditions)


def conditions(f: EventFilter, min_sources: int | None = None) -> list[ColumnElement[bool]]:
    """WHERE conditions on ``corpus_events`` for the event filters ``f``."""
    c = corpus_events.c
    where: list[ColumnElement[bool]] = []
    if f.type is not None:
        where.append(c.type == f.type)
    if f.modality is not None:
        where.append(_has_report(corpus_reports.c.modality == f.modality))
    if f.day_from is not None:
        where.append(c.day >= f.day_from)
    if f.day_to is not None:
        where.append(c.day <= f.day_to)
    if f.country is not None:
        code = f.country.upper()
        where.append(or_(
            c.country == code,
            _member(c.source_countries, code, fold=False),
            _member(c.target_countries, code, fold=False),
        ))
    if f.bbox is not None:
        box = f.bbox
        lat = c.lat.between(box.min_lat, box.max_lat)
        if box.min_lon <= box.max_lon:
            where.append(and_(lat, c.lon.between(box.min_lon, box.max_lon)))
        else:
            where.append(and_(lat, or_(c.lon >= box.min_lon, c.lon <= box.max_lon)))
    if f.actor is not None:
        where.append(or_(_contains(c.source_names, f.actor), _contains(c.target_names, f.actor)))
    if f.place is not None:
        where.append(_contains(c.place, f.place))
    if f.source is not None:
        where.append(_has_report(func.lower(corpus_reports.c.outlet) == f.source.lower()))
    if f.article is not None:
        where.append(_has_report(corpus_reports.c.article_id == f.article))
    if f.articles is not None:
        where.append(_has_report(corpus_reports.c.article_id.in_(list(f.articles))))
    if min_sources is not None:
        where.append(c.n_sources >= min_sources)
    return where


def _day_key() -> ColumnElement[str]:
    # Undated events sort first; '' is below every YYYY-MM-DD.
    return func.coalesce(corpus_events.c.day, "")


def list_corpus_events(
    connection: Connection,
    f: EventFilter,
    limit: int,
    after: tuple[str, str] | None,
    min_sources: int | None = None,
    corpus: str | None = None,
) -> list[CorpusEventRow]:
    """Up to ``limit`` corpus events matching ``f``, by (day, id), after ``after``."""
    query = select(corpus_events).where(*conditions(f, min_sources))
    if corpus is not None:
        query = query.where(corpus_events.c.id == corpus)
    if after is not None:
        query = query.where(tuple_(_day_key(), corpus_events.c.id) > tuple_(*after))
    query = query.order_by(_day_key(), corpus_events.c.id).limit(limit)
    found = [
        CorpusEventRow(
            id=row.id, type=row.type, date=row.date, day=row.day, place=row.place,
            country=row.country, lat=row.lat, lon=row.lon, n_sources=row.n_sources,
            disagreements=json.loads(row.disagreements),
        )
        for row in connection.execute(query)
    ]
    reports = _reports_of(connection, [row.id for row in found])
    for row in found:
        row.reports.extend(reports.get(row.id, []))
    return found


def _reports_of(connection: Connection, ids: list[str]) -> dict[str, list[CorpusReportRow]]:
    by_corpus: dict[str, list[tuple[Any, CorpusReportRow]]] = {}
    for chunk in _chunks(ids):
        query = (
            select(
                corpus_reports.c.corpus_id, corpus_reports.c.article_id,
                corpus_reports.c.event_id, corpus_reports.c.day_lo, corpus_reports.c.killed,
                corpus_reports.c.wounded, events.c.event, articles.c.title,
                articles.c.source, articles.c.published,
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
                article=row.article_id, title=row.title, outlet=row.source,
                published=row.published, killed=row.killed, wounded=row.wounded,
                event=Event.model_validate_json(row.event),
            )
            # The canonical order of eventwire.corpus.merge: day, publication, ids.
            order = (row.day_lo or "~", row.published or "~", row.article_id, row.event_id)
            by_corpus.setdefault(row.corpus_id, []).append((order, report))
    return {
        corpus: [report for _, report in sorted(pairs, key=lambda pair: pair[0])]
        for corpus, pairs in by_corpus.items()
    }
