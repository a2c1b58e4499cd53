"""What the portal clients read from an HTML page: its forms' fields, its images, its links and
the text of its message elements. The standard library's tolerant parser, no scripts run."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Link:
    href: str
    text: str
    attrs: dict[str, str]


@dataclass
class HtmlPage:
    """The parts of a page the clients use."""

    #: ``name → value`` of every ``<input>`` (hidden ones included) in document order
    inputs: dict[str, str] = field(default_factory=dict)
    #: ``id → src`` of every ``<img>`` with an id
    images: dict[str, str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    #: ``id → text`` of every element with an id (its text, tags removed, spaces collapsed)
    texts: dict[str, str] = field(default_factory=dict)
    #: every ``class`` → texts of the elements carrying it
    classes: dict[str, list[str]] = field(default_factory=dict)
    title: str = ""

    def text_of(self, element_id: str) -> str:
        return self.texts.get(element_id, "")


_VOID = {"input", "img", "br", "hr", "meta", "link", "area", "base", "col", "source", "wbr"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = HtmlPage()
        # open elements: (tag, id, classes, collected text parts, link attrs or None)
        self._open: list[tuple[str, str, list[str], list[str], dict[str, str] | None]] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "input" and values.get("name"):
            self.page.inputs[values["name"]] = values.get("value", "")
        if tag == "img" and values.get("id"):
            self.page.images[values["id"]] = values.get("src", "")
        if tag == "title":
            self._in_title = True
        if tag in _VOID:
            return
        classes = values.get("class", "").split()
        self._open.append((tag, values.get("id", ""), classes, [], values if tag == "a" else None))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        # close up to the matching tag (pages are not always well formed)
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                for closed in reversed(self._open[index:]):
                    self._close(closed)
                del self._open[index:]
                return

    def _close(self, element: tuple[str, str, list[str], list[str], dict[str, str] | None]) -> None:
        _tag, element_id, classes, parts, link = element
        text = " ".join("".join(parts).split())
        if element_id:
            self.page.texts[element_id] = text
        for name in classes:
            self.page.classes.setdefault(name, []).append(text)
        if link is not None:
            self.page.links.append(Link(href=link.get("href", ""), text=text, attrs=link))

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data.strip()
        for element in self._open:
            element[3].append(data)


def read_page(html: str) -> HtmlPage:
    """The forms, images, links and texts of ``html``."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    for element in reversed(reader._open):
        reader._close(element)
    return reader.page
