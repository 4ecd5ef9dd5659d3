"""The brief's summary paragraph measured with ROUGE-1/2/L against reference summaries.

Data: the BBC News Summary folders (``articles/<cat>/N.txt`` with ``summaries/<cat>/N.txt``) or
FRANK's ``frank_flat.jsonl`` (``article``, ``reference``). Every system picks sentences from the same
segmentation (the analysis's sentences) and the same number of them (the brief's summary size):
sanctionwatch (``brief.summarize``), Lead-3, and sumy's LexRank and TextRank, in the same run.
Scores are ROUGE F-measures (rouge-score, Porter stemming), averaged over documents.
``split_half`` keeps the even or odd cases in sorted id order: the scorer's weights were tuned on the
even halves, so the odd halves are held out.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from rouge_score.rouge_scorer import RougeScorer
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.brief.summarize import SUMMARY_SIZE, choose_summary, rank_sentences
from sanctionwatch.errors import InputError
from sanctionwatch.model import Analysis, JSONDict
from sanctionwatch.settings import Settings

METRICS = ("rouge1", "rouge2", "rougeL")
WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclasses.dataclass
class SummaryCase:
    id: str
    title: str
    text: str
    reference: str


def read_bbc(folder: Path, limit: int | None = None) -> list[SummaryCase]:
    """BBC News Summary: each article's first line is its headline; the summary sits in the twin folder."""
    if not (folder / "articles").is_dir():
        raise InputError(f"{folder}: expected the folders articles/ and summaries/")
    cases = []
    for path in sorted((folder / "articles").glob("*/*.txt")):
        summary = folder / "summaries" / path.parent.name / path.name
        if summary.is_file():
            title, _, body = path.read_text(encoding="utf-8", errors="replace").strip().partition("\n")
            cases.append(SummaryCase(f"{path.parent.name}/{path.stem}", title.strip(), body.strip(),
                                     summary.read_text(encoding="utf-8", errors="replace")))
    return _limited(cases, limit, folder)


def read_frank(path: Path, limit: int | None = None) -> list[SummaryCase]:
    """FRANK (flat JSON Lines): one record per article with its reference summary."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            cases.append(SummaryCase(str(row.get("hash")), "", str(row["article"]), str(row["reference"])))
    return _limited(cases, limit, path)


HALVES = ("even", "odd")


def split_half(cases: Sequence[SummaryCase], half: str) -> list[SummaryCase]:
    """The even or odd cases in sorted id order (tuning half and held-out half)."""
    if half not in HALVES:
        raise InputError(f"half must be one of {', '.join(HALVES)}, not {half!r}")
    return sorted(cases, key=lambda c: c.id)[HALVES.index(half)::2]


def _limited(cases: list[SummaryCase], limit: int | None, where: Path) -> list[SummaryCase]:
    if not cases:
        raise InputError(f"{where}: no article with a reference summary")
    return cases[:limit] if limit else cases


class WordTokenizer:
    """sumy's tokenizer interface over our own sentences (no NLTK data needed)."""

    language = "english"

    def to_words(self, sentence: str) -> list[str]:
        return WORD.findall(sentence)


def sumy_picker(kind: str) -> Callable[[list[str], int], list[str]]:
    summarizer = (LexRankSummarizer if kind == "lexrank" else TextRankSummarizer)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = WordTokenizer()

    def pick(sentences: list[str], size: int) -> list[str]:
        document = ObjectDocumentModel([Paragraph([SumySentence(s, tokenizer) for s in sentences])])
        return [str(s) for s in summarizer(document, size)]

    return pick


def lead(sentences: list[str], size: int) -> list[str]:
    return sentences[:size]


def ours(case: SummaryCase, analysis: Analysis, size: int) -> list[str]:
    ranked = rank_sentences(case.text, analysis, case.title)
    return [case.text[c.start:c.end] for c in choose_summary(ranked, size, case.text)]


def evaluate_summaries(cases: Sequence[SummaryCase], settings: Settings, size: int = SUMMARY_SIZE) -> JSONDict:
    """Mean ROUGE F-measures of sanctionwatch and the three baselines over the same cases."""
    nlp = load_pipeline(settings.spacy_model)
    scorer = RougeScorer(list(METRICS), use_stemmer=True)
    pickers = {"lead3": lead, "lexrank": sumy_picker("lexrank"), "textrank": sumy_picker("textrank")}
    totals: dict[str, dict[str, float]] = {name: dict.fromkeys(METRICS, 0.0) for name in ["sanctionwatch", *pickers]}
    docs = nlp.pipe([c.text for c in cases], batch_size=32)
    for case, doc in zip(cases, docs, strict=True):
        analysis = analyze_doc(case.id, doc)
        sentences = [case.text[s.start:s.end].strip() for s in analysis.sentences if case.text[s.start:s.end].strip()]
        picked = {"sanctionwatch": ours(case, analysis, size)}
        picked.update({name: pick(sentences, size) for name, pick in pickers.items()})
        for name, chosen in picked.items():
            scores = scorer.score(case.reference, " ".join(chosen))
            for metric in METRICS:
                totals[name][metric] += scores[metric].fmeasure
    means = {name: {m: v / len(cases) for m, v in values.items()} for name, values in totals.items()}
    return {"documents": len(cases), "sentences": size, "systems": means, "ratio_to_best_baseline": _ratios(means)}


def _ratios(means: dict[str, dict[str, float]]) -> dict[str, JSONDict]:
    """Per metric: sanctionwatch over the best baseline, and which baseline that is."""
    ratios: dict[str, JSONDict] = {}
    for metric in METRICS:
        best = max((n for n in means if n != "sanctionwatch"), key=lambda n: means[n][metric])
        top = means[best][metric]
        ratios[metric] = {"ratio": means["sanctionwatch"][metric] / top if top else 0.0, "baseline": best}
    return ratios
