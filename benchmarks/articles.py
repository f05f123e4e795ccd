"""Benchmark inputs: the bundled samples, and ~1,000-word articles built from them.

The samples average about 400 words; wire and newspaper articles run longer, and the speed
target is stated for articles of about 1,000 words. Each long article keeps one sample's
metadata and opening (headline, dateline) and continues with whole paragraphs of the samples
that follow it, in turn, until it reaches the length: realistic sentences, names, quotes and
figures, with the per-article costs (identity, language, record) paid once per 1,000 words.
"""

from __future__ import annotations

from dataclasses import replace

from eventwire.cli import sample_paths
from eventwire.config import Settings
from eventwire.ingest import read_inputs
from eventwire.ingest.base import RawArticle


def sample_articles(settings: Settings) -> list[RawArticle]:
    """The bundled sample articles, in reading order."""
    return [r for r in read_inputs(sample_paths(), settings) if isinstance(r, RawArticle)]


def long_articles(samples: list[RawArticle], words: int = 1000) -> list[RawArticle]:
    """One article of at least ``words`` words per sample, each with distinct text."""
    paragraphs = [[p for p in r.text.split("\n\n") if p.strip()] for r in samples]
    articles = []
    for n, sample in enumerate(samples):
        parts = list(paragraphs[n])
        count = sum(len(p.split()) for p in parts)
        k = 1
        while count < words:
            other = paragraphs[(n + k) % len(samples)]
            # Skip the other article's dateline and lead paragraphs: one dateline each.
            for paragraph in other[2:] if len(other) > 2 else other:
                parts.append(paragraph)
                count += len(paragraph.split())
                if count >= words:
                    break
            k += 1
        articles.append(replace(sample, origin=f"{sample.origin}+long", text="\n\n".join(parts)))
    return articles


def copies(articles: list[RawArticle], times: int) -> list[RawArticle]:
    """``times`` copies of each article, each with its own text so none is a duplicate."""
    return [
        replace(r, origin=f"{r.origin}~{k}", text=f"{r.text}\n\nCopy {k}.")
        for k in range(times)
        for r in articles
    ]
