"""Figure timelines: facts grouped by figure and dated by their report, drawn as escaped SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sanctionwatch.store.queries import figure_timelines
from sanctionwatch.store.views import ArticleSummary, FactView, Timeline, TimelinePoint
from sanctionwatch.web.chart import timeline_svg


def summary(article_id: str, published: str | None) -> ArticleSummary:
    return ArticleSummary(article_id, "t", None, None, published, "2026-11-29T00:00:00+00:00", True, 1.0, [], [], [],
                          None)


def fact(article_id: str, kind: str, value: dict[str, object], fid: str = "f") -> FactView:
    return FactView(article_id, fid, kind, "about 4,000 workers", 0, 5, value)


def test_figures_are_grouped_by_unit_and_sorted_by_date() -> None:
    members = [summary("a", "2024-05-01"), summary("b", "2019-12-31"), summary("c", None)]
    found = [fact("a", "count", {"value": 4000, "unit": "worker"}), fact("b", "count", {"min_value": 1000,
             "unit": "worker"}), fact("a", "money", {"value": 800, "currency": "USD", "period": "month"}),
             fact("a", "date", {"year": 2024}), fact("a", "count", {"unit": "worker"})]
    lines = {line.label: line for line in figure_timelines(found, members)}
    assert set(lines) == {"count: worker", "money: USD per month"}
    points = [(p.date, p.value) for p in lines["count: worker"].points]
    assert points == [("2019-12-31", 1000.0), ("2024-05-01", 4000.0)]
    undated = figure_timelines([fact("c", "count", {"value": 5, "unit": "ship"})], members)
    assert undated[0].points[0].date == "2026-11-29"


def test_svg_is_well_formed_with_one_linked_point_per_figure() -> None:
    hostile = 'workers <script>alert(1)</script> & "quotes"'
    line = Timeline("k", hostile, [TimelinePoint("2019-12", 1000, "a1", "f1", hostile),
                                   TimelinePoint("2024-05-01", 4000, "a2", "f2", "about 4,000")])
    svg = str(timeline_svg(line))
    root = ET.fromstring(svg)
    assert root.tag == "svg" and "<script" not in svg
    ns_free = [el.tag for el in root.iter()]
    assert ns_free.count("circle") == 2 and "polyline" in ns_free
    assert re.findall(r'href="([^"]+)"', svg) == ["/articles/a1", "/articles/a2"]
    assert str(timeline_svg(Timeline("k", "x", [TimelinePoint("someday", 1, "a", "f", "x")]))) == ""
