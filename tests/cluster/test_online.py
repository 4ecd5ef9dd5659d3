from sanctionwatch.cluster import ClusterOptions, StoryIndex, cluster_profiles, profile_article, story_id_for

from .builders import make_analysis, make_article

VETO = ("Russia vetoed the renewal of the UN Panel of Experts on North Korea sanctions in the Security Council.\n"
        "The panel monitored sanctions evasion, ship-to-ship transfers and coal exports by Pyongyang.")
VETO_NEWS = ("The UN Panel of Experts on North Korea sanctions will close after Russia vetoed its renewal.\n"
             "China abstained; the panel had reported ship-to-ship transfers and coal exports.")
QUAKE = ("A strong earthquake struck Nepal, killing hundreds and flattening villages near Kathmandu.\n"
         "Rescue teams searched the rubble as aftershocks shook the valley.")
NAMES = [("Russia", "GPE"), ("UN Panel of Experts", "ORG"), ("North Korea", "GPE"), ("Pyongyang", "GPE"),
         ("Nepal", "GPE"), ("Kathmandu", "GPE"), ("China", "GPE")]


def profiles(*items: tuple[str, str, str, str]) -> list:  # type: ignore[type-arg]
    found = []
    for article_id, title, text, date in items:
        article = make_article(article_id, title, text, date)
        found.append(profile_article(article, make_analysis(article, NAMES)))
    return found


def test_same_event_joins_and_other_event_starts_a_story() -> None:
    batch = profiles(("a1", "Russia vetoes UN panel", VETO, "2024-03-28"),
                     ("a2", "Panel to close after veto", VETO_NEWS, "2024-03-29"),
                     ("a3", "Earthquake in Nepal", QUAKE, "2024-03-29"))
    assignments, _ = cluster_profiles(batch)
    story = {a.article_id: a.story_id for a in assignments}
    assert story["a1"] == story["a2"] == story_id_for("a1")
    assert story["a3"] not in (story["a1"],)


def test_every_assignment_carries_its_features() -> None:
    assignments, _ = cluster_profiles(profiles(("a1", "Russia vetoes UN panel", VETO, "2024-03-28"),
                                               ("a2", "Panel to close after veto", VETO_NEWS, "2024-03-29")))
    joined = next(a for a in assignments if not a.new_story)
    names = [f.name for f in joined.features]
    assert names == ["text", "names", "lead", "facts", "time"]
    assert "North Korea" in next(f for f in joined.features if f.name == "names").explanation
    assert abs(sum(f.weight for f in joined.features[:-1]) * joined.features[-1].weight - joined.score) < 1e-3
    started = next(a for a in assignments if a.new_story)
    assert started.features[0].name == "new"


def test_time_window_keeps_a_late_report_out() -> None:
    batch = profiles(("a1", "Russia vetoes UN panel", VETO, "2024-03-28"),
                     ("a2", "Panel to close after veto", VETO_NEWS, "2024-06-30"))
    assignments, _ = cluster_profiles(batch, ClusterOptions(window_days=14))
    assert len({a.story_id for a in assignments}) == 2


def test_missing_dates_mean_no_fade() -> None:
    batch = profiles(("a1", "Russia vetoes UN panel", VETO, None), ("a2", "Panel to close after veto", VETO_NEWS, None))
    assignments, _ = cluster_profiles(batch)
    joined = next(a for a in assignments if not a.new_story)
    assert joined.features[-1].weight == 1.0 and "no date" in joined.features[-1].explanation


def test_ids_are_stable_across_runs_and_restores() -> None:
    batch = profiles(("a1", "Russia vetoes UN panel", VETO, "2024-03-28"),
                     ("a2", "Panel to close after veto", VETO_NEWS, "2024-03-29"))
    first, index = cluster_profiles(batch)
    again, _ = cluster_profiles(batch)
    assert [a.story_id for a in first] == [a.story_id for a in again]
    fresh = StoryIndex(stats=index.stats)
    fresh.restore(index.story(story_id_for("a1")), batch)
    late = profiles(("a4", "Veto ends UN sanctions panel", VETO_NEWS + "\nDiplomats regretted it.", "2024-03-30"))
    assert fresh.add(late[0]).story_id == story_id_for("a1")


def test_similar_stories_merge_into_the_older_and_the_merge_is_recorded() -> None:
    index = StoryIndex(ClusterOptions(threshold=0.9, merge_threshold=0.3))
    batch = index.prime(profiles(("a1", "Russia vetoes UN panel", VETO, "2024-03-28"),
                                 ("a2", "Panel to close after veto", VETO_NEWS, "2024-03-29")))
    for profile in batch:
        index.add(profile, count_terms=False)
    assert len(index.stories) == 2
    index.options = ClusterOptions(threshold=0.2, merge_threshold=0.3)
    third = profiles(("a3", "UN panel on North Korea ends", VETO + "\n" + VETO_NEWS, "2024-03-30"))[0]
    assignment = index.add(third)
    assert assignment.merged and index.merges[0].into == story_id_for("a1")
    assert assignment.story_id == story_id_for("a1") and set(index.stories) == {story_id_for("a1")}
