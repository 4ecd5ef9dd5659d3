"""Analysts' verdicts on list matches, from the dashboard and the API.

The verdict goes through ``store.lists.judge_match`` under the match's mention key, entry and list,
so later linking runs respect it: a rejected pair is removed now and never stored as a match again.
"""

from __future__ import annotations

import dataclasses

from fastapi import HTTPException

from sanctionwatch.store import Store, queries
from sanctionwatch.store.lists import judge_match
from sanctionwatch.store.views import MatchView


def record_judgement(store: Store, match_id: int, verdict: str, note: str | None) -> MatchView:
    """Store a verdict on a match; 404 when there is no such match. Returns the match as judged."""
    match = queries.get_match(store, match_id)
    if match is None:
        raise HTTPException(404, f"no list match {match_id}")
    judge_match(store, match.mention_key, match.entry_id, verdict, note, list_name=match.list_name)
    judged = queries.get_match(store, match_id)
    return judged or dataclasses.replace(match, verdict=verdict, note=note)
