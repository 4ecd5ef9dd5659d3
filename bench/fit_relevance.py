"""Fit the relevance weights of kb/relevance.yaml on the development corpus, with leave-one-out figures.

    .venv/bin/python bench/fit_relevance.py [--c 0.5]

For each text of ../shared/data/corpus/articles.jsonl the relevance features are counted (the
same ``feature_examples`` the analysis uses), turned into log(1 + count), and an L2-regularised
logistic regression is fitted. It prints the fitted bias and weights (to be rounded into
kb/relevance.yaml), the in-sample F1 and the leave-one-out F1, which estimates unseen data better.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from sanctionwatch.analyze import prepare_doc
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.analyze.relevance import feature_examples
from sanctionwatch.evaluation.relevance import read_corpus
from sanctionwatch.kb import knowledge_base
from sanctionwatch.settings import load_settings

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpus" / "articles.jsonl"


def feature_rows(names: list[str]) -> tuple[list[list[float]], list[int]]:
    records = read_corpus(CORPUS)
    nlp = load_pipeline(load_settings(environ={}).spacy_model)
    rows = []
    for record, doc in zip(records, nlp.pipe(str(r["text"]) for r in records), strict=True):
        examples = feature_examples(prepare_doc(doc, record.get("date")).evidence)
        rows.append([math.log1p(len(examples[name])) for name in names])
    return rows, [int(bool(r["sanctions_evasion"])) for r in records]


def leave_one_out(rows: list[list[float]], gold: list[int], c: float) -> list[int]:
    predicted = []
    for index in range(len(rows)):
        model = LogisticRegression(C=c).fit(rows[:index] + rows[index + 1:], gold[:index] + gold[index + 1:])
        predicted.append(int(model.predict([rows[index]])[0]))
    return predicted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=0.5, help="inverse regularisation strength")
    args = parser.parse_args()
    names = list(knowledge_base().relevance["features"])
    rows, gold = feature_rows(names)
    model = LogisticRegression(C=args.c).fit(rows, gold)
    result = {
        "bias": round(float(model.intercept_[0]), 2),
        "weights": {n: round(float(w), 2) for n, w in zip(names, model.coef_[0], strict=True)},
        "in_sample_f1": round(float(f1_score(gold, model.predict(rows))), 4),
        "leave_one_out_f1": round(float(f1_score(gold, leave_one_out(rows, gold, args.c))), 4),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
