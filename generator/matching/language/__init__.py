"""Language resources behind one object: everything the matcher knows about a language.

A `Language` gives stop words, lemmas, spelling variants, word rarity, synonyms,
derivations, antonyms, the kind of a proper name, and the closed classes the judge
reads (number words, months, weekdays, negators, hedges and bounds). The matcher
never names a word of any language itself.

English is the only module so far. `language_for(code)` returns it for "en" and its
regional variants; for any other valid code it returns English as well, with a
warning, until a module for that language exists. Adding a language means adding one
module here that subclasses `Language`, and a line in `_MODULES`.
"""

from __future__ import annotations

from functools import lru_cache

from .base import Language

_MODULES = {"en": "english"}


def base_code(code: str) -> str:
    """"en-GB" -> "en"."""
    return (code or "en").replace("_", "-").split("-")[0].lower()


def language_warning(code: str) -> str | None:
    """What to tell the editor about a language code the matcher has no module for."""
    if base_code(code) in _MODULES:
        return None
    return (f'the matcher has no resources for language "{code}" yet; '
            "it matches with the English ones (stop words, lemmas, synonyms, numbers)")


def language_for(code: str = "en") -> Language:
    """The Language object for a BCP 47 code (English for codes without a module); one
    object per module, so its caches serve every code it answers for."""
    return _load(_MODULES.get(base_code(code), "english"))


@lru_cache(maxsize=None)
def _load(module_name: str) -> Language:
    if module_name == "english":
        from .english import English

        return English()
    raise AssertionError(module_name)  # pragma: no cover - every module is listed above


__all__ = ["Language", "base_code", "language_for", "language_warning"]
