"""Untrusted text with highlighted spans, as safe HTML.

The text is cut at every span boundary; each piece is escaped on its own and wrapped in one
``<mark>`` carrying the classes and titles of every span that covers it (and in a link when one of
them has a target). Overlapping and nested spans therefore never produce broken markup, and no
byte of the text reaches the page unescaped. Spans outside the text or empty are ignored.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from markupsafe import Markup, escape

from sanctionwatch.model import JSONDict

CLASS_NAME = re.compile(r"[^a-z0-9_-]+")


@dataclasses.dataclass(frozen=True)
class Span:
    start: int
    end: int
    classes: tuple[str, ...]
    title: str = ""
    href: str | None = None


def highlight_html(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` escaped, with each covered piece wrapped in a mark (and a link where a span has one)."""
    usable = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in usable), *(s.end for s in usable)})
    pieces = [_piece(text[a:b], [s for s in usable if s.start <= a and b <= s.end])
              for a, b in itertools.pairwise(cuts)]
    return Markup("").join(pieces)


def marked_html(text: str, spans: Sequence[tuple[int, int]], css: str = "hit") -> Markup:
    """A search snippet with its hits marked."""
    return highlight_html(text, [Span(start, end, (css,)) for start, end in spans])


def class_name(value: str) -> str:
    """A value (entity label, fact kind, stance) as a safe CSS class fragment."""
    return CLASS_NAME.sub("-", value.lower()).strip("-") or "other"


def analysis_spans(analysis: JSONDict | None, matches: Iterable[JSONDict], entity_href: str) -> list[Span]:
    """The spans to highlight in an article: entities, facts, attributions and list matches."""
    if not analysis:
        return []
    spans = [_entity_span(e, entity_href) for e in analysis.get("entities", [])]
    spans += [_fact_span(f) for f in analysis.get("facts", [])]
    for item in analysis.get("attributions", []):
        spans.append(Span(item["source_start"], item["source_end"], ("attr-source",), f"source: {item['source']}"))
        spans.append(Span(item["cue_start"], item["cue_end"], ("attr-cue", f"stance-{class_name(item['stance'])}"),
                          f"{item['stance']} claim"))
    spans += [Span(m["start"], m["end"], ("listed",), f"matches {m['caption']} ({m['list_name']}, "
                   f"score {m['score']:.2f})") for m in matches]
    return spans


def _entity_span(entity: JSONDict, entity_href: str) -> Span:
    label = str(entity.get("label", ""))
    country = f", {entity['country']}" if entity.get("country") else ""
    href = entity_href + quote(str(entity.get("canonical") or entity["text"]), safe="")
    return Span(entity["start"], entity["end"], ("ent", f"ent-{class_name(label)}"), f"{label}{country}", href)


def _fact_span(fact: JSONDict) -> Span:
    value = fact.get("value") or {}
    detail = ", ".join(f"{k} {v}" for k, v in value.items() if not isinstance(v, dict | list))
    title = f"{fact.get('kind', 'fact')}: {detail}" if detail else str(fact.get("kind", "fact"))
    return Span(fact["start"], fact["end"], ("fact", f"fact-{class_name(str(fact.get('kind', '')))}"), title)


def _piece(text: str, covering: list[Span]) -> Markup:
    body = escape(text)
    if not covering:
        return body
    classes = " ".join(dict.fromkeys(c for s in covering for c in s.classes))
    titles = "; ".join(dict.fromkeys(s.title for s in covering if s.title))
    mark = Markup('<mark class="{}" title="{}">{}</mark>').format(classes, titles, body)
    href = next((s.href for s in covering if s.href), None)
    return Markup('<a href="{}">{}</a>').format(href, mark) if href else mark
