"""Distributed ingest: the same pipeline on Ray Data (``eventwire ingest --engine ray``).

:mod:`.shards` (rows and shard readers) and :mod:`.sinks` (store and Parquet writers) need
no Ray; :mod:`.ray_engine` imports Ray when it runs. See docs/distributed.md.
"""
