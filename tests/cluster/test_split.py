"""The second look splits a story holding two events of one kind (two earthquakes in Iran)."""

from sanctionwatch.cluster import ClusterOptions, StoryIndex, cluster_profiles, profile_article, story_id_for
from sanctionwatch.cluster.split import bisect_story
from sanctionwatch.cluster.story_state import weigh_profile
from sanctionwatch.evaluation.clustering import cluster_labels
from sanctionwatch.model import Story

from .builders import make_analysis, make_article

QESHM = [
    ("q1", "Earthquake kills 10 on Iran's Qeshm island",
     "A magnitude 5.9 earthquake struck Qeshm island in southern Iran on Sunday 27 November 2005, killing 10 "
     "people.\nThe Red Crescent sent rescue teams from Bandar Abbas to villages of mud-brick houses near Dargahan."),
    ("q2", "Quake on Qeshm: ten dead",
     "Ten people died when an earthquake of magnitude 5.9 hit Qeshm island off the coast of southern Iran in "
     "November 2005.\nRescue teams from Bandar Abbas reached Dargahan, where mud-brick houses collapsed, the Red "
     "Crescent said."),
    ("q3", "Iran quake razes villages on Qeshm island",
     "An earthquake razed mud-brick villages on Iran's Qeshm island, killing 10, officials said in Bandar Abbas.\n"
     "The Red Crescent said the quake of magnitude 5.9 struck near Dargahan on 27 November 2005."),
]
LORESTAN = [
    ("l1", "Earthquake kills 70 in Iran's Lorestan province",
     "A magnitude 6.1 earthquake struck Lorestan province in western Iran on Friday 31 March 2006, killing 70 "
     "people.\nThe Red Crescent sent rescue teams from Borujerd to villages of mud-brick houses near Dorud."),
    ("l2", "Lorestan quake: seventy dead",
     "Seventy people died when an earthquake of magnitude 6.1 hit Lorestan province in western Iran in March 2006.\n"
     "Rescue teams from Borujerd reached Dorud, where mud-brick houses collapsed, the Red Crescent said."),
    ("l3", "Iran quake razes villages in Lorestan",
     "An earthquake razed mud-brick villages in Iran's Lorestan province, killing 70, officials said in Borujerd.\n"
     "The Red Crescent said the quake of magnitude 6.1 struck near Dorud on 31 March 2006."),
]
NAMES = [("Qeshm", "GPE"), ("Iran", "GPE"), ("Bandar Abbas", "GPE"), ("Dargahan", "GPE"), ("Red Crescent", "ORG"),
         ("Lorestan", "GPE"), ("Borujerd", "GPE"), ("Dorud", "GPE")]
MIXED = [0, 3, 1, 4, 2, 5]  # the two events interleaved, as a feed would bring them


def profiles(items: list[tuple[str, str, str]]) -> list:  # type: ignore[type-arg]
    found = []
    for article_id, title, text in items:
        article = make_article(article_id, title, text, None)
        found.append(profile_article(article, make_analysis(article, NAMES)))
    return found


def stories_of(assignments: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {a.article_id: a.story_id for a in assignments}


def test_sibling_events_merged_online_are_split_on_the_second_look() -> None:
    batch = [profiles(QESHM + LORESTAN)[i] for i in MIXED]
    merged, _ = cluster_profiles(batch, refine=False)
    assert len(set(stories_of(merged).values())) == 1  # the words and names they share pull them together
    assignments, _ = cluster_profiles(batch)
    story = stories_of(assignments)
    assert story["q1"] == story["q2"] == story["q3"] == story_id_for("q1")
    assert story["l1"] == story["l2"] == story["l3"] == story_id_for("l1")
    moved = next(a for a in assignments if a.article_id == "l2")
    split = next(f for f in moved.features if f.name == "split")
    assert "between them" in split.explanation and story_id_for("q1") in split.explanation
    assert moved.features[0].name == "text" and moved.score > 0.28


def test_one_event_told_six_times_is_not_split() -> None:
    index = StoryIndex()
    batch = index.prime(profiles(QESHM + [(f"{i}b", t, f"{x}\nOfficials gave no new figures.") for i, t, x in QESHM]))
    members = [weigh_profile(p, index.stats) for p in batch]
    assert bisect_story(members, ClusterOptions()) is None
    assert bisect_story(members[:5], ClusterOptions()) is None  # too few for two parts of three


def test_stored_articles_stay_and_only_the_batch_is_split_off() -> None:
    index = StoryIndex(ClusterOptions(threshold=0.15))
    stored, batch = profiles(QESHM), profiles(LORESTAN)
    index.prime(stored + batch)
    index.restore(Story(story_id_for("q1"), QESHM[0][1]), stored)
    for profile in batch:
        index.add(profile, count_terms=False)
    assert set(index.stories) == {story_id_for("q1")}
    moved = stories_of(index.refine())
    assert set(moved) == {"l1", "l2", "l3"} and set(moved.values()) == {story_id_for("l1")}
    assert set(index.stories[story_id_for("q1")].members) == {"q1", "q2", "q3"}


def test_a_cut_through_stored_articles_is_refused() -> None:
    index = StoryIndex()
    members = [weigh_profile(p, index.stats) for p in index.prime(profiles(QESHM + LORESTAN))]
    assert bisect_story(members, ClusterOptions(), fixed=1) is not None
    assert bisect_story(members, ClusterOptions(), fixed=4) is None


def test_fed_one_at_a_time_the_sibling_events_are_split_once_the_third_arrives() -> None:
    """Measured by ``eval clustering --batch-size``: the latest stored articles of a story may move, so a stream
    ends as one batch does; with ``revisit=0`` (stored articles never move) the two events stay merged."""
    batch = [profiles(QESHM + LORESTAN)[i] for i in MIXED]
    as_one = cluster_labels(batch)
    assert len(set(as_one)) == 2 and cluster_labels(batch, batch_size=len(batch)) == as_one
    for size in (1, 2):  # the same two stories (the Lorestan one named after a later report)
        assert groups(cluster_labels(batch, batch_size=size)) == groups(as_one) == [[0, 2, 4], [1, 3, 5]]
    assert len(set(cluster_labels(batch, ClusterOptions(revisit=0), batch_size=1))) == 1


def groups(labels: list[str]) -> list[list[int]]:
    found: dict[str, list[int]] = {}
    for n, label in enumerate(labels):
        found.setdefault(label, []).append(n)
    return sorted(found.values())


def restored_with_latest(order: list[str], options: ClusterOptions) -> StoryIndex:
    """A story of Qeshm reports and two Lorestan reports, stored in ``order``, then the third Lorestan report."""
    index = StoryIndex(options)
    items = {p.article_id: p for p in index.prime(profiles(QESHM + LORESTAN))}
    index.restore(Story(story_id_for("q1"), QESHM[0][1]), [items[article_id] for article_id in order])
    index.add(items["l3"], count_terms=False)
    return index


def test_only_the_latest_stored_articles_move_and_the_founder_keeps_the_id() -> None:
    index = restored_with_latest(["q1", "q2", "q3", "l1", "l2"], ClusterOptions(revisit=2))
    moved = {a.article_id: a for a in index.refine()}
    assert set(index.reopened) == {"l1", "l2"} and set(moved) == {"l1", "l2", "l3"}
    assert {a.story_id for a in moved.values()} == {story_id_for("l3")}  # named after its first new report
    assert set(index.stories[story_id_for("q1")].members) == {"q1", "q2", "q3"}
    assert all(a.features[-1].name == "split" and not a.new_story for a in moved.values())
    assert index.stored_order["l1"] > index.stored_order["q3"]  # moved: stored again, now the latest
    index = restored_with_latest(["q1", "l1", "l2", "q2", "q3"], ClusterOptions(revisit=2))
    assert index.refine() == [] and set(index.reopened) == {"q2", "q3"}  # the Lorestan reports are too old


def test_a_stored_article_moves_to_a_better_story_and_the_story_it_empties_is_a_merge() -> None:
    index = StoryIndex(ClusterOptions(merge_threshold=2.0))  # no merge on joining: only moves
    qeshm = index.prime(profiles(QESHM))
    index.restore(Story(story_id_for("q1"), "Qeshm"), qeshm[:2])
    index.restore(Story("later", "Qeshm again"), [qeshm[2]])  # a stored Qeshm report on its own
    (late,) = index.prime(profiles(LORESTAN[2:]))
    assert index.add(late, count_terms=False).story_id == "later"
    moved = {a.article_id: a for a in index.refine()}
    assert index.reopened == {"q3": "later"} and moved["q3"].story_id == story_id_for("q1")
    assert moved["q3"].features[0].name == "text" and moved["q3"].score > 0.5
    (merge,) = index.merges  # the Lorestan report followed, leaving the stored story empty
    assert (merge.merged, merge.into, moved["l3"].merged) == ("later", story_id_for("q1"), ["later"])
