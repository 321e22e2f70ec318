"""The main text of a page: what a resident reads, without the site's navigation and footer.

The container is the first <main> (or role="main"), else <article>, else <body>. Inside it,
nav / header / footer / aside (and their ARIA roles), scripts, styles, forms' option lists and
hidden elements are dropped. <rt>/<rp> (the furigana itself) is not text to read, but the kanji
it annotates are counted for ruby coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
DROPPED = {
    "nav", "header", "footer", "aside", "script", "style", "noscript", "template", "svg",
    "iframe", "object", "select", "datalist", "rt", "rp", "head", "title",
}  # fmt: skip
DROPPED_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
BLOCKS = {
    "address", "article", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "label", "legend",
    "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul", "button", "summary", "details",
}  # fmt: skip
# Headings and labels name things; they are not prose (a title like こくみん けんこう ほけん or a
# button saying おくる must not count as a sentence).
LABELS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "caption", "legend", "summary", "label", "button", "th",
    "dt",
}  # fmt: skip
# Elements an open <p>/<li>/… is implicitly closed by (HTML's optional end tags).
_IMPLIED_END = {"p": BLOCKS, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}}

KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]")
KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list[_Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A forgiving tree: stray end tags are ignored, unclosed elements close with their parent."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        top = self.stack[-1].tag
        if top in _IMPLIED_END and tag in _IMPLIED_END[top]:
            self.stack.pop()
        element = _Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass(frozen=True)
class Block:
    text: str
    is_label: bool


@dataclass(frozen=True)
class MainText:
    blocks: tuple[Block, ...]
    title: str | None
    lang: str | None
    kanji_total: int  # kanji in the main text
    kanji_in_ruby: int  # of which inside a <ruby> base (annotated with furigana)
    ruby_elements: int

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def _find(element: _Element, match: str, value: str | None = None) -> _Element | None:
    """Depth-first first element with this tag (or, with value, this role)."""
    pending: list[_Element] = [element]
    while pending:
        current = pending.pop()
        if value is None and current.tag == match:
            return current
        if value is not None and current.attrs.get(match, "").strip().lower() == value:
            return current
        pending.extend(c for c in reversed(current.children) if isinstance(c, _Element))
    return None


def _is_dropped(element: _Element) -> bool:
    return (
        element.tag in DROPPED
        or "hidden" in element.attrs
        or element.attrs.get("role", "").strip().lower() in DROPPED_ROLES
    )


def extract_main_text(html: str) -> MainText:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    root = builder.root
    html_element = _find(root, "html")
    lang = (html_element.attrs.get("lang") or None) if html_element else None
    title_element = _find(root, "title")
    title = _plain(title_element).strip() or None if title_element else None
    container = (
        _find(root, "main")
        or _find(root, "role", "main")
        or _find(root, "article")
        or _find(root, "body")
        or root
    )
    return _walk(container, title, lang)


def _plain(element: _Element) -> str:
    return "".join(c if isinstance(c, str) else _plain(c) for c in element.children)


def _walk(container: _Element, title: str | None, lang: str | None) -> MainText:
    blocks: list[Block] = []
    buffer: list[str] = []
    kanji_total = kanji_in_ruby = ruby_elements = 0
    label_depth = ruby_depth = 0

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(buffer)).strip()
        buffer.clear()
        if text:
            blocks.append(Block(text, label_depth > 0))

    # Iterative walk (deeply nested markup must not hit the recursion limit): a string item is
    # text, an element is entered, ("exit", element) leaves it.
    pending: list[_Element | str | tuple[str, _Element]] = [container]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            buffer.append(item)
            found = len(KANJI.findall(item))
            kanji_total += found
            kanji_in_ruby += found if ruby_depth else 0
            continue
        if isinstance(item, tuple):
            element = item[1]
            if element.tag in BLOCKS:
                flush()
            label_depth -= element.tag in LABELS
            ruby_depth -= element.tag == "ruby"
            continue
        if item is not container and _is_dropped(item):
            continue
        if item.tag in BLOCKS:
            flush()
        label_depth += item.tag in LABELS
        ruby_depth += item.tag == "ruby"
        ruby_elements += item.tag == "ruby"
        pending.append(("exit", item))
        pending.extend(reversed(item.children))
    flush()
    return MainText(tuple(blocks), title, lang, kanji_total, kanji_in_ruby, ruby_elements)


def japanese_share(text: str) -> float:
    """Kana and kanji among the letters and digits of a text (0 for a text without any)."""
    letters = sum(ch.isalnum() for ch in text)
    japanese = len(KANJI.findall(text)) + len(KANA.findall(text))
    return japanese / letters if letters else 0.0
