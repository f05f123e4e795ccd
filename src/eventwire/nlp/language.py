"""Language identification with py3langid, whose model ships inside the package."""

from __future__ import annotations

from functools import cache
from typing import Any

# Identification looks at the opening of the text only: enough for a stable answer and
# independent of article length.
_SAMPLE_CHARS = 3000


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, min_chars: int = 20) -> str:
    """ISO 639-1 code of the text's language; texts under ``min_chars`` letters count as English."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < min_chars:
        return "en"
    language, _probability = _identifier().classify(sample)
    return str(language)
