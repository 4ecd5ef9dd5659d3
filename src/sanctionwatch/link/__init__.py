"""Link: sanctions lists, and the people, organisations and vessels in the news matched to them.

    readers     list files in, ``SanctionsList`` out (format detected; UN, OFAC, EU, FtM)
    names       names prepared for comparison (transliteration, legal forms, Korean keys)
    compare     two names compared part by part, with reasons
    matcher     declarative features -> a score with explanations
    index       blocking keys, so a query meets a few candidates, not the whole list
    screen      ``match_mentions`` (the stage function) and ``screen_name``
    diff        what changed between two versions of a list
"""

from __future__ import annotations

from sanctionwatch.link.diff import ListDiff, diff_lists
from sanctionwatch.link.index import ScreeningIndex, build_index
from sanctionwatch.link.matcher import FEATURES, Query, score_entry
from sanctionwatch.link.readers import detect_format, read_list_bytes, read_list_file
from sanctionwatch.link.screen import find_imo_numbers, match_mentions, mention_key, screen_name

__all__ = [
    "FEATURES",
    "ListDiff",
    "Query",
    "ScreeningIndex",
    "build_index",
    "detect_format",
    "diff_lists",
    "find_imo_numbers",
    "match_mentions",
    "mention_key",
    "read_list_bytes",
    "read_list_file",
    "score_entry",
    "screen_name",
]
