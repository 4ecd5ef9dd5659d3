"""The matcher: a declarative list of features, each giving a value and a sentence that explains it.

    FEATURES = name similarity (1.0), weak alias (0.1), schema (1.0), country overlap (0.05),
               identifier (1.0)

A feature's contribution is its weight times its value (in [-1, 1]); the score is the sum, clipped to
[0, 1]. A feature may veto a match outright (a person is never a vessel). Every match carries its
features, so a reader sees why a name was matched.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from sanctionwatch.link.compare import NameComparison, compare_names
from sanctionwatch.link.names import PreparedName, kind_of, prepare_name
from sanctionwatch.model import Feature, ListEntry

PERSON_FAMILY = frozenset({"Person"})
ORG_FAMILY = frozenset({"Organization", "Company", "PublicBody"})
OBJECT_FAMILY = frozenset({"Vessel", "Airplane"})
FAMILIES = (PERSON_FAMILY, ORG_FAMILY, OBJECT_FAMILY)
IDENTIFIED_NAME = 0.5  # a name this close to an entry whose identifier is in the text is that entry
MAX_LIFT = 0.05  # the most the features other than name and identifier can add (country overlap)
LABELS = {"name": "listed name", "alias": "alias", "weak": "weak alias", "fka": "former name"}


@dataclasses.dataclass(frozen=True)
class Query:
    """What is screened: a name (or none, for an identifier alone), its schema, and the article's context."""

    text: str
    schema: str | None = None
    countries: frozenset[str] = frozenset()
    identifiers: frozenset[tuple[str, str]] = frozenset()  # ("imo", "9187629")
    name: PreparedName | None = None

    @classmethod
    def of(cls, text: str, schema: str | None = None, countries: frozenset[str] = frozenset(),
           identifiers: frozenset[tuple[str, str]] = frozenset()) -> Query:
        name = prepare_name(text, kind_of(schema)) if text else None
        return cls(text, schema, frozenset(c.upper() for c in countries), identifiers, name)


@dataclasses.dataclass(frozen=True)
class EntryName:
    """One name of a listed entity, prepared once when the index is built."""

    entry: int  # position of the entry in the index
    text: str
    label: str  # name | alias | weak | fka
    prepared: PreparedName


@dataclasses.dataclass(frozen=True)
class Evidence:
    """What the features look at: the query, the entry, and the entry name that compared best."""

    query: Query
    entry: ListEntry
    name: EntryName | None
    comparison: NameComparison | None


@dataclasses.dataclass(frozen=True)
class Judgement:
    value: float  # in [-1, 1]
    explanation: str
    veto: bool = False


@dataclasses.dataclass(frozen=True)
class MatchFeature:
    name: str
    func: Callable[[Evidence], Judgement | None]
    weight: float


@dataclasses.dataclass(frozen=True)
class Scored:
    score: float
    features: list[Feature]
    matched_name: str


def name_similarity(evidence: Evidence) -> Judgement | None:
    if evidence.comparison is None or evidence.name is None or evidence.query.name is None:
        return None
    name = evidence.name
    explanation = evidence.comparison.explain(evidence.query.name, name.prepared)
    return Judgement(evidence.comparison.score,
                     f"{evidence.query.text!r} ~ {name.text!r} ({LABELS[name.label]}): {explanation}")


def weak_alias(evidence: Evidence) -> Judgement | None:
    if evidence.name is None or evidence.name.label != "weak":
        return None
    return Judgement(-1.0, f"{evidence.name.text!r} is a weak alias: the list itself rates it as little evidence")


def schema_compatibility(evidence: Evidence) -> Judgement | None:
    query_family, entry_family = _family(evidence.query.schema), _family(evidence.entry.schema)
    query_schema, entry_schema = evidence.query.schema, evidence.entry.schema
    if query_family is None or entry_family is None or query_family == entry_family:
        return Judgement(0.0, f"a {query_schema or 'name'} mention can be a listed {entry_schema}")
    if PERSON_FAMILY in (query_family, entry_family) and OBJECT_FAMILY in (query_family, entry_family):
        return Judgement(-1.0, f"a {query_schema} is never a {entry_schema}", veto=True)
    if PERSON_FAMILY in (query_family, entry_family):
        return Judgement(-1.0, f"a {query_schema} mention is unlikely to be a listed {entry_schema}")
    return Judgement(-0.5, f"a {query_schema} mention may name a listed {entry_schema} (news often tags ships so)")


def country_overlap(evidence: Evidence) -> Judgement | None:
    listed, named = set(evidence.entry.countries), evidence.query.countries
    if not listed or not named:
        return None
    shared = sorted(listed & named)
    if shared:
        return Judgement(1.0, f"the article and the entry both concern {', '.join(shared)}")
    return Judgement(-1.0, f"the article concerns {', '.join(sorted(named))}; the entry {', '.join(sorted(listed))}")


def identifier(evidence: Evidence) -> Judgement | None:
    """An identifier of the entry in the text: proof for an IMO number alone, or for a name that is close."""
    listed = {(kind, value) for kind, values in evidence.entry.identifiers.items() for value in values}
    shared = sorted(listed & evidence.query.identifiers)
    near = evidence.comparison is None or evidence.comparison.score >= IDENTIFIED_NAME
    if not shared or not near:
        return None
    kind, value = shared[0]
    return Judgement(1.0, f"{kind.upper()} {value} in the text is the listed {evidence.entry.schema}'s {kind.upper()}")


FEATURES: tuple[MatchFeature, ...] = (
    MatchFeature("name_similarity", name_similarity, 1.0),
    MatchFeature("weak_alias", weak_alias, 0.1),
    MatchFeature("schema", schema_compatibility, 0.3),
    MatchFeature("country_overlap", country_overlap, 0.05),
    MatchFeature("identifier", identifier, 1.0),
)


def score_entry(query: Query, entry: ListEntry, names: list[EntryName],
                features: tuple[MatchFeature, ...] = FEATURES, threshold: float = 0.0) -> Scored | None:
    """The entry's score for the query: its best-comparing name, then every feature over it.

    None when the name compares too badly for any feature to lift the score to ``threshold``.
    """
    name, comparison = best_name(query, names)
    lift = 1.0 if _shares_identifier(query, entry) and comparison and comparison.score >= IDENTIFIED_NAME else MAX_LIFT
    if comparison is not None and comparison.score + lift < threshold:
        return None
    evidence = Evidence(query, entry, name, comparison)
    total, explained, vetoed = 0.0, [], False
    for feature in features:
        judged = feature.func(evidence)
        if judged is None:
            continue
        contribution = feature.weight * judged.value
        explained.append(Feature(feature.name, round(contribution, 4), judged.explanation))
        total += contribution
        vetoed = vetoed or judged.veto
    score = 0.0 if vetoed else min(max(total, 0.0), 1.0)
    return Scored(round(score, 4), explained, name.text if name else "")


def best_name(query: Query, names: list[EntryName]) -> tuple[EntryName | None, NameComparison | None]:
    """The entry name that compares best with the query name (a strong name wins a tie with a weak one)."""
    if query.name is None or not names:
        return None, None
    found = [(compare_names(query.name, name.prepared), name) for name in names]
    comparison, name = max(found, key=lambda pair: (pair[0].score, pair[1].label != "weak"))
    return name, comparison


def _shares_identifier(query: Query, entry: ListEntry) -> bool:
    return any(value in entry.identifiers.get(kind, ()) for kind, value in query.identifiers)


def _family(schema: str | None) -> frozenset[str] | None:
    return next((family for family in FAMILIES if schema in family), None)
