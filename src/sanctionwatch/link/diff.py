"""What changed between two versions of a list: entries added, removed, and changed (with the fields)."""

from __future__ import annotations

import dataclasses
from typing import Any

from sanctionwatch.model import ListEntry, to_dict

COMPARED = ("schema", "caption", "names", "aliases", "countries", "programs", "references", "listed_on",
            "identifiers")


@dataclasses.dataclass
class EntryChange:
    entry_id: str
    caption: str
    fields: list[str]  # e.g. ["aliases", "entity.notes"]


@dataclasses.dataclass
class ListDiff:
    added: list[ListEntry]
    removed: list[ListEntry]
    changed: list[EntryChange]
    unchanged: int


def diff_lists(old: list[ListEntry], new: list[ListEntry]) -> ListDiff:
    """Entries of ``new`` not in ``old`` (by entry id), the reverse, and those whose content differs."""
    before = {entry.entry_id: entry for entry in old}
    after = {entry.entry_id: entry for entry in new}
    added = [after[key] for key in sorted(after.keys() - before.keys())]
    removed = [before[key] for key in sorted(before.keys() - after.keys())]
    changed = []
    for key in sorted(before.keys() & after.keys()):
        fields = changed_fields(before[key], after[key])
        if fields:
            changed.append(EntryChange(key, after[key].caption, fields))
    unchanged = len(before.keys() & after.keys()) - len(changed)
    return ListDiff(added, removed, changed, unchanged)


def changed_fields(old: ListEntry, new: ListEntry) -> list[str]:
    """The names of the fields (and FtM properties, as ``entity.<prop>``) that differ."""
    fields = [name for name in COMPARED if _normal(getattr(old, name)) != _normal(getattr(new, name))]
    old_props, new_props = old.entity.get("properties", {}), new.entity.get("properties", {})
    for prop in sorted(set(old_props) | set(new_props)):
        if _normal(old_props.get(prop, [])) != _normal(new_props.get(prop, [])):
            fields.append(f"entity.{prop}")
    return fields


def _normal(value: Any) -> Any:
    """A comparable form: lists compared as sets (the order of aliases is no change)."""
    if isinstance(value, list):
        return sorted(repr(_normal(to_dict(item) if dataclasses.is_dataclass(item) else item)) for item in value)
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    return value
