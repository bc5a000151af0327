"""HTML to Document: trafilatura finds the main text and metadata.

    >>> html_to_document("<html><head><title>Ten refuse</title></head>"
    ...                  "<body><p>Ten soldiers refused to go.</p></body></html>").text
    'Ten refuse\\nTen soldiers refused to go.'

The title goes on the first line, then the main text (not repeated when the
page's own text already starts with it). The date comes from the page's
metadata and structured markup only (htmldate without its extensive search),
never from dates mentioned in the article body; `published` is the fallback
when the page has none. Reader comments are left out.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import lxml.html
import trafilatura
from lxml import etree

from otkaz.errors import SourceError
from otkaz.ingest.decode import decode_text, meta_charset
from otkaz.models import Document

# Elements after which a line ends when flattening an HTML fragment.
_BLOCKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "tr", "table", "section", "article", "header", "footer", "figure", "figcaption",
    "dd", "dt", "hr",
})
_DROP = ("script", "style", "noscript", "template")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def _same_line(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def join_title(title: str | None, body: str) -> str:
    """`title` on the first line, then `body`, unless `body` already starts with it."""
    body = body.strip()
    title = " ".join(title.split()) if title else ""
    if not title:
        return body
    first = body.split("\n", 1)[0]
    return body if _same_line(first, title) else f"{title}\n{body}".rstrip("\n")


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").date()
    except ValueError:
        return None


def _outlet(sitename: str, fallback: str | None) -> str | None:
    """The page's site name, unless it is only a host name and a real name was given."""
    if fallback and (not sitename or ("." in sitename and " " not in sitename)):
        return fallback
    return sitename or fallback


def html_to_document(
    html: str | bytes,
    *,
    url: str | None = None,
    doc_id: str | None = None,
    published: date | None = None,
    outlet: str | None = None,
) -> Document:
    """The article in page `html`; raises SourceError E107 when it holds no text.

    `doc_id` defaults to `url`; `published` and `outlet` are fallbacks for pages
    that do not state their own date or site name (`outlet` also beats a site
    name that is only the host name, such as "steppe.example").
    """
    source = doc_id or url or "<html>"
    if isinstance(html, bytes):
        html = decode_text(html, source=source, declared=meta_charset(html))
    if not html.strip():
        raise SourceError(source, "E102", "empty file")
    today = date.today().isoformat()
    try:
        found = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False,
            date_extraction_params={
                "original_date": True, "extensive_search": False, "max_date": today,
            },
        )
    except (ValueError, etree.LxmlError) as e:  # pragma: no cover - trafilatura rarely raises
        raise SourceError(source, "E107", f"no article text found in HTML ({e})") from e
    body = (getattr(found, "text", None) or "").strip() if found is not None else ""
    if not body:
        raise SourceError(source, "E107", "no article text found in HTML")
    title = (getattr(found, "title", None) or "").strip() or None
    return Document(
        id=doc_id or url or source,
        text=join_title(title, body),
        published=_parse_date(getattr(found, "date", None)) or published,
        url=url,
        outlet=_outlet((getattr(found, "sitename", None) or "").strip(), outlet),
        title=title,
    )


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one line per block.

    >>> fragment_to_text("<p>One <b>two</b>.</p><p>Three.</p>")
    'One two.\\nThree.'
    """
    if "<" not in fragment:
        return "\n".join(line.strip() for line in fragment.strip().splitlines() if line.strip())
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in list(root.iter(*_DROP)):
        bad.drop_tree()
    parts: list[str] = []
    _flatten(root, parts)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _flatten(element: lxml.html.HtmlElement, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            if child.tail:
                parts.append(child.tail)
            continue
        _flatten(child, parts)
        if child.tag in _BLOCKS:
            parts.append("\n")
        if child.tail:
            parts.append(child.tail)
