"""Small helpers shared by the ingest tests."""

from __future__ import annotations

from typing import TypeAlias

from eventwire.ingest import InputFailure, RawArticle

Item: TypeAlias = RawArticle | InputFailure


def articles(items: list[Item]) -> list[RawArticle]:
    return [item for item in items if isinstance(item, RawArticle)]


def failures(items: list[Item]) -> list[InputFailure]:
    return [item for item in items if isinstance(item, InputFailure)]
