"""When two reports may describe the same real-world event: the configurable merge rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventwire.config import Settings


def _names(raw: str) -> list[str]:
    return [part.strip().upper() for part in raw.split(",") if part.strip()]


@dataclass(frozen=True)
class MergeRules:
    """Thresholds and type relations of cross-article merging (see ``Settings.corpus_*``).

    ``compatible`` maps a PLOVER type to the other types it may merge with (it always merges
    with itself); ``symmetric`` types compare actors regardless of side.
    """

    max_km: float = 100.0
    max_days: int = 3
    compatible: dict[str, frozenset[str]] = field(default_factory=dict)
    symmetric: frozenset[str] = frozenset({"AGREE", "CONSULT", "COOPERATE"})

    @classmethod
    def from_settings(cls, settings: Settings) -> MergeRules:
        """The rules the settings describe; raises ``ValueError`` on a malformed type list."""
        compatible: dict[str, set[str]] = {}
        for group in settings.corpus_compatible_types.split(";"):
            types = [name.strip().upper() for name in group.split("+") if name.strip()]
            if len(types) == 1:
                raise ValueError(
                    f"corpus_compatible_types: group {group.strip()!r} names one type; "
                    "write groups as TYPE+TYPE[+TYPE], separated by ';'"
                )
            for name in types:
                compatible.setdefault(name, set()).update(types)
        return cls(
            max_km=float(settings.corpus_max_km),
            max_days=int(settings.corpus_max_days),
            compatible={name: frozenset(group) for name, group in compatible.items()},
            symmetric=frozenset(_names(settings.corpus_symmetric_types)),
        )

    def types_for(self, event_type: str) -> frozenset[str]:
        """The types a report of ``event_type`` may merge with, itself included."""
        return self.compatible.get(event_type, frozenset()) | {event_type}
