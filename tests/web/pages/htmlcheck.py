"""Checks every page must pass, on the HTML text alone (no browser)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

PAGE_BUDGET_BYTES = 100_000
# XML namespaces name a vocabulary; a browser never fetches them.
NAMESPACES = ("http://www.w3.org/",)
URL_RE = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
LABELLED_TYPES_SKIPPED = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class PageFacts:
    """What the parser saw in one page."""

    h1_count: int = 0
    controls: list[dict[str, str]] = field(default_factory=list)
    label_for: set[str] = field(default_factory=set)
    wrapped: set[int] = field(default_factory=set)  # indexes of controls inside a <label>
    resources: list[str] = field(default_factory=list)  # src/href that the browser loads
    external_links: list[tuple[str, str]] = field(default_factory=list)  # (href, rel)
    forms: list[dict[str, str]] = field(default_factory=list)
    form_has_csrf: list[bool] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        f = self.facts
        if "id" in a:
            f.ids.append(a["id"])
        if tag == "h1":
            f.h1_count += 1
        elif tag == "label":
            self._label_depth += 1
            if a.get("for"):
                f.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            self._control(tag, a)
        elif tag == "form":
            f.forms.append(a)
            f.form_has_csrf.append(False)
        self._resources(tag, a)

    def _control(self, tag: str, a: dict[str, str]) -> None:
        f = self.facts
        if tag == "input" and a.get("type", "text") in LABELLED_TYPES_SKIPPED:
            if a.get("name") == "csrf_token" and f.form_has_csrf:
                f.form_has_csrf[-1] = True
            return
        if self._label_depth:
            f.wrapped.add(len(f.controls))
        f.controls.append({"tag": tag, **a})

    def _resources(self, tag: str, a: dict[str, str]) -> None:
        f = self.facts
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "object"):
            f.resources.extend(a[k] for k in ("src", "data", "srcset", "poster") if a.get(k))
        if tag == "link" and a.get("href"):
            f.resources.append(a["href"])
        if tag == "a" and URL_RE.match(a.get("href", "")):
            f.external_links.append((a["href"], a.get("rel", "")))
        if tag == "form" and a.get("action"):
            f.resources.append(a["action"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_depth:
            self._label_depth -= 1


def parse(html: str) -> PageFacts:
    parser = _Parser()
    parser.feed(html)
    return parser.facts


def unlabelled_controls(facts: PageFacts) -> list[dict[str, str]]:
    """Form controls with no <label for>, no wrapping <label> and no aria-label(ledby)."""
    missing = []
    for i, control in enumerate(facts.controls):
        if i in facts.wrapped or control.get("aria-label") or control.get("aria-labelledby"):
            continue
        if control.get("id") and control["id"] in facts.label_for:
            continue
        missing.append(control)
    return missing


def external_urls(text: str, *, allowed_links: tuple[str, ...] = ()) -> list[str]:
    """Every absolute or protocol-relative URL in ``text`` other than XML namespaces and
    ``allowed_links`` (hrefs of plain links the person may follow; they load nothing)."""
    found = []
    for match in URL_RE.finditer(text):
        start = match.start()
        url = re.split(r"[\s\"'<>)]", text[start : start + 300])[0]
        if url.startswith(NAMESPACES) or url in allowed_links:
            continue
        found.append(url)
    return found
