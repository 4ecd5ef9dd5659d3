"""What the reliability tests share: the long-run flag, a tally of the cases each target was given,
and hostile text for the fuzzers to mix into what they generate.

``SANCTIONWATCH_LONG_FUZZ=1`` multiplies every case count by ``LONG_FACTOR`` (fuzzing, kills, load).
The tally is printed at the end of the run, and written as JSON to ``SANCTIONWATCH_RELIABILITY_TALLY``
when that names a file (RELIABILITY.md takes its figures from there).
"""

from __future__ import annotations

import collections
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from spacy.language import Language

LONG_FACTOR = 20
SCALE = LONG_FACTOR if os.environ.get("SANCTIONWATCH_LONG_FUZZ") == "1" else 1
TALLY: collections.Counter[str] = collections.Counter()
FIGURES: dict[str, object] = {}


@pytest.fixture(scope="session")
def scale() -> int:
    """1 for the default short run, ``LONG_FACTOR`` with SANCTIONWATCH_LONG_FUZZ=1."""
    return SCALE


@pytest.fixture(scope="session")
def fuzz() -> Callable[[int], settings]:
    """Hypothesis settings for ``n`` examples in the short run (``n * LONG_FACTOR`` in the long one),
    no deadline (the machine is shared) and no example database written into the tree."""

    def make(examples: int) -> settings:
        return settings(max_examples=examples * SCALE, deadline=None, database=None,
                        suppress_health_check=list(HealthCheck))

    return make


@pytest.fixture(scope="session")
def blank() -> Language:
    """A blank English pipeline with sentence splitting: the analysis without the model, fast."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="session")
def tally() -> collections.Counter[str]:
    """Cases run per target: ``tally["extract.html"] += 1`` in each example."""
    return TALLY


@pytest.fixture(scope="session")
def figures() -> dict[str, object]:
    """Measured figures (latencies, kill counts) a test wants printed with the tally."""
    return FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY and not FIGURES:
        return
    terminalreporter.section("reliability: cases per target")
    for target, count in sorted(TALLY.items()):
        terminalreporter.write_line(f"{target:<40} {count:>8}")
    for name, value in FIGURES.items():
        terminalreporter.write_line(f"{name:<40} {value}")
    destination = os.environ.get("SANCTIONWATCH_RELIABILITY_TALLY")
    if destination:
        Path(destination).write_text(json.dumps({"cases": dict(TALLY), "figures": FIGURES}, indent=2) + "\n")


# Pieces news text is made of (so generated text reaches the extractors' branches) and pieces that
# hostile or merely unusual text carries: bidi controls, control characters, other scripts and digits.
REPORT_PIECES = ["North Korea", "Pyongyang", "sent about 4,000 workers", "thousands of laborers", "to Russia",
                 "$800 per month", "US$2.5 million", "€40m", "UNSCR 2375", "Resolution 2397 (2017)", "paragraph 8",
                 "E.O. 13722", "by the end of December 2019", "in 2024", "last Friday", "according to the NIS",
                 "said", "reportedly", "may", "denied", "sanctions", "evade", "ship-to-ship", "tax evasion",
                 "arms embargo", "the sanction of the board", "Kim Jong Un", "Wi Sung-lac", " ", ", ", ". ", "\n",
                 "\n\n", "(", ")", "\u201c", "\u201d", "-", "%"]
HOSTILE_PIECES = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u200b", "\u200d", "\ufeff", "\u00a0",
                  "\u2028", "\x00", "\x01", "\x02", "\x03", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85",
                  "\r", "\r\n", "\t", "كيم جونغ أون", "קים ג'ונג און", "Ким Чен Ын", "김정은", "金正恩",
                  "Kim Jong\u0301 Un", "Ri\u0308", "٤٬٠٠٠", "４０００", "𝟒𝟎𝟎𝟎", "\U0001f600", "\U000e0041",
                  "<script>alert(1)</script>", "]]>", "&amp;", "&#0;", "&lol;", "{{7*7}}", "\\", "'", '"']


def texts(max_pieces: int = 60) -> st.SearchStrategy[str]:
    """Arbitrary text, and text put together from report pieces and hostile pieces."""
    pieces = st.sampled_from(REPORT_PIECES + HOSTILE_PIECES)
    return st.one_of(st.text(max_size=400), st.lists(st.one_of(pieces, st.text(max_size=8)),
                                                     max_size=max_pieces).map("".join))


@pytest.fixture(scope="session")
def hostile_texts() -> st.SearchStrategy[str]:
    """Arbitrary text, and text put together from report pieces and hostile pieces."""
    return texts()
