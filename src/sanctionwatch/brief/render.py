"""Renderings of a brief: the house text format, Markdown, HTML (escaped) and JSON."""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from sanctionwatch.errors import InputError
from sanctionwatch.model import Brief, BriefSentence, to_dict


def render_text(brief: Brief) -> str:
    """The house format: headline, a blank line, one line per paragraph, then the source line."""
    lines = [brief.headline.text, ""]
    lines += [_paragraph_text(p.sentences) for p in brief.paragraphs]
    lines.append(source_line(brief))
    return "\n".join(lines) + "\n"


def render_markdown(brief: Brief) -> str:
    parts = [f"# {brief.headline.text}"]
    parts += [_paragraph_text(p.sentences) for p in brief.paragraphs]
    parts.append(source_line(brief))
    return "\n\n".join(parts) + "\n"


def render_html(brief: Brief) -> str:
    """A standalone HTML fragment; every piece of text is escaped."""
    parts = [f"<article class=\"brief\">\n<h1>{html.escape(brief.headline.text)}</h1>"]
    for paragraph in brief.paragraphs:
        text = html.escape(_paragraph_text(paragraph.sentences))
        parts.append(f"<p class=\"{html.escape(paragraph.role)}\">{text}</p>")
    parts.append(f"<p class=\"sources\">{html.escape(source_line(brief))}</p>\n</article>")
    return "\n".join(parts) + "\n"


def render_json(brief: Brief) -> str:
    data = to_dict(brief)
    data["text"] = render_text(brief)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Brief], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
}


def render(brief: Brief, fmt: str) -> str:
    try:
        return RENDERERS[fmt](brief)
    except KeyError:
        raise InputError(f"unknown brief format {fmt!r}; choose from {', '.join(RENDERERS)}") from None


def source_line(brief: Brief) -> str:
    """``Original Source: a`` for one source, ``Original Sources: a, b`` for several."""
    label = "Original Source" if len(brief.sources) == 1 else "Original Sources"
    return f"{label}: {', '.join(brief.sources)}"


def _paragraph_text(sentences: list[BriefSentence]) -> str:
    return " ".join(s.text.strip() for s in sentences)
