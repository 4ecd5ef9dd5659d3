"""Countries named or implied by entities: names, demonyms, short forms and capitals -> ISO codes."""

from __future__ import annotations

import functools
import re

from rigour.territories import lookup_territory

from sanctionwatch.kb import place_aliases

PLACE_LABELS = frozenset({"GPE", "NORP", "LOC", "FAC"})
TRAILING = re.compile(r"(['’]s|\s+(government|regime|authorities|officials))$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code a place name stands for, or None."""
    cleaned = TRAILING.sub("", name.strip()).strip(" .,;:")
    cleaned = re.sub(r"^the\s+", "", cleaned, flags=re.IGNORECASE)
    if not cleaned:
        return None
    code = place_aliases().get(cleaned.lower())
    if code is not None:
        return code
    territory = lookup_territory(cleaned)
    if territory is None or not territory.is_country or len(territory.code) != 2:
        return None
    return territory.code.upper()
