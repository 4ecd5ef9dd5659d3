"""Figure timelines: each count or amount, grouped by what it measures, across articles and stories.

A figure is measured by (subject, measure, place): "North Korean workers" counted in "worker" in RU;
"USD per worker per month". Each report of it is a point with the article's date, the date the
figure is said to hold ("in 2024", when the sentence gives one), who claims it and how firmly.
Points of one figure that disagree for the same time are flagged as contradictions.

A stage module over plain dataclasses: it imports only ``model``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from sanctionwatch.model import Analysis, Article, Attribution, Fact, FigurePoint, FigureTimeline, JSONDict

FIGURE_KINDS = frozenset({"count", "money"})
DISAGREEMENT = 0.25  # relative difference above which two figures for the same time contradict
SUBJECT_NOISE = frozenset({"the", "a", "an", "some", "about", "around", "more", "than", "other", "new", "of"})


def figure_points(article: Article, analysis: Analysis, story_id: str | None = None) -> list[FigurePoint]:
    """The counts and amounts of one article as points, with date, claimant and stance."""
    figures = [f for f in analysis.facts if f.kind in FIGURE_KINDS and _number(f.value) is not None]
    places = _article_places(figures)
    reported = _day(article.published or article.fetched_at or article.ingested_at)
    points = []
    for fact in figures:
        claim = _claim_of(fact, analysis.attributions)
        point = FigurePoint(
            article_id=article.id, fact_id=fact.id, kind=fact.kind, text=fact.text, start=fact.start,
            end=fact.end, value=_number(fact.value), min_value=_float(fact.value.get("min_value")),
            max_value=_float(fact.value.get("max_value")), approximate=bool(fact.value.get("approximate")),
            vague=bool(fact.value.get("vague")), reported=reported, as_of=_as_of(fact, analysis.facts),
            claimant=(claim.source_canonical or claim.source) if claim else None,
            stance=claim.stance if claim else "asserted", source_domain=article.source_domain, story_id=story_id,
            key=figure_key(fact, places.get(_measure(fact))))
        points.append(point)
    return points


def build_timelines(points: Iterable[FigurePoint]) -> list[FigureTimeline]:
    """Points grouped by figure, oldest first; unqualified subjects join the one qualified figure they fit."""
    groups: defaultdict[tuple[str, str, str], list[FigurePoint]] = defaultdict(list)
    for point in points:
        groups[_split_key(point)].append(point)
    _fold_unqualified(groups)
    timelines = [_timeline(key, members) for key, members in groups.items()]
    return sorted(timelines, key=lambda t: (-len(t.points), t.key))


def figure_key(fact: Fact, place: str | None = None) -> str:
    """``measure|place|subject`` of a count or amount fact (place from the fact, else the one given)."""
    return f"{_measure(fact)}|{fact.value.get('place') or place or ''}|{_qualifier(fact)}"


def _measure(fact: Fact) -> str:
    value = fact.value
    if fact.kind == "money":
        parts = [str(value.get("currency") or "money")]
        parts += [f"per {value[k]}" for k in ("per", "period") if value.get(k)]
        return " ".join(parts)
    return str(value.get("unit") or "item")


def _qualifier(fact: Fact) -> str:
    """What a count is of, beyond its unit: "North Korean workers" -> "north korean"."""
    if fact.kind != "count":
        return ""
    unit = str(fact.value.get("unit") or "")
    words = re.findall(r"[\w'-]+", str(fact.value.get("subject") or "").lower())
    kept = [w for w in words if w not in SUBJECT_NOISE and not _same_word(w, unit)]
    return " ".join(kept[:-1] if kept and _is_head(kept[-1], unit) else kept)


def _same_word(word: str, unit: str) -> bool:
    return bool(unit) and word.rstrip("s") in (unit, unit.rstrip("s"), unit[:-1] + "ie")


def _is_head(word: str, unit: str) -> bool:
    """The subject's head noun names the unit in other words (workers/laborers/labourers for worker)."""
    return bool(unit) and (word.endswith(("ers", "ors", "ees")) and unit.endswith(("er", "or", "ee")))


def _article_places(figures: list[Fact]) -> dict[str, str | None]:
    """Within one article, a figure without a place takes the one place its measure has elsewhere."""
    seen: defaultdict[str, set[str]] = defaultdict(set)
    for fact in figures:
        if fact.value.get("place"):
            seen[_measure(fact)].add(str(fact.value["place"]))
    return {measure: next(iter(places)) for measure, places in seen.items() if len(places) == 1}


def _claim_of(fact: Fact, attributions: list[Attribution]) -> Attribution | None:
    holding = [a for a in attributions if a.claim_start <= fact.start < a.claim_end]
    return holding[0] if holding else next((a for a in attributions if a.sentence == fact.sentence), None)


def _as_of(fact: Fact, facts: list[Fact]) -> str | None:
    """A date in the figure's sentence that is not a deadline: when the figure is said to hold."""
    dates = [f for f in facts if f.kind == "date" and f.sentence == fact.sentence and not f.value.get("deadline")
             and not f.value.get("relative") and f.value.get("iso")]
    return str(min(dates, key=lambda d: abs(d.start - fact.start)).value["iso"]) if dates else None


def _split_key(point: FigurePoint) -> tuple[str, str, str]:
    measure, place, subject = (point.key or "||").split("|", 2)
    return measure, place, subject


def _fold_unqualified(groups: defaultdict[tuple[str, str, str], list[FigurePoint]]) -> None:
    for key in [k for k in groups if not k[2]]:
        fits = [k for k in groups if k[:2] == key[:2] and k[2]]
        if len(fits) == 1:
            groups[fits[0]].extend(groups.pop(key))


def _timeline(key: tuple[str, str, str], points: list[FigurePoint]) -> FigureTimeline:
    measure, place, subject = key
    points.sort(key=lambda p: (p.as_of or p.reported or "", p.reported or "", p.article_id, p.start))
    label = " ".join(filter(None, [subject.title() if subject else "", _plural(measure, points)]))
    label += f" in {place}" if place else ""
    return FigureTimeline("|".join(key), label, subject, measure, place or None, points, contradictions(points))


def _plural(measure: str, points: list[FigurePoint]) -> str:
    if points and points[0].kind == "money":
        return measure
    if measure.endswith("y") and not measure.endswith(("ay", "ey", "oy")):
        return f"{measure[:-1]}ies"
    return measure if measure.endswith("s") else f"{measure}s"


def contradictions(points: list[FigurePoint]) -> list[JSONDict]:
    """Precise figures from different articles, for the same time (the stated date, else the month
    reported), that disagree. Different numbers within one article usually count different things."""
    by_time: defaultdict[str, list[FigurePoint]] = defaultdict(list)
    for point in points:
        if point.value is not None and not point.vague:
            by_time[point.as_of or (point.reported or "")[:7]].append(point)
    found = []
    for when, same in sorted(by_time.items()):
        low, high = min(same, key=_value), max(same, key=_value)
        if when and low.article_id != high.article_id and _apart(low, high):
            found.append(_contradiction(when, low, high))
    return found


def _apart(low: FigurePoint, high: FigurePoint) -> bool:
    return _value(low) > 0 and (_value(high) - _value(low)) / _value(high) > DISAGREEMENT


def _contradiction(when: str, low: FigurePoint, high: FigurePoint) -> JSONDict:
    who = Counter(filter(None, [low.claimant or low.source_domain, high.claimant or high.source_domain]))
    message = (f"for {when}, '{low.text}' ({_source(low)}) and '{high.text}' ({_source(high)}) disagree "
               f"by {(_value(high) - _value(low)) / _value(high):.0%}")
    return {"when": when, "fact_ids": [low.fact_id, high.fact_id], "article_ids": [low.article_id, high.article_id],
            "values": [low.value, high.value], "claimants": list(who), "message": message}


def _source(point: FigurePoint) -> str:
    return point.claimant or point.source_domain or point.article_id


def _value(point: FigurePoint) -> float:
    return float(point.value or 0.0)


def _number(value: JSONDict) -> float | None:
    for key in ("value", "min_value"):
        number = _float(value.get(key))
        if number is not None:
            return number
    return None


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _day(value: str | None) -> str | None:
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None
