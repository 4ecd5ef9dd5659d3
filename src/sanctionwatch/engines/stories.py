"""The client's stages after a batch run: what ``pipeline.finish_articles`` does, less the linking the workers did.

Clustering is sequential (each article meets the stories before it), so it runs here, in plan order.
"""

from __future__ import annotations

from sanctionwatch import pipeline
from sanctionwatch.engines.work import BatchReport
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import unbriefed_article_ids


def finish_batch(store: Store, settings: Settings, report: BatchReport) -> None:
    """Cluster, brief and alert what the run analysed, as ``pipeline.finish_articles`` does, less the linking
    the workers did. Articles a killed run left unbriefed are finished too, linked here first."""
    done = set(report.analysed)
    leftovers = [article_id for article_id in unbriefed_article_ids(store) if article_id not in done]
    stages = pipeline.finish_articles(store, settings, [*report.analysed, *leftovers], linked=done)
    report.matches += stages.matches
    report.stories = len({a.story_id for a in stages.assignments})
    report.alerts = stages.alerts
