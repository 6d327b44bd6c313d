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


# line breaks of every kind (str.splitlines' set) with the blanks around them; a match
# starts where a run of blanks starts (from inside a long run of tabs, quadratic time)
_LINE_BREAKS = re.compile(r"(?<![ \t])[ \t]*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029][\s]*")


def protect(text: str) -> str:
    """Item data with every output-special character held as a placeholder, folded to one
    line: in line-oriented outputs (Markdown, rst) a line break in data would let the next
    line start a block of its own (``.. raw:: html``, ``# Heading``, ``> quote``)."""
    if not text.isprintable():  # cheap test: line breaks are not printable
        text = _LINE_BREAKS.sub(" ", text)
    return text.translate(_TO_PLACEHOLDER)


def unprotect(text: str) -> str:
    """The raw characters back (for link targets and plain comparisons)."""
    return _PLACEHOLDER.sub(lambda m: _FROM_PLACEHOLDER[m.group()], text)


def link(target: str, label: str) -> str:
    """A link mark, turned into the output's link syntax by :meth:`OutputFormat.finish`."""
    return f"{LINK_OPEN}{target}{LINK_MIDDLE}{label}{LINK_CLOSE}"


_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?"
                   r"|\[[0-9A-Fa-f:.]+\]")
# what may stay as it is in a URL's path, query and fragment; everything else is
# percent-encoded (quotes, spaces, angle brackets, backslashes, non-ASCII)
_URL_SAFE = "/:@!$&'()*+,;=-._~?#%[]"


def safe_link_target(target: str) -> str | None:
    """``target`` as a well-formed http(s) URL, or None when it cannot be one.

    Link targets come from data (a record's URL, DOI, a URL printed in a title); only an
    http(s) address with a plausible host becomes a link, percent-encoded where needed,
    so no ``javascript:``, no quote or control character ever reaches an ``href``.
    """
    from urllib.parse import quote, urlsplit

    if any(ord(c) < 0x21 or 0x7F <= ord(c) < 0xA0 for c in target):
        return None  # control characters or blanks: not an address as typed
    try:
        parts = urlsplit(target)
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("http", "https") or not host or parts.username is not None or parts.password is not None:
        return None
    if ":" in host:  # an IPv6 literal, written back in brackets
        import ipaddress

        try:
            host = f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            return None
    elif not _HOST.fullmatch(host):
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
        if not _HOST.fullmatch(host):
            return None
    netloc = host if port is None else f"{host}:{port}"
    rest = quote(parts.path, safe=_URL_SAFE) or "/"
    if parts.query:
        rest += "?" + quote(parts.query, safe=_URL_SAFE)
    if parts.fragment:
        rest += "#" + quote(parts.fragment, safe=_URL_SAFE)
    return f"{parts.scheme.lower()}://{netloc}{rest}"


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


# What makes a line a block in Markdown or rst when it starts it: an enumerator ("1.",
# "A.", "iv)", "(a)", "#."), or any ASCII punctuation (bullets, "..", "::", ">", "|", "---",
# "===", "<", backticks, "+", "#"). Leading blanks (indented or literal blocks) go first.
_ENUMERATOR = re.compile(r"^\(?(?:\d+|[A-Za-z]|[IVXLCDMivxlcdm]+|#)[.)](?=\s|$)")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _neutral_line_start(ours: str, enumerator: re.Pattern[str], escape_enumerator: str) -> Callable[[str], str]:
    """A function that makes a line one that Markdown or rst reads as the start of a plain
    paragraph: a backslash before its first character where that character could open a
    block, and in an enumerator ("1." becomes ``escape_enumerator``). ``ours`` are the
    characters our own markup starts with (emphasis, links); data never brings them to a
    line start unescaped, since they are escaped everywhere."""
    risky = _ASCII_PUNCTUATION - frozenset(ours) - {"\\"}

    def neutral(line: str) -> str:
        line = line.lstrip(" \t")
        if line[:1] in risky:
            return "\\" + line
        return enumerator.sub(escape_enumerator, line, count=1)

    return neutral


# rst inline markup (*emphasis*, **strong**, `links`__) is recognised only where its
# start follows a blank or an opening punctuation mark and its end is followed by a blank
# or a closing one: "*46*(2)" is an unclosed emphasis. Marks around our markup become
# an escaped blank ("\\ ", which prints nothing) where a neighbour would break it.
_RST_OPEN, _RST_CLOSE = "\ue0f0", "\ue0f1"
_RST_BEFORE_START = " \t\n'\"([{<-/:‘“’«¡¿‐‑‒–— "
_RST_AFTER_END = " \t\n'\")]}>-/:.,;!?\\’”»‐‑‒–— "
_RST_MARKS = re.compile(f"[{_RST_OPEN}{_RST_CLOSE}]")


#: docutils refuses lines longer than 10,000 characters (its line_length_limit); longer
#: entries are wrapped into lines of about this length (one paragraph all the same).
RST_LINE = 2000


def _wrap_long_lines(text: str) -> str:
    lines = []
    # docutils counts a tab as up to eight columns of the limit; in a paragraph it is a
    # blank like any other, so it is written as one (and a run of them never wraps into
    # lines of blanks, which would end the paragraph)
    for line in text.replace("\t", " ").split("\n"):
        # a run of blanks renders as one: written as one, it never wraps into lines of blanks
        # (one after an escaping backslash stays: "\\ " is an escaped blank)
        line = _BLANK_RUN.sub(" ", line)
        while len(line) > RST_LINE * 4:
            cut = line.rfind(" ", RST_LINE // 2, RST_LINE)
            while cut > 0 and line[cut - 1] == "\\":  # never split an escaped blank
                cut = line.rfind(" ", RST_LINE // 2, cut - 1)
            if cut <= 0:
                cut = RST_LINE  # a single word of thousands of characters: broken where it must be
                escapes = len(line[:cut]) - len(line[:cut].rstrip("\\"))
                cut += escapes % 2  # never between a backslash and what it escapes (runs of "\\\\" pair up)
            lines.append(_not_adornment(line[:cut]))
            # an escaped blank (which rst drops) opens the new line, so that it cannot read as a
            # section adornment ("\\\\\\\\...") or any other block where it starts
            line = "\\ " + line[cut:].lstrip(" ")
        lines.append(_not_adornment(line))
    return "\n".join(lines)


_BLANK_RUN = re.compile(r"(?<![\\\s])[^\S\n]{2,}")
_ADORNMENT = re.compile(r"\s*([^\w\s])\1{3,}\s*")


def _not_adornment(line: str) -> str:
    """A line of one mark repeated ("\\\\\\\\", "----") is a section title's adornment in rst:
    an escaped blank (which rst drops) before it keeps it text."""
    return "\\ " + line if _ADORNMENT.fullmatch(line) else line


# rst emphasis may not begin or end with white space ("* x*" is no markup, and docutils
# warns of a start without an end): blanks just inside the marks go outside them, and marks
# left around nothing go away
_RST_BLANK_AFTER_OPEN = re.compile(f"({_RST_OPEN}\\*{{1,2}})(\\s+)")
_RST_BLANK_BEFORE_CLOSE = re.compile(f"(?<!\\s)(\\s+)(\\*{{1,2}}{_RST_CLOSE})")  # from a run's start: linear
_RST_EMPTY = re.compile(f"{_RST_OPEN}(\\*{{1,2}})\\1{_RST_CLOSE}")


def _rst_inline_boundaries(text: str) -> str:
    text = _RST_BLANK_AFTER_OPEN.sub(r"\2\1", text)
    text = _RST_BLANK_BEFORE_CLOSE.sub(r"\2\1", text)
    text = _RST_EMPTY.sub("", text)

    def boundary(match: re.Match[str]) -> str:
        start = match.start()
        if match.group() == _RST_OPEN:
            before = text[start - 1] if start else ""
            return "" if before == "" or before in _RST_BEFORE_START or before == _RST_CLOSE else "\\ "
        after = _RST_MARKS.sub("", text[match.end(): match.end() + 2])[:1]
        return "" if after == "" or after in _RST_AFTER_END else "\\ "

    return _wrap_long_lines(_RST_MARKS.sub(boundary, text))


# CommonMark lists start with 1-9 digits and "." or ")"; only punctuation can be escaped
_MARKDOWN_ENUMERATOR = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


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
    #: applied to every line of a finished entry (block syntax at line starts)
    line_start: Callable[[str], str] | None = None
    #: applied to a finished entry before ``line_start``
    post: Callable[[str], str] | None = None

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
        text = _LINK.sub(self._finish_link, text)
        text = _PLACEHOLDER.sub(lambda m: self.escape(_FROM_PLACEHOLDER[m.group()]), text)
        text = text.replace(STRONG_OPEN, self.strong[0]).replace(STRONG_CLOSE, self.strong[1])
        if self.post is not None:
            text = self.post(text)
        if self.line_start is not None:
            text = "\n".join(self.line_start(line) for line in text.split("\n"))
        return text

    def _finish_link(self, match: re.Match[str]) -> str:
        label = self.escape(unprotect(match.group(2)))
        target = safe_link_target(unprotect(match.group(1)))
        return label if target is None else self.make_link(target, label)


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
        _neutral_line_start("*[<", _MARKDOWN_ENUMERATOR, r"\1\\\2"),
    ),
    "latex": OutputFormat(
        "latex", _escape_latex,
        {"Italic": (r"\textit{", "}"), "Oblique": (r"\textsl{", "}"), "Bold": (r"\textbf{", "}"), "Underline": (r"\underline{", "}"),
         "Superscript": (r"\textsuperscript{", "}"), "Subscript": (r"\textsubscript{", "}"), "SmallCaps": (r"\textsc{", "}")},
        (r"\textbf{", "}"), _latex_url, lambda text, level: ("\\section*{" if level == 1 else "\\subsection*{") + _escape_latex(text) + "}", "\n\n",
    ),
    "rst": OutputFormat(
        "rst", _escape_rst, {"Italic": (_RST_OPEN + "*", "*" + _RST_CLOSE), "Oblique": (_RST_OPEN + "*", "*" + _RST_CLOSE),
                             "Bold": (_RST_OPEN + "**", "**" + _RST_CLOSE)},
        (_RST_OPEN + "**", "**" + _RST_CLOSE), lambda target, label: f"{_RST_OPEN}`{label} <{target}>`__{_RST_CLOSE}",
        lambda text, level: text + "\n" + ("=" if level == 1 else "-") * len(text), "\n\n",
        _neutral_line_start("*`", _ENUMERATOR, r"\\\g<0>"), _rst_inline_boundaries,
    ),
}


def output_format(name: str) -> OutputFormat:
    """The output format called ``name`` (text, html, markdown, latex, rst)."""
    return FORMATS[name]
