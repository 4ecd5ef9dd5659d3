"""Fit the summary scorer's regression tree (``SENTENCE_TREE`` in brief/summarize.py) on the tuning halves.

    .venv/bin/python bench/fit_summary_tree.py [--depth 5] [--leaf 100]

Reads the even halves (cases in sorted id order, every other one from the first) of BBC News Summary
and FRANK under ../shared/data, ranks each article's usable sentences with the same features the
brief uses (``sentence_features``), and fits a regression tree to each sentence's mean ROUGE-1/2 F1
against the reference, divided by the article's best. Every article weighs the same within its set
and the two sets weigh the same. It prints the tree as the Python literal to paste into summarize.py;
the odd halves stay held out for ``sanctionwatch eval summary ... --half odd``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from rouge_score.rouge_scorer import RougeScorer
from sklearn.tree import DecisionTreeRegressor

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.brief.summarize import FEATURES, Node, sentence_features, usable_sentences
from sanctionwatch.evaluation.summary import SummaryCase, read_bbc, read_frank, split_half
from sanctionwatch.settings import load_settings

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def sentence_rows(cases: list[SummaryCase]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per article: its sentences' feature rows and their targets."""
    nlp = load_pipeline(load_settings(environ={}).spacy_model)
    scorer = RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    rows, targets = [], []
    for case, doc in zip(cases, nlp.pipe(c.text for c in cases), strict=True):
        spans = usable_sentences(case.text, analyze_doc(case.id, doc))
        if not spans:
            continue
        sentences = [case.text[start:end] for _, start, end in spans]
        features = sentence_features(sentences, case.title)
        scores = [scorer.score(case.reference, s) for s in sentences]
        target = np.array([(s["rouge1"].fmeasure + s["rouge2"].fmeasure) / 2 for s in scores])
        rows.append(np.column_stack([features[name] for name in FEATURES]))
        targets.append(target / target.max() if target.max() > 0 else target)
    return rows, targets


def tree_literal(tree: DecisionTreeRegressor, node: int = 0) -> Node:
    inner = tree.tree_
    if inner.children_left[node] < 0:
        return round(float(inner.value[node][0][0]), 3)
    name, threshold = FEATURES[inner.feature[node]], round(float(inner.threshold[node]), 4)
    return (name, threshold, tree_literal(tree, inner.children_left[node]),
            tree_literal(tree, inner.children_right[node]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=5, help="the tree's depth")
    parser.add_argument("--leaf", type=int, default=100, help="the fewest sentences a leaf holds")
    args = parser.parse_args()
    sets = [read_bbc(DATA / "bbc_news_summary"), read_frank(DATA / "frank" / "frank_flat.jsonl")]
    xs, ys, weights = [], [], []
    for cases in sets:
        rows, targets = sentence_rows(split_half(cases, "even"))
        for row, target in zip(rows, targets, strict=True):
            xs.append(row)
            ys.append(target)
            weights.append(np.full(len(target), 1.0 / len(target) / len(rows)))
    tree = DecisionTreeRegressor(max_depth=args.depth, min_samples_leaf=args.leaf, random_state=0)
    tree.fit(np.vstack(xs), np.concatenate(ys), sample_weight=np.concatenate(weights))
    print(repr(tree_literal(tree)))


if __name__ == "__main__":
    main()
