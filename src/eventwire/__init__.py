"""eventwire: news reporting in, structured and sourced event data out.

The Python API: `extract_paths` (records of files, folders, feeds, dumps),
`extract_text` (one article given as a string), `ingest_paths` (extract and store),
`open_store` (the database). They load lazily so ``import eventwire`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = [
    "Record",
    "Settings",
    "__version__",
    "extract_paths",
    "extract_text",
    "ingest_paths",
    "open_store",
]

if TYPE_CHECKING:
    from eventwire.config import Settings
    from eventwire.engine import extract_paths, extract_text, ingest_paths
    from eventwire.model import Record
    from eventwire.store import open_store

_LAZY = {
    "extract_paths": "eventwire.engine",
    "extract_text": "eventwire.engine",
    "ingest_paths": "eventwire.engine",
    "open_store": "eventwire.store",
    "Record": "eventwire.model",
    "Settings": "eventwire.config",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)
