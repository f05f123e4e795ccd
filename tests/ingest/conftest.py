"""Ingest fixtures: the hand-written inputs in ``fixtures/``, settings, and a batch reader."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.ingest import read_inputs

from .helpers import Item

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def ingest_settings() -> Settings:
    """Defaults, with no ``EVENTWIRE_*`` variable of the machine leaking in."""
    return Settings.from_env(environ={})


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    """Settings with some limits overridden, e.g. ``make_settings(max_line_bytes=100)``."""

    def make(**overrides: int) -> Settings:
        return dataclasses.replace(Settings.from_env(environ={}), **overrides)

    return make


@pytest.fixture
def read_all(ingest_settings: Settings) -> Callable[..., list[Item]]:
    """``read_inputs`` collected into a list; ``stdin`` may be given as bytes."""

    def read(
        paths: Iterable[str | Path], settings: Settings | None = None, stdin: bytes | None = None
    ) -> list[Item]:
        stream = io.BytesIO(stdin) if stdin is not None else None
        return list(read_inputs([str(p) for p in paths], settings or ingest_settings, stream))

    return read
