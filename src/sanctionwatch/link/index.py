"""The screening index: blocking keys from every listed name, so a query is compared with a few
candidates instead of the whole list.

Each significant part of a name gives keys: its spellings, a phonetic key (metaphone), its Korean key,
and the symbols it shares with other spellings of the same name (Wikidata name ids); the whole name
joined gives one more. A query collects the names that share its keys, weighs each shared key by its
rarity (inverse document frequency), and the best few names go to the matcher. Identifiers (IMO
numbers) point straight at their entries.
"""

from __future__ import annotations

import dataclasses
import gc
import heapq
import math
from collections.abc import Iterable, Iterator

from rigour.text.phonetics import metaphone

from sanctionwatch.link.matcher import EntryName, Query
from sanctionwatch.link.names import GENERIC, SIGNIFICANT, Part, PreparedName, kind_of, prepare_name
from sanctionwatch.model import ListEntry

MAX_CANDIDATES = 6  # names compared in full per query
COMMON_SHARE = 0.02  # a key on more than this share of names is only used when nothing rarer is shared
MIN_SHARE_OF_QUERY = 0.4  # a candidate must share this much of the query's key weight
MIN_DELETE_LENGTH = 5  # shorter parts are too ambiguous one letter apart
SIZE_TIE_BREAK = 0.01  # among names sharing as much, those with as many parts as the query first


@dataclasses.dataclass
class ScreeningIndex:
    """Listed entries, their prepared names and the blocking keys; built once per run."""

    entries: list[ListEntry]
    names: list[EntryName]
    postings: dict[str, list[int]]  # key -> positions in ``names``
    identifiers: dict[tuple[str, str], list[int]]  # (kind, value) -> positions in ``entries``
    version_ids: dict[str, int]
    names_of: list[list[int]] = dataclasses.field(default_factory=list)  # entry -> positions in ``names``
    sizes: list[int] = dataclasses.field(default_factory=list)  # name -> how many significant parts

    def __len__(self) -> int:
        return len(self.entries)


def build_index(entries: Iterable[ListEntry], version_ids: dict[str, int] | None = None) -> ScreeningIndex:
    """An index over the entries (of the current list versions; ``version_ids`` maps list name -> version)."""
    index = ScreeningIndex([], [], {}, {}, dict(version_ids or {}))
    for entry in entries:
        position = len(index.entries)
        index.entries.append(entry)
        index.names_of.append([])
        for text, label in _entry_names(entry):
            _add_name(index, EntryName(position, text, label, prepare_name(text, kind_of(entry.schema))))
        for kind, values in entry.identifiers.items():
            for value in values:
                index.identifiers.setdefault((kind, value), []).append(position)
    gc.freeze()  # the index lives as long as the run: keep its objects out of the cycle collector's scans
    return index


def _entry_names(entry: ListEntry) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for text, label in [(name, "name") for name in entry.names] + [
        (a.name, "weak" if a.weak else ("fka" if a.kind == "fka" else "alias")) for a in entry.aliases
    ]:
        if text.casefold() not in seen:
            seen.add(text.casefold())
            yield text, label


def _add_name(index: ScreeningIndex, name: EntryName) -> None:
    position = len(index.names)
    index.names.append(name)
    index.names_of[name.entry].append(position)
    index.sizes.append(name.prepared.size)
    for key in name_keys(name.prepared):
        index.postings.setdefault(key, []).append(position)


def name_keys(name: PreparedName) -> set[str]:
    """The blocking keys of a prepared name."""
    return {key for group in key_groups(name) for key in group}


def key_groups(name: PreparedName) -> list[set[str]]:
    """The keys of each significant part (generic words when there is none), and the whole name joined."""
    parts = [part for part in name.parts if (part.role in SIGNIFICANT and len(part.key) > 1) or part.script == "CJK"]
    groups = [_part_keys(part) for part in parts or [part for part in name.parts if part.role == GENERIC]]
    return [*groups, {f"j:{name.joined}"}] if name.joined else groups


def _part_keys(part: Part) -> set[str]:
    keys = {f"t:{form}" for form in part.forms or (part.text,)}
    keys.update(f"s:{symbol}" for symbol in part.symbols)
    if part.korean:
        keys.add(f"k:{part.korean}")
    if len(part.key) > 2 and part.key.isalpha() and part.key.isascii():
        keys.add(f"p:{metaphone(part.key)}")
    if len(part.key) >= MIN_DELETE_LENGTH:
        keys.update(f"d:{variant}" for variant in deletions(part.key))
    return keys


def deletions(form: str) -> set[str]:
    """The form and every form one letter shorter: two spellings one edit apart share one of them."""
    return {form, *(form[:i] + form[i + 1:] for i in range(len(form)))}


def candidates(index: ScreeningIndex, query: Query) -> dict[int, list[int]]:
    """Entries worth comparing with the query (best first), each with the names of it to compare.

    A query without a name finds entries by its identifiers; one with a name finds the names that share
    its keys (an alias sharing none of them would not compare well anyway).
    """
    found: dict[int, list[int]] = {}
    for key in query.identifiers if query.name is None else ():
        for entry in index.identifiers.get(key, []):
            found[entry] = index.names_of[entry]
    if query.name is not None:
        for position in _candidate_names(index, query.name):
            names = found.setdefault(index.names[position].entry, [])
            if position not in names:
                names.append(position)
    return found


def _candidate_names(index: ScreeningIndex, query: PreparedName) -> list[int]:
    """The names sharing the most of the query's parts, each part counted once at its rarest shared key."""
    total = len(index.names) or 1
    groups = [_shared_keys(index, group) for group in key_groups(query)]
    limit = max(COMMON_SHARE * total, 50)
    if any(df <= limit for group in groups for _key, df in group):  # common keys only when nothing rarer is shared
        groups = [[(key, df) for key, df in group if df <= limit] for group in groups]
    scores: dict[int, float] = {}
    reachable = 0.0  # what a name sharing every part of the query would score
    for group in groups:
        seen: set[int] = set()
        reachable += math.log(1 + total / min(df for _key, df in group)) if group else 0.0
        for key, df in sorted(group, key=lambda item: item[1]):
            weight = math.log(1 + total / df)
            fresh = [position for position in index.postings[key] if position not in seen]
            seen.update(fresh)
            for position in fresh:
                scores[position] = scores.get(position, 0.0) + weight
    floor = MIN_SHARE_OF_QUERY * reachable
    sizes = index.sizes
    ranked = ((scores[p] - SIZE_TIE_BREAK * abs(sizes[p] - query.size), p) for p in scores if scores[p] >= floor)
    return [position for _score, position in heapq.nlargest(MAX_CANDIDATES, ranked)]


def _shared_keys(index: ScreeningIndex, group: set[str]) -> list[tuple[str, int]]:
    """The keys of one query part found in the index, with their document frequency. A part spelt as
    some listed part is not looked up by its one-letter-off spellings too."""
    postings = index.postings
    found = [(key, len(postings[key])) for key in group if key in postings]
    if any(key.startswith("t:") for key, _df in found):
        found = [(key, df) for key, df in found if not key.startswith("d:")]
    return found
