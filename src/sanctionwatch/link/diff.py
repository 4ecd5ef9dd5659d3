"""What changed between two versions of a list: entries added, removed, and changed (with the fields)."""

from __future__ import annotations

import dataclasses
from typing import Any

from sanctionwatch.model import ListEntry, to_dict

COMPARED = ("schema", "caption", "names", "aliases", "countries", "programs", "references", "listed_on",
            "identifiers")
# FtM properties that only repeat the fields above (compared there already)
MIRRORED = frozenset({"name", "alias", "weakAlias", "previousName", "country", "nationality", "citizenship",
                      "jurisdiction", "flag", "program", "imoNumber", "passportNumber", "idNumber", "mmsi",
                      "registrationNumber", "topics"})


@dataclasses.dataclass
class EntryChange:
    entry_id: str
    caption: str
    fields: list[str]  # e.g. ["aliases", "entity.notes"]
    details: list[str] = dataclasses.field(default_factory=list)  # e.g. "aliases: +'NATA', -'NADA'"

    @property
    def substantive(self) -> bool:
        """Whether more than the free-text properties (notes, positions, dates of birth) changed."""
        return any(not field.startswith("entity.") for field in self.fields)


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
            details = [_detail(name, getattr(before[key], name), getattr(after[key], name))
                       for name in fields if name in COMPARED]
            changed.append(EntryChange(key, after[key].caption, fields, details))
    changed.sort(key=lambda change: not change.substantive)  # names, aliases, countries ... before notes
    unchanged = len(before.keys() & after.keys()) - len(changed)
    return ListDiff(added, removed, changed, unchanged)


def changed_fields(old: ListEntry, new: ListEntry) -> list[str]:
    """The names of the fields (and FtM properties, as ``entity.<prop>``) that differ."""
    fields = [name for name in COMPARED if _normal(getattr(old, name)) != _normal(getattr(new, name))]
    old_props, new_props = old.entity.get("properties", {}), new.entity.get("properties", {})
    for prop in sorted((set(old_props) | set(new_props)) - MIRRORED):
        if _normal(old_props.get(prop, [])) != _normal(new_props.get(prop, [])):
            fields.append(f"entity.{prop}")
    return fields


def _detail(name: str, old: Any, new: Any) -> str:
    """What changed in one field: values added and removed, or the value before and after."""
    if isinstance(old, list) and isinstance(new, list):
        old_values, new_values = _labels(old), _labels(new)
        moved = [f"+{v!r}" for v in new_values if v not in old_values]
        moved += [f"-{v!r}" for v in old_values if v not in new_values]
        return f"{name}: {', '.join(moved) or 'changed'}"
    if isinstance(old, dict) and isinstance(new, dict):
        return f"{name}: {_flat(old)} -> {_flat(new)}"
    return f"{name}: {old!r} -> {new!r}"


def _labels(values: list[Any]) -> list[str]:
    labels = []
    for value in values:
        if dataclasses.is_dataclass(value):
            weak = " (weak)" if getattr(value, "weak", False) else ""
            labels.append(f"{getattr(value, 'name', value)}{weak}")
        else:
            labels.append(str(value))
    return labels


def _flat(values: dict[str, list[str]]) -> str:
    return "; ".join(f"{kind} {', '.join(items)}" for kind, items in sorted(values.items())) or "-"


def _normal(value: Any) -> Any:
    """A comparable form: lists compared as sets (the order of aliases is no change)."""
    if isinstance(value, list):
        return sorted(repr(_normal(to_dict(item) if dataclasses.is_dataclass(item) else item)) for item in value)
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    return value
