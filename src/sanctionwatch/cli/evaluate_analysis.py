"""``sanctionwatch eval seed|relevance|attribution|quantities|ner``: analysis quality on real data.

Each command prints a table with sanctionwatch's figures next to the baseline measured in the same
run, or with ``--json`` the metrics as JSON (the same dicts the ``evaluation`` modules return).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from sanctionwatch.cli.context import AppContext
from sanctionwatch.evaluation.attribution import evaluate_attribution
from sanctionwatch.evaluation.ner import TYPES, evaluate_ner
from sanctionwatch.evaluation.quantities import evaluate_quantities
from sanctionwatch.evaluation.relevance import evaluate_relevance
from sanctionwatch.evaluation.seed import evaluate_seed

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
LIMIT_OPTION = click.option("--limit", type=click.IntRange(min=1), help="Only the first N items.")
EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
EXISTING_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


@click.command(name="seed")
@click.option("--expected", required=True, type=EXISTING_FILE, help="The expected items (seed/expected.yaml).")
@click.argument("file", type=EXISTING_FILE)
@JSON_OPTION
@click.pass_obj
def eval_seed(app: AppContext, expected: Path, file: Path, as_json: bool) -> None:
    """Share of the expected items of EXPECTED that the analysis of FILE finds."""
    result = evaluate_seed(expected, file, app.settings)
    if as_json:
        _echo_json(result)
        return
    rows = [[c["section"], _short(c["item"]), _mark(c["found"]), _mark(c["baseline"])] for c in result["checks"]]
    _echo_table(["section", "item", "sanctionwatch", "spacy"], rows)
    click.echo(f"found {result['found']}/{result['items']} = {result['share']:.0%} "
               f"(plain spaCy baseline {result['baseline_share']:.0%})")


@click.command(name="relevance")
@click.option("--jsonl", "path", required=True, type=EXISTING_FILE, help="Corpus JSON Lines with sanctions_evasion.")
@JSON_OPTION
@click.pass_obj
def eval_relevance(app: AppContext, path: Path, as_json: bool) -> None:
    """Precision, recall and F1 of the relevance decision, next to a keyword baseline."""
    result = evaluate_relevance(path, app.settings)
    if as_json:
        _echo_json(result)
        return
    _echo_scores({"sanctionwatch": result["sanctionwatch"], "keyword baseline": result["keyword_baseline"]})
    click.echo(f"{result['texts']} texts, {result['positives']} positive; Brier score {result['brier']}")
    for error in result["errors"]:
        click.echo(f"  wrong: {error['id']} (gold {error['gold']}, score {error['score']:.2f})")


@click.command(name="attribution")
@click.option("--polnear", "folder", required=True, type=EXISTING_DIR, help="The PolNeAR folder.")
@click.option("--split", default="dev", show_default=True, type=click.Choice(["train", "dev"]), help="Split.")
@LIMIT_OPTION
@JSON_OPTION
@click.pass_obj
def eval_attribution(app: AppContext, folder: Path, split: str, limit: int | None, as_json: bool) -> None:
    """Source-span precision, recall and F1 of attributions, next to an entity baseline."""
    result = evaluate_attribution(folder, app.settings, split, limit)
    if as_json:
        _echo_json(result)
        return
    _echo_scores(result["scores"])
    click.echo(f"{result['documents']} articles ({result['split']}), {result['gold_sources']} gold sources")


@click.command(name="quantities")
@click.option("--measeval", "folder", required=True, type=EXISTING_DIR, help="The MeasEval folder.")
@LIMIT_OPTION
@JSON_OPTION
@click.pass_obj
def eval_quantities(app: AppContext, folder: Path, limit: int | None, as_json: bool) -> None:
    """Quantity-span precision, recall and F1, next to spaCy's numeric entities."""
    result = evaluate_quantities(folder, app.settings, limit)
    if as_json:
        _echo_json(result)
        return
    _echo_scores(dict(result["scores"]))  # type: ignore[call-overload]
    click.echo(f"{result['documents']} paragraphs, {result['gold_quantities']} gold quantities")


@click.command(name="ner")
@click.option("--conll", "path", required=True, type=EXISTING_FILE, help="A CoNLL-2003 IOB2 file (eng.testa).")
@LIMIT_OPTION
@JSON_OPTION
@click.pass_obj
def eval_ner(app: AppContext, path: Path, limit: int | None, as_json: bool) -> None:
    """Entity F1 per type (PER/ORG/LOC/MISC), next to the plain spaCy model."""
    result = evaluate_ner(path, app.settings, limit)
    if as_json:
        _echo_json(result)
        return
    rows = [[who, *[f"{scores[t]['f1']:.3f}" for t in (*TYPES, "ALL")]] for who, scores in result["scores"].items()]
    _echo_table(["entities", *TYPES, "ALL"], rows)
    click.echo(f"{result['sentences']} sentences; F1 by exact span and type")


def _echo_scores(scores: dict[str, dict[str, Any]]) -> None:
    rows = [[name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", str(s["tp"]), str(s["fp"]),
             str(s["fn"])] for name, s in scores.items()]
    _echo_table(["system", "precision", "recall", "F1", "tp", "fp", "fn"], rows)


def _echo_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, ["-" * w for w in widths], *rows]:
        click.echo("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _echo_json(result: dict[str, Any]) -> None:
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


def _mark(value: bool) -> str:
    return "yes" if value else "no"


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


COMMANDS: tuple[click.Command, ...] = ()
EVAL_COMMANDS = (eval_seed, eval_relevance, eval_attribution, eval_quantities, eval_ner)
