"""Language identification with py3langid, whose model ships inside the package."""

from __future__ import annotations

from functools import cache
from typing import Any

# Identification looks at the opening of the text only: enough for a stable answer and
# independent of article length.
_SAMPLE_CHARS = 3000

# Languages news is published in. The model also knows English-based creoles, dead and
# constructed languages; English wire copy full of Nigerian or Philippine names scored as
# Nigerian Pidgin or Bikol, so those are left out of the candidates.
NEWS_LANGUAGES = [
    "af",
    "am",
    "ar",
    "az",
    "be",
    "bg",
    "bn",
    "bs",
    "ca",
    "cs",
    "cy",
    "da",
    "de",
    "el",
    "en",
    "es",
    "et",
    "eu",
    "fa",
    "fi",
    "fr",
    "ga",
    "gl",
    "gu",
    "ha",
    "he",
    "hi",
    "hr",
    "ht",
    "hu",
    "hy",
    "id",
    "ig",
    "is",
    "it",
    "ja",
    "jv",
    "ka",
    "kk",
    "km",
    "kn",
    "ko",
    "ku",
    "ky",
    "lb",
    "lo",
    "lt",
    "lv",
    "mg",
    "mk",
    "ml",
    "mn",
    "mr",
    "ms",
    "mt",
    "my",
    "ne",
    "nl",
    "nn",
    "no",
    "om",
    "or",
    "pa",
    "pl",
    "ps",
    "pt",
    "qu",
    "ro",
    "ru",
    "rw",
    "si",
    "sk",
    "sl",
    "sn",
    "so",
    "sq",
    "sr",
    "st",
    "sv",
    "sw",
    "ta",
    "te",
    "tg",
    "th",
    "tk",
    "tl",
    "tr",
    "tt",
    "ug",
    "uk",
    "ur",
    "uz",
    "vi",
    "xh",
    "yo",
    "zh",
    "zu",
]


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(NEWS_LANGUAGES)
    return identifier


def detect_language(text: str, min_chars: int = 20) -> str:
    """ISO 639-1 code of the text's language; texts under ``min_chars`` letters count as English."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < min_chars:
        return "en"
    language, _probability = _identifier().classify(sample)
    return str(language)
