"""The web UI: static files (HTML, JavaScript, CSS) bundled in the package, no build step."""

from __future__ import annotations

from pathlib import Path


def static_dir() -> Path:
    """The folder of the UI's files, served at ``/`` and ``/static/``."""
    return Path(__file__).with_name("static")
