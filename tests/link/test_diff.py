"""What changed between two versions of a list: added, removed and changed entries, with the fields."""

import dataclasses
from pathlib import Path
from typing import Any

from sanctionwatch.link import diff_lists, read_list_file
from sanctionwatch.model import ListAlias


def test_added_removed_changed(samples: Any) -> None:
    old = read_list_file(samples.path("un")).entries
    renamed = dataclasses.replace(old[0], aliases=[*old[0].aliases, ListAlias("Yun Hojin")], countries=["KP", "CN"])
    new = [renamed, dataclasses.replace(old[1], entry_id="KPe.099")]
    diff = diff_lists(old, new)
    assert [e.entry_id for e in diff.added] == ["KPe.099"] and [e.entry_id for e in diff.removed] == ["KPe.020"]
    (change,) = diff.changed
    assert change.entry_id == "KPi.001" and change.fields == ["aliases", "countries"] and change.substantive
    assert change.details == ["aliases: +'Yun Hojin'", "countries: +'CN'"]
    assert diff_lists(old, list(reversed(old))).changed == [] and diff.unchanged == 0


def test_real_un_versions(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "sanctions_lists" / "dprk_subsets"
    diff = diff_lists(read_list_file(folder / "un_sc_dprk_2018-10.xml").entries,
                      read_list_file(folder / "un_sc_dprk_2026-02.xml").entries)
    changes = {change.entry_id: change for change in diff.changed}
    assert not diff.added and not diff.removed and diff.unchanged + len(changes) == 155
    nada = changes["KPe.029"]  # renamed: National Aerospace Development -> Technology Administration
    assert nada.caption == "NATIONAL AEROSPACE TECHNOLOGY ADMINISTRATION" and "caption" in nada.fields
    assert any("+'NATA'" in detail for detail in nada.details)
    assert changes["KPe.008"].details == [
        "aliases: +'Kuryonggang Trading Corporation', +'Ryungseng Trading Corporation', "
        "+'Ryung Seng Trading Corporation', +'Ryungsong Trading Corporation', +'Kore Kuryonggang Trading Corporation'"]
    assert [c.substantive for c in diff.changed] == sorted((c.substantive for c in diff.changed), reverse=True)
