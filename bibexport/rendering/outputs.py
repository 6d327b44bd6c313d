"""Output formats of formatted lists: escaping, markup, emphasis and links.

citeproc-py passes item data into its output without escaping it (an entry whose title
holds ``<script>`` would come out as markup). So item data never reaches citeproc-py
with a character that is special in any output: each such character is replaced by a
private-use placeholder first (:func:`protect`), case changes leave those alone, and
:meth:`OutputFormat.finish` turns them into the escaped form of the chosen output.
Text the style itself adds goes through the formatter's ``preformat``, which escapes it
the same way; markup comes only from the style's formatting and from bibexport.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Callable

# characters that are special in HTML, LaTeX, Markdown or reStructuredText
_SPECIAL = "&<>\\{}$%#_~^*[]`|"
_PLACEHOLDER_BASE = 0xE100
_TO_PLACEHOLDER = {ord(c): chr(_PLACEHOLDER_BASE + ord(c)) for c in _SPECIAL}
_FROM_PLACEHOLDER = {chr(_PLACEHOLDER_BASE + ord(c)): c for c in _SPECIAL}
_PLACEHOLDER = re.compile("[" + "".join(_FROM_PLACEHOLDER) + "]")

#: A character class range of all the placeholders (for patterns over protected text).
PLACEHOLDER_RANGE = f"{chr(_PLACEHOLDER_BASE)}-{chr(_PLACEHOLDER_BASE + 0x7F)}"

# emphasis and links bibexport adds after rendering (owner highlight, identifiers)
STRONG_OPEN, STRONG_CLOSE = "\ue001", "\ue002"
#: Single quotes of the data while an entry renders: printed as double quotes like the
#: others (see :func:`.items.normalise_quotes`), but title case does not capitalise after
#: them (citeproc-js: “family Values”).
SINGLE_OPEN, SINGLE_CLOSE = "\ue020", "\ue021"
LINK_OPEN, LINK_MIDDLE, LINK_CLOSE = "\ue003", "\ue004", "\ue005"
_LINK = re.compile(f"{LINK_OPEN}([^{LINK_MIDDLE}]*){LINK_MIDDLE}([^{LINK_CLOSE}]*){LINK_CLOSE}")


def protect(text: str) -> str:
    """Item data with every output-special character held as a placeholder."""
    return text.translate(_TO_PLACEHOLDER)


def unprotect(text: str) -> str:
    """The raw characters back (for link targets and plain comparisons)."""
    return _PLACEHOLDER.sub(lambda m: _FROM_PLACEHOLDER[m.group()], text)


def link(target: str, label: str) -> str:
    """A link mark, turned into the output's link syntax by :meth:`OutputFormat.finish`."""
    return f"{LINK_OPEN}{target}{LINK_MIDDLE}{label}{LINK_CLOSE}"


def _escape_latex(text: str) -> str:
    out = []
    for char in text:
        out.append(_LATEX_SPECIALS.get(char, char))
    return "".join(out)


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}


def _escape_markdown(text: str) -> str:
    # CommonMark lets a backslash escape any ASCII punctuation; "&" only matters where it
    # could start an entity ("&amp;"), so a plain "A & B" stays readable. "$" and "^" are
    # escaped for pandoc's Markdown, where they start math and superscripts.
    return re.sub(r"([\\`*_\[\]<>#|~$^]|&(?=#?\w+;))", r"\\\1", text)


def _escape_rst(text: str) -> str:
    return re.sub(r"([\\`*_|])", r"\\\1", text)


def _latex_url(target: str, label: str) -> str:
    if re.search(r"[{}\\^~\s]", target):
        return _escape_latex(label)
    return r"\url{" + target.replace("%", r"\%").replace("#", r"\#") + "}" if target == label else r"\href{" + target.replace("%", r"\%").replace("#", r"\#") + "}{" + _escape_latex(label) + "}"


@dataclass(frozen=True)
class OutputFormat:
    """How one output format escapes text and writes emphasis and links."""

    name: str
    escape: Callable[[str], str]
    tags: dict[str, tuple[str, str]]
    strong: tuple[str, str]
    make_link: Callable[[str, str], str]
    heading: Callable[[str, int], str]
    item_separator: str = "\n"

    def formatter(self) -> SimpleNamespace:
        """A citeproc-py formatter module for this output."""
        namespace = SimpleNamespace(preformat=lambda text: self.escape(str(text)))
        for style_name in ("Italic", "Oblique", "Bold", "Light", "Underline", "Superscript", "Subscript", "SmallCaps", "Baseline"):
            opening, closing = self.tags.get(style_name, ("", ""))
            setattr(namespace, style_name, _wrapper(style_name, opening, closing))
        return namespace

    def finish(self, text: str) -> str:
        """Placeholders to escaped characters, marks to markup."""
        from .display import write as write_display

        text = write_display(write_rich_text(text, self.name), self.name)
        text = _LINK.sub(lambda m: self.make_link(unprotect(m.group(1)), self.escape(unprotect(m.group(2)))), text)
        text = _PLACEHOLDER.sub(lambda m: self.escape(_FROM_PLACEHOLDER[m.group()]), text)
        return text.replace(STRONG_OPEN, self.strong[0]).replace(STRONG_CLOSE, self.strong[1])


# the data's rich text (see :mod:`bibexport.richtext`) per output: kind -> (open, close)
_RICH_TAGS: dict[str, dict[str, tuple[str, str]]] = {
    "html": {"italic": ("<i>", "</i>"), "bold": ("<b>", "</b>"), "superscript": ("<sup>", "</sup>"),
             "subscript": ("<sub>", "</sub>"), "small-caps": ('<span style="font-variant:small-caps">', "</span>")},
    # \emph turns upright inside italics by itself: LaTeX's own flip-flop
    "latex": {"italic": ("\\emph{", "}"), "bold": ("\\textbf{", "}"), "superscript": ("\\textsuperscript{", "}"),
              "subscript": ("\\textsubscript{", "}"), "small-caps": ("\\textsc{", "}"), "nodecor": ("\\textnormal{", "}")},
    "markdown": {"italic": ("*", "*"), "bold": ("**", "**"), "superscript": ("<sup>", "</sup>"), "subscript": ("<sub>", "</sub>")},
    "rst": {},
    "text": {},
}
# HTML: a decoration inside the same decoration turns it off, as citeproc-js writes it
_HTML_NORMAL = {"italic": "font-style:normal", "bold": "font-weight:normal", "small-caps": "font-variant:normal"}
_HTML_DECORATION_TAG = re.compile(r'<(/?)(i|b|span)(?: style="([^"]*)")?[^>]*>')


def write_rich_text(text: str, output: str) -> str:
    """The rich-text marks of item data (``<i>`` in a CSL-JSON title) as the output's
    markup; in HTML, italics inside italics (the style's or the data's) come out upright,
    and ``nodecor`` undoes the decorations around it."""
    from .marks import MARK_CLASS, spans

    if re.search(MARK_CLASS, text) is None:
        return text
    tags = _RICH_TAGS[output]
    if output != "html":
        return "".join(chunk if token == "text" else tags.get(chunk, ("", ""))[0 if token == "open" else 1]
                       for token, chunk in spans(text))
    out: list[str] = []
    active: list[str] = []  # decorations in force: the style's tags and the data's marks
    closers: list[tuple[str, list[str]]] = []  # per open mark: its closing tag, what it pushed
    tag_stack: list[str | None] = []  # per open style tag: the decoration it pushed

    def toggled(kind: str) -> bool:
        return active.count(kind) % 2 == 1

    for token, chunk in spans(text):
        if token == "text":
            for match in _HTML_DECORATION_TAG.finditer(chunk):
                closing, name, style = match.groups()
                if closing:
                    pushed = tag_stack.pop() if tag_stack else None
                    if pushed is not None and pushed in active:
                        active.reverse()
                        active.remove(pushed)
                        active.reverse()
                else:
                    kind = {"i": "italic", "b": "bold"}.get(name) or ("small-caps" if style and "small-caps" in style else None)
                    tag_stack.append(kind)
                    if kind:
                        active.append(kind)
            out.append(chunk)
        elif token == "open":
            if chunk == "nodecor":
                undone = [kind for kind in ("italic", "bold", "small-caps") if toggled(kind)]
                if undone:
                    out.append('<span style="' + ";".join(_HTML_NORMAL[k] for k in undone) + '">')
                closers.append(("</span>" if undone else "", undone))
                active.extend(undone)
            elif chunk in _HTML_NORMAL and toggled(chunk):
                out.append(f'<span style="{_HTML_NORMAL[chunk]}">')
                closers.append(("</span>", [chunk]))
                active.append(chunk)
            elif chunk in tags:
                out.append(tags[chunk][0])
                closers.append((tags[chunk][1], [chunk] if chunk in _HTML_NORMAL else []))
                active.extend([chunk] if chunk in _HTML_NORMAL else [])
            else:  # nocase: no markup of its own
                closers.append(("", []))
        else:
            if closers:
                closing_tag, pushed = closers.pop()
                out.append(closing_tag)
                for kind in pushed:
                    if kind in active:
                        active.reverse()
                        active.remove(kind)
                        active.reverse()
    return "".join(out)


def _wrapper(name: str, opening: str, closing: str) -> type:
    def __new__(cls, text: str = ""):  # noqa: N807 - citeproc-py calls the class on text
        return str.__new__(cls, f"{opening}{text}{closing}" if text else text)

    return type(name, (str,), {"__new__": __new__})


def _html_link(target: str, label: str) -> str:
    return f'<a href="{html.escape(target, quote=True)}">{label}</a>'


def _markdown_link(target: str, label: str) -> str:
    return f"[{label}](<{target.replace('>', '%3E').replace('<', '%3C')}>)"


FORMATS: dict[str, OutputFormat] = {
    "text": OutputFormat(
        "text", lambda t: t, {}, ("", ""), lambda target, label: label,
        lambda text, level: text + "\n" + ("=" if level == 1 else "-") * len(text), "\n",
    ),
    "html": OutputFormat(
        "html", lambda t: html.escape(t, quote=False),
        {"Italic": ("<i>", "</i>"), "Oblique": ("<i>", "</i>"), "Bold": ("<b>", "</b>"), "Underline": ("<u>", "</u>"),
         "Superscript": ("<sup>", "</sup>"), "Subscript": ("<sub>", "</sub>"),
         "SmallCaps": ('<span style="font-variant:small-caps">', "</span>"),
         "Baseline": ('<span style="vertical-align:baseline">', "</span>")},
        ('<strong class="owner">', "</strong>"), _html_link,
        lambda text, level: f"<h{level + 1}>{html.escape(text, quote=False)}</h{level + 1}>",
    ),
    "markdown": OutputFormat(
        "markdown", _escape_markdown,
        {"Italic": ("*", "*"), "Oblique": ("*", "*"), "Bold": ("**", "**"), "Superscript": ("<sup>", "</sup>"), "Subscript": ("<sub>", "</sub>")},
        ("**", "**"), _markdown_link, lambda text, level: "#" * (level + 1) + " " + _escape_markdown(text), "\n\n",
    ),
    "latex": OutputFormat(
        "latex", _escape_latex,
        {"Italic": (r"\textit{", "}"), "Oblique": (r"\textsl{", "}"), "Bold": (r"\textbf{", "}"), "Underline": (r"\underline{", "}"),
         "Superscript": (r"\textsuperscript{", "}"), "Subscript": (r"\textsubscript{", "}"), "SmallCaps": (r"\textsc{", "}")},
        (r"\textbf{", "}"), _latex_url, lambda text, level: ("\\section*{" if level == 1 else "\\subsection*{") + _escape_latex(text) + "}", "\n\n",
    ),
    "rst": OutputFormat(
        "rst", _escape_rst, {"Italic": ("*", "*"), "Oblique": ("*", "*"), "Bold": ("**", "**")},
        ("**", "**"), lambda target, label: f"`{label} <{target}>`__",
        lambda text, level: text + "\n" + ("=" if level == 1 else "-") * len(text), "\n\n",
    ),
}


def output_format(name: str) -> OutputFormat:
    """The output format called ``name`` (text, html, markdown, latex, rst)."""
    return FORMATS[name]
