"""An analysis as one compact blob: the form ``analyses.packed`` keeps it in (and a brief, ``briefs.packed``).

Each list of dataclasses (sentences, entities, facts, attributions) is written as its field names
once and then one row of values per item, so the names are not repeated thousands of times. A text
that is exactly the article's characters between its span (an entity's text, a fact's text, an
attribution's source and cue) is left out and cut from the article again when read. The JSON is
then compressed with zlib behind a one-byte format mark, with a preset dictionary (``PRESET``) of the
words every analysis repeats (field names, labels, fact keys, feature explanations): a blob of a
thousand bytes cannot teach zlib those by itself. ``PRESET`` belongs to format 1 and must never
change; a new dictionary needs a new format mark.

``unpack_analysis(pack_analysis(a, text), text)`` rebuilds an ``Analysis`` equal to ``a``. Fields
added to the model later read as their defaults from blobs written before them.

A brief is kept as its JSON and its rendered text, compressed together (the text repeats the
brief's sentences, which zlib then stores once).
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from typing import Any

from sanctionwatch.errors import StoreError
from sanctionwatch.model import (
    Analysis,
    Assessment,
    Attribution,
    Brief,
    Entity,
    Fact,
    JSONDict,
    Sentence,
    from_dict,
    to_dict,
)

FORMAT = b"\x01"
PRESET = (
    b'"date",[{"year":null,"month":null,"day":null,"iso":"","relative":false,"deadline":false,"part":null}]'
    b'"evasion_method",{"typology":"","cue":"","variant":null,"strength":"strong"}"legal_reference",'
    b'{"instrument":"","kb_id":"","paragraph":null,"year":null}"count",{"value":0,"min_value":null,'
    b'"max_value":null,"approximate":false,"vague":false,"unit":"","subject":"","place":null}"money",'
    b'{"value":0,"currency":"USD","period":null,"approximate":false,"bound":null,"per":null}'
    b'"assessment":{"sanctions_evasion":false,"score":0.0,"features":[{"name":"target_countries","weight":0.0,'
    b'"explanation":"names countries under sanctions regimes ("},{"name":"typologies","weight":0.0,'
    b'"explanation":"describes evasion methods ("},{"name":"sanctions_terms","weight":0.0,'
    b'"explanation":"uses sanctions vocabulary in its sanctions sense ("},{"name":"evasion_phrases",'
    b'"weight":0.0,"explanation":"names sanctions evasion or violation outright ("},{"name":"evasion_terms",'
    b'"weight":0.0,"explanation":"uses evasion words next to sanctions or a sanctioned country ("},'
    b'{"name":"enforcement","weight":0.0,"explanation":"reports enforcement against sanctions targets ("},'
    b'{"name":"instruments","weight":0.0,"explanation":"cites sanctions instruments ("},{"name":'
    b'"other_senses","weight":0.0,"explanation":"uses the words in another sense: tax, sport or approval ("}],'
    b'"regimes":[],"provisions":[],"typologies":[],"discrepancies":[]}'
    b'{"v":"","countries":[],"sentences":{"fields":["start","end"],"rows":[[0,0]]},"entities":{"fields":'
    b'["text","label","start","end","country","canonical"],"rows":[[null,"PERSON",0,0,null,null],'
    b'[null,"NORP",0,0,null,null],[null,"ORG",0,0,null,null],[null,"GPE",0,0,null,null]]},'
    b'"attributions":{"fields":["id","source","source_start","source_end","cue","cue_start","cue_end",'
    b'"claim_start","claim_end","stance","sentence","source_canonical"],"rows":[["a",null,0,0,null,0,0,0,0,'
    b'"reported",0,null],["a",null,0,0,null,0,0,0,0,"asserted",0,null]]},"facts":{"fields":["id","kind",'
    b'"text","start","end","sentence","value"],"rows":[["p","actor",null,0,0,0,{"name":"","type":"person",'
    b'"role":null,"canonical":null,"country":null}],["p","actor",null,0,0,0,{"name":"","type":"organization",'
    b'"role":null,"canonical":null,"country":null}],["p","actor",null,0,0,0,{"name":"","type":"country",'
    b'"role":null,"canonical":null,"country":null}]]}'
)
ITEMS: dict[str, type[Any]] = {"sentences": Sentence, "entities": Entity, "facts": Fact,
                               "attributions": Attribution}
# (text field, start field, end field): a text the article's span reproduces is not stored.
SPANS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "entities": (("text", "start", "end"),),
    "facts": (("text", "start", "end"),),
    "attributions": (("source", "source_start", "source_end"), ("cue", "cue_start", "cue_end")),
}


def pack_analysis(analysis: Analysis, text: str) -> bytes:
    """The analysis of an article with this text, compact and compressed."""
    data: dict[str, Any] = {"v": analysis.analyzer_version, "countries": analysis.countries,
                            "assessment": to_dict(analysis.assessment) if analysis.assessment else None}
    for name in ITEMS:
        data[name] = _rows(name, [to_dict(item) for item in getattr(analysis, name)], text)
    packer = zlib.compressobj(9, zdict=PRESET)
    return FORMAT + packer.compress(json.dumps(data, separators=(",", ":")).encode()) + packer.flush()


def unpack_analysis(blob: bytes, article_id: str, text: str) -> Analysis:
    """The analysis ``pack_analysis`` packed, for the article with this id and text."""
    data = _load(blob, f"analysis of article {article_id}")
    analysis = Analysis(article_id=article_id, analyzer_version=data["v"], countries=data["countries"])
    for name, cls in ITEMS.items():
        known = {field.name for field in dataclasses.fields(cls)}
        setattr(analysis, name, [cls(**{k: v for k, v in item.items() if k in known})
                                 for item in _items(name, data[name], text)])
    if data["assessment"] is not None:
        analysis.assessment = from_dict(Assessment, data["assessment"])
    return analysis


def unpack_items(blob: bytes, article_id: str, text: str, name: str) -> list[dict[str, Any]]:
    """One list of a packed analysis (a key of ``ITEMS``) as plain dicts: cheaper than the whole analysis."""
    return _items(name, _load(blob, f"analysis of article {article_id}")[name], text)


def pack_brief(brief: Brief, text: str) -> bytes:
    """A brief and its rendered text, compressed together."""
    return pack_brief_dict(to_dict(brief), text)


def pack_brief_dict(brief: JSONDict, text: str) -> bytes:
    """``pack_brief`` of a brief as ``to_dict`` wrote it."""
    data = json.dumps({"text": text, "brief": brief}, separators=(",", ":")).encode()
    return FORMAT + zlib.compress(data, 9)


def unpack_brief(blob: bytes, subject: str) -> tuple[JSONDict, str]:
    """The brief (as ``to_dict`` wrote it) and its rendered text, from ``pack_brief``."""
    data = _load(blob, f"brief {subject}", zdict=None)
    return data["brief"], data["text"]


def _rows(name: str, items: list[dict[str, Any]], text: str) -> dict[str, Any]:
    fields = [field.name for field in dataclasses.fields(ITEMS[name])]
    for item in items:
        for text_field, start, end in SPANS.get(name, ()):
            if item[text_field] == text[item[start]:item[end]]:
                item[text_field] = None
    return {"fields": fields, "rows": [[item[field] for field in fields] for item in items]}


def _items(name: str, table: dict[str, Any], text: str) -> list[dict[str, Any]]:
    items = [dict(zip(table["fields"], row, strict=True)) for row in table["rows"]]
    for item in items:
        for text_field, start, end in SPANS.get(name, ()):
            if item.get(text_field) is None:
                item[text_field] = text[item[start]:item[end]]
    return items


def _load(blob: bytes, what: str, zdict: bytes | None = PRESET) -> dict[str, Any]:
    """The JSON in a blob; ``what`` names the blob in the error."""
    if not blob.startswith(FORMAT):
        raise StoreError(f"{what} is in an unknown stored format")
    try:
        unpacker = zlib.decompressobj(zdict=zdict) if zdict else zlib.decompressobj()
        data: dict[str, Any] = json.loads(unpacker.decompress(blob[len(FORMAT):]) + unpacker.flush())
    except (zlib.error, ValueError) as error:
        raise StoreError(f"{what} cannot be read: {error}") from error
    return data
