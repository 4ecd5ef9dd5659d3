"""Story briefs: one brief for the reports of one event, drawn across all their sources.

    headline      the earliest report's headline
    summary       the best sentence of each source in turn (earliest first), never one that repeats
                  a sentence already taken (``summarize.near_duplicate``)
    details       what each source adds: its next best sentences, favouring new figures, no repeats
    conclusion    "In conclusion, ..." from the strongest assessment among the reports, then how the
                  figures compare across sources (contradictions said as such)
    sources       ``Original Sources: a, b, c``

Every copied sentence carries its article id and span; composed sentences carry the facts they use,
as ``<article id>/<fact id>``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sanctionwatch.brief.conclusion import write_conclusion
from sanctionwatch.brief.summarize import Candidate, near_duplicate, rank_sentences
from sanctionwatch.model import Analysis, Article, Brief, BriefParagraph, BriefSentence, FigureTimeline, Story

SUMMARY_SENTENCES = 4
DETAIL_SENTENCES = 5
Member = tuple[Article, Analysis | None]


def write_story_brief(story: Story, members: Sequence[Member], timelines: Sequence[FigureTimeline] = ()) -> Brief:
    """The brief of a story from its articles (oldest first) and, optionally, its figure timelines."""
    ordered = sorted(members, key=lambda m: (m[0].published or m[0].ingested_at or "", m[0].id))
    ranked = [(a, rank_sentences(a.text, an, a.title)) for a, an in ordered if an is not None]
    summary = _round_robin(ranked, [], SUMMARY_SENTENCES, per_source=2)
    details = _round_robin(ranked, summary, DETAIL_SENTENCES, per_source=3, skip=summary)
    paragraphs = [BriefParagraph("summary", _copied(summary))]
    if details:
        paragraphs.append(BriefParagraph("details", _copied(details)))
    paragraphs.append(BriefParagraph("conclusion", _conclusion(ordered, timelines)))
    first = ordered[0][0] if ordered else None
    headline = BriefSentence(text=first.title if first and first.title else story.title,
                             article_id=first.id if first else None)
    return Brief(subject=f"story:{story.id}", headline=headline, paragraphs=paragraphs, sources=_sources(ordered))


Picked = tuple[Article, Candidate]


def _round_robin(ranked: list[tuple[Article, list[Candidate]]], taken: list[Picked], size: int, per_source: int,
                 skip: Sequence[Picked] = ()) -> list[Picked]:
    """Each source's best sentences in turn, skipping near-duplicates of anything already chosen."""
    chosen: list[Picked] = []
    used = {(a.id, c.index) for a, c in skip}
    for rank in range(per_source):
        for article, candidates in ranked:
            pool = [c for c in candidates if (article.id, c.index) not in used]
            if rank < len(pool) and len(chosen) < size:
                pick = _first_new(article, pool, [*taken, *chosen])
                if pick is not None:
                    chosen.append((article, pick))
                    used.add((article.id, pick.index))
    order = {a.id: i for i, (a, _) in enumerate(ranked)}
    return sorted(chosen, key=lambda p: (order[p[0].id], p[1].index))


def _first_new(article: Article, pool: list[Candidate], chosen: list[Picked]) -> Candidate | None:
    for candidate in pool:
        text = article.text[candidate.start:candidate.end]
        if not any(near_duplicate(text, a.text[c.start:c.end]) for a, c in chosen):
            return candidate
    return None


def _copied(picked: list[Picked]) -> list[BriefSentence]:
    return [BriefSentence(text=a.text[c.start:c.end], article_id=a.id, spans=[(c.start, c.end)]) for a, c in picked]


def _conclusion(ordered: Sequence[Member], timelines: Sequence[FigureTimeline]) -> list[BriefSentence]:
    analysed = [(a, an) for a, an in ordered if an is not None]
    if not analysed:
        return [BriefSentence(text="In conclusion, none of the story's reports has been analysed yet.")]
    article, analysis = max(analysed, key=_strength)
    subject = "the report"
    if len(analysed) > 1:
        which = "the strongest" if analysis.assessment else "one"
        subject = f"the report from {article.source_domain or 'an unknown source'} ({which} of {len(analysed)})"
    sentences = [write_conclusion(article, analysis, subject)]
    sentences += [s for t in timelines if (s := _figure_sentence(t)) is not None]
    return sentences


def _strength(member: tuple[Article, Analysis]) -> tuple[bool, float]:
    assessment = member[1].assessment
    return (assessment.sanctions_evasion, assessment.score) if assessment else (False, 0.0)


def _figure_sentence(timeline: FigureTimeline) -> BriefSentence | None:
    """How one figure reads across sources; only when more than one source reports it."""
    sources = {p.source_domain or p.article_id for p in timeline.points}
    if len(timeline.points) < 2 or len(sources) < 2:
        return None
    said = "; ".join(f"'{p.text}' ({_who(p.claimant, p.source_domain, p.stance)}"
                     f"{', ' + p.as_of if p.as_of else ''})" for p in timeline.points[:4])
    text = f"The sources report {timeline.label}: {said}."
    text += "".join(f" Sources disagree: {c['message']}." for c in timeline.contradictions)
    return BriefSentence(text=text, fact_ids=[f"{p.article_id}/{p.fact_id}" for p in timeline.points[:4]])


def _who(claimant: str | None, domain: str | None, stance: str) -> str:
    who = claimant or domain or "a report"
    return f"{who}, hedged" if stance == "hedged" else f"{who}, denied" if stance == "denied" else who


def _sources(ordered: Sequence[Member]) -> list[str]:
    return list(dict.fromkeys(a.source_domain or "unknown source" for a, _ in ordered)) or ["unknown source"]
