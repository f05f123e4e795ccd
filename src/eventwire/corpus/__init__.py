"""Cross-article merging: reports of one real-world event become one corpus event.

:mod:`eventwire.corpus.reports` reduces each stored event to a :class:`Report`,
:mod:`eventwire.corpus.merge` decides which reports merge and what the merged event says, and
:mod:`eventwire.corpus.rules` holds the configurable thresholds. The store keeps the result
up to date as articles arrive (``eventwire.store.corpus``).
"""

from eventwire.corpus.merge import (
    REPS,
    CorpusEvent,
    Facts,
    Grouping,
    Place,
    accepts,
    candidate_types,
    canonical,
    corpus_id,
    count_sources,
    day_window,
    disagreements,
    group,
    linked,
    place_fits,
    sort_key,
    source_components,
    source_keys,
    summarize,
)
from eventwire.corpus.reports import Report, day_range, haversine_km, report_of, reports_of
from eventwire.corpus.rules import MergeRules

__all__ = [
    "REPS",
    "CorpusEvent",
    "Facts",
    "Grouping",
    "MergeRules",
    "Place",
    "Report",
    "accepts",
    "candidate_types",
    "canonical",
    "corpus_id",
    "count_sources",
    "day_range",
    "day_window",
    "disagreements",
    "group",
    "haversine_km",
    "linked",
    "place_fits",
    "report_of",
    "reports_of",
    "sort_key",
    "source_components",
    "source_keys",
    "summarize",
]
