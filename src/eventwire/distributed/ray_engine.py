"""The ingest pipeline on Ray Data: read files, annotate in model actors, stream to a sink.

The driver plans as the local engine does (:class:`eventwire.shards.ShardPlan`): each input
file is keyed, the sink says which of its shards an earlier run completed, and a file whose
shards are all done is left out. Then three stages, each bounded in memory by Ray Data's
streaming executor:

1. one read task per file turns it into tables of ``batch_size`` raw articles, each tagged
   with its shard, leaving out the inputs of done shards
   (:func:`eventwire.distributed.shards.read_task`, the local readers);
2. a pool of :class:`Annotator` actors (``map_batches`` with a callable class) loads the
   spaCy pipeline and gazetteer once per actor and runs :func:`eventwire.pipeline.run` on
   each batch;
3. the driver iterates the result in input order and hands each outcome with its tag to a
   sink (the store, or Parquet files), which commits whole shards with their completion.

Ray is imported only here and only when the engine runs, so the rest of eventwire works
without it. See docs/distributed.md for the design and a cluster recipe.
"""

from __future__ import annotations

import logging
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from types import ModuleType
from typing import Any

from eventwire.config import Settings
from eventwire.distributed.shards import (
    RAW_SCHEMA,
    ShardTask,
    file_key,
    from_outcome_row,
    from_raw_row,
    list_shards,
    outcome_table,
    raw_batches,
    read_task,
    tag_from,
)
from eventwire.distributed.sinks import Sink
from eventwire.engine import IngestReport
from eventwire.errors import Code, UsageError
from eventwire.pipeline import Outcome, pipeline_version, run
from eventwire.resolve.gazetteer import open_gazetteer
from eventwire.shards import ShardPlan, Tag, all_done
from eventwire.store import Store

READ_CPUS = 0.5
"""CPUs reserved per shard-read task: reading is light next to parsing."""
READ_MEMORY_MB = 256
"""Memory reserved per shard-read task: a batch of articles and the reader's buffers."""


def import_ray() -> ModuleType:
    """The ``ray`` module; UsageError E008 when it is not installed."""
    try:
        import ray
        import ray.data  # the [data] extra, not only the core
    except ImportError as err:
        raise UsageError(Code.E008, reason=str(err)) from None
    module: ModuleType = ray
    return module


@contextmanager
def ray_session(settings: Settings) -> Iterator[ModuleType]:
    """Ray ready for use: joined or started here (and then shut down on leaving), or as found.

    A local Ray is private to the run: no dashboard, no usage report, bound to the loopback
    address, a small object store, workers' logs kept out of the terminal.
    """
    ray = import_ray()
    if ray.is_initialized():
        yield ray
        return
    # Ray asks before sending usage statistics only on a terminal; never send them.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    options: dict[str, Any] = {
        "include_dashboard": False,
        "logging_level": logging.ERROR,
        "log_to_driver": False,
    }
    if settings.ray_address:
        options["address"] = settings.ray_address
    else:
        # "local": always a new instance, never one some other run left on this machine.
        options["address"] = "local"
        options["object_store_memory"] = settings.ray_object_store_mb * 1024 * 1024
        options["_node_ip_address"] = "127.0.0.1"
    ray.init(**options)
    try:
        yield ray
    finally:
        ray.shutdown()


class Annotator:
    """The ``map_batches`` callable of the model actors: one pipeline per actor, many batches.

    ``db`` (a store URL) lets an actor skip articles already stored before parsing them,
    as the local engine does; without it every article is parsed.
    """

    def __init__(
        self,
        settings: Settings,
        published: date | None = None,
        db: str | None = None,
        reprocess: bool = False,
    ) -> None:
        self.settings = settings
        self.published = published
        self.reprocess = reprocess
        self.version = pipeline_version(settings.spacy_model)  # loads the spaCy pipeline
        open_gazetteer(settings)
        self.store = Store(db) if db else None

    def is_known(self, ids: Sequence[str]) -> set[str]:
        """The ids among ``ids`` stored already (by this pipeline version with reprocess)."""
        if self.store is None:
            return set()
        stored = self.store.known(ids)
        if not self.reprocess:
            return set(stored)
        return {i for i, version in stored.items() if version == self.version}

    def __call__(self, batch: Any) -> Any:
        """A table of raw rows in, a table of outcome rows out, in the same order."""
        items = [from_raw_row(row) for row in batch.to_pylist()]
        outcomes = list(run(items, self.settings, self.published, self.is_known))
        return outcome_table(outcomes, batch.column("tag").to_pylist())


def read_files(batch: Any, settings: Settings) -> Iterator[Any]:
    """The read stage: for each task in ``batch``, tables of tagged raw rows as they are read."""
    for row in batch.to_pylist():
        yield from raw_batches(read_task(ShardTask.from_row(row), settings), settings.batch_size)


def actor_count(workers: int, cpus: float, actor_cpus: float) -> int:
    """How many model actors fit beside one read task: at most ``workers``, at least one."""
    room = math.floor((cpus - READ_CPUS) / actor_cpus + 1e-9)
    return max(1, min(workers, room))


def outcomes(
    tasks: Sequence[ShardTask],
    settings: Settings,
    workers: int,
    *,
    published: date | None = None,
    db: str | None = None,
    reprocess: bool = False,
) -> Iterator[tuple[Outcome, Tag | None]]:
    """The outcome of every input the ``tasks`` read, with its tag, in input order, on Ray.

    Needs a Ray session (:func:`ray_session`). ``workers`` model actors are started, fewer
    if the cluster's CPUs cannot hold them beside a read task.
    """
    ray = import_ray()
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    context.print_on_execution_start = False
    # Same order as the local engine, so a duplicate resolves to the same first copy.
    context.execution_options.preserve_order = True
    cpus = float(ray.cluster_resources().get("CPU", 1.0))
    actors = actor_count(workers, cpus, settings.ray_actor_cpus)
    if actors < workers:
        print(
            f"ray: {actors} model actor(s), not {workers}: {cpus:g} CPUs hold no more beside "
            f"the readers at {settings.ray_actor_cpus:g} CPU each",
            file=sys.stderr,
        )
    # One block per file, so files are read in parallel.
    files = ray.data.from_items([t.row() for t in tasks], override_num_blocks=len(tasks))
    raw = files.map_batches(
        read_files,
        batch_size=1,
        batch_format="pyarrow",
        fn_kwargs={"settings": settings},
        num_cpus=READ_CPUS,
        # A memory reservation bounds how many files one node reads at once; it also keeps
        # Ray from fusing the read into the model actors, which would tie a file to one actor.
        memory=READ_MEMORY_MB * 1024 * 1024,
    )
    # Blocks of one model batch each: every actor gets work even from a single file.
    raw = raw.repartition(target_num_rows_per_block=settings.batch_size)
    annotated = raw.map_batches(
        Annotator,
        batch_size=settings.batch_size,
        batch_format="pyarrow",
        fn_constructor_kwargs={
            "settings": settings,
            "published": published,
            "db": db,
            "reprocess": reprocess,
        },
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=settings.ray_actor_cpus,
    )
    for table in annotated.iter_batches(batch_size=settings.batch_size, batch_format="pyarrow"):
        for row in table.to_pylist():
            yield from_outcome_row(row), tag_from(row["tag"])


def plan(
    files: Sequence[str], settings: Settings, sink: Sink, resume: bool = True
) -> tuple[list[ShardTask], ShardPlan]:
    """The read tasks of ``files``: those with shards left to do, each with its done shards.

    Shards are keyed as the local engine keys them and looked up in the sink, so shards done
    by either engine are skipped (and counted in the plan's ``skipped``); ``resume`` off
    (``--reprocess``) skips none.
    """
    shard_plan = ShardPlan(sink, settings, resume=resume)
    tasks = [
        ShardTask(path, key, tuple(sorted(done)))
        for path, key, done in shard_plan.keyed(files, lambda path: file_key(path, settings))
        if isinstance(path, str) and not all_done(done)
    ]
    return tasks, shard_plan


def ingest_with_ray(
    paths: Sequence[str],
    settings: Settings,
    sink: Sink,
    *,
    workers: int = 1,
    published: date | None = None,
    db: str | None = None,
    reprocess: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Ingest ``paths`` on Ray into ``sink``; its report, with a failure per bad input.

    Resumable as the local engine is: shards the sink holds already are not read again, and
    the sink commits each shard whole. ``db`` is the store's URL when the sink is that store:
    actors then skip stored articles (on a cluster only for a server database; a SQLite file
    is not shared between nodes).
    """
    if db is not None and settings.ray_address and db.startswith("sqlite"):
        # Actors on other nodes would each open (and create) a file of that name of their own;
        # the driver's store still counts the duplicates as it writes.
        db = None
    files, failures = list_shards(paths)
    for failure in failures:
        if on_outcome is not None:
            on_outcome(failure)
        sink.add(failure, None)
    tasks, shard_plan = plan(files, settings, sink, resume=not reprocess)
    if tasks:
        with ray_session(settings):
            stream = outcomes(
                tasks, settings, workers, published=published, db=db, reprocess=reprocess
            )
            for outcome, tag in stream:
                if on_outcome is not None:
                    on_outcome(outcome)
                sink.add(outcome, tag)
    report = sink.close()
    report.add_skipped(shard_plan.skipped)
    return report


__all__ = [
    "RAW_SCHEMA",
    "Annotator",
    "actor_count",
    "import_ray",
    "ingest_with_ray",
    "outcomes",
    "plan",
    "ray_session",
    "read_files",
]
