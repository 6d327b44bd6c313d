"""LaTeX in field values: decoding to Unicode on read, encoding on write.

Decoding uses pylatexenc, but only where a value holds LaTeX at all: most values in
real .bib files are plain text, and the general-purpose decoder costs ten times the
parse itself, so plain values take a fast path and decoded values are cached.

Encoding escapes every character that means something to TeX, so text that did not
come from LaTeX can never become a LaTeX command.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NEEDS_DECODING = re.compile(r"[\\{}$~]|--|``|''")
# \url{...} and \href{url}{text}: keep the address verbatim (pylatexenc wraps it in <>)
_URL_MACRO = re.compile(r"\\url\s*\{([^{}]*)\}")
_HREF_MACRO = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
# a LaTeX command that takes no argument and prints nothing we can show
_INVISIBLE = re.compile(r"\\(protect|relax|/|ignorespaces|nobreak|hbox|mbox)(?![A-Za-z])")


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    # \noop{sortkey} is the common BibTeX trick to steer sorting; it prints nothing.
    context.add_context_category(
        "bibexport", prepend=True, macros=[MacroTextSpec("noop", simplify_repl="")]
    )
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_comments=False)


@lru_cache(maxsize=4096)
def tex_to_text(source: str) -> str:
    """An approximation in text of LaTeX kept as LaTeX (math, unknown macros): for
    comparisons, keys and formats that cannot carry LaTeX. ``$\\sqrt{n}$`` -> "√(n)"."""
    value = _URL_MACRO.sub(lambda m: m.group(1), source)
    value = _HREF_MACRO.sub(lambda m: m.group(2), value)
    try:
        text = _decoder().latex_to_text(value)
    except Exception:  # pylatexenc is lenient, but a decoder fault must not lose the value
        text = value.replace("{", "").replace("}", "")
    return " ".join(text.split())


# -- fast path: the LaTeX that real .bib files mostly hold (braces, accents, escaped
#    specials, a few named symbols) decoded by table; anything else goes to pylatexenc.
_OPEN, _CLOSE, _TILDE, _BACKSLASH, _DOLLAR = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
_COMBINING = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}
_ACCENT = re.compile(r"\\([\'`^\"~=.])\s*(?:\{\s*([A-Za-z]|\\[ij])\s*\}|([A-Za-z]|\\[ij](?![A-Za-z])))"
                     r"|\\([uvHckrdb])(?:\s*\{\s*([A-Za-z]|\\[ij])\s*\}|\s+([A-Za-z]))")
_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "aa": "å", "AA": "Å", "oe": "œ", "OE": "Œ",
    "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "textendash": "–", "textemdash": "—", "textquoteright": "’",
    "textquoteleft": "‘", "textquotedblleft": "“", "textquotedblright": "”", "dag": "†", "ddag": "‡",
    "textregistered": "®", "texttrademark": "™", "copyright": "©", "S": "§", "P": "¶", "ldots": "…",
    "dots": "…", "textellipsis": "…", "textbraceleft": _OPEN, "textbraceright": _CLOSE, "textasciitilde": _TILDE, "textasciicircum": "^", "textbackslash": _BACKSLASH, "&": "&", "%": "%",
    "$": _DOLLAR, "#": "#", "_": "_", ",": " ", " ": " ", "-": "",
}
_SYMBOL = re.compile(r"\\(ss|o|O|ae|AE|aa|AA|oe|OE|l|L|i|j|text[a-z]+|dag|ddag|copyright|S|P|l?dots)(?![A-Za-z])\s*(?:\{\})?|\\([&%$#_, \-])")
_ESCAPED_BRACE = re.compile(r"\\([{}])")


def _accent(match: re.Match[str]) -> str:
    mark = match.group(1) or match.group(4)
    letter = match.group(2) or match.group(3) or match.group(5) or match.group(6)
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", base + _COMBINING[mark])


def _symbol(match: re.Match[str]) -> str:
    name = match.group(1) or match.group(2)
    replacement = _SYMBOLS.get(name)
    return match.group(0) if replacement is None else replacement


def _fast_decode(value: str) -> str | None:
    """Decode the common subset of LaTeX; None when something else is in the value."""
    text = value
    if "\\" in text:
        text = _ESCAPED_BRACE.sub(lambda m: _OPEN if m.group(1) == "{" else _CLOSE, text)
        text = _ACCENT.sub(_accent, text)
        text = _SYMBOL.sub(_symbol, text)
        if "\\" in text:
            return None
    if "$" in text:
        return None
    # ligatures first: "-{}-" is two hyphens, "--" an en dash
    text = text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”").replace("~", " ")
    text = text.replace("{", "").replace("}", "")
    return text.replace(_OPEN, "{").replace(_CLOSE, "}").replace(_TILDE, "~").replace(_BACKSLASH, "\\").replace(_DOLLAR, "$")


_TYPED_TEX_PAIR = re.compile(r'<span\s+class\s*=\s*"tex"\s*>(.*?)</span>', re.IGNORECASE | re.DOTALL)
_TYPED_TEX_OPEN = re.compile(r'<span\s+class\s*=\s*"tex"\s*>', re.IGNORECASE)


def decode_latex_rich(value: str) -> str:
    """LaTeX field content to rich text (:mod:`bibexport.richtext`), whitespace collapsed.

    ``\\emph{E. coli}`` -> ``<i>E. coli</i>``, ``CO$_2$`` -> ``CO<sub>2</sub>``; math
    and macros without a text form stay LaTeX in a ``tex`` span (:mod:`bibexport.texdecode`).
    """
    if "<span" in value:
        # bibexport's tex tag typed into a .bib is not one: its content is read as the LaTeX it is
        value = _TYPED_TEX_OPEN.sub("", _TYPED_TEX_PAIR.sub(r"\1", value))
    if _NEEDS_DECODING.search(value):
        fast = _fast_decode(value)
        if fast is not None:
            value = fast
        else:
            from .texdecode import decode_rich

            value = decode_rich(value)
    # whitespace runs (no-break spaces too: str.isspace() counts them) to one space;
    # split() does in C what a regex substitution does at five times the cost
    return " ".join(value.split())


def decode_latex(value: str) -> str:
    """LaTeX field content to plain Unicode text, whitespace collapsed.

    >>> decode_latex(r'M{\\"u}ller -- 170{\\textendash}177')
    'Müller – 170–177'
    """
    rich = decode_latex_rich(value)
    if "<" not in rich:
        return rich
    from .richtext import plain

    return " ".join(plain(rich, tex_to_text).split())


def protected_spans(value: str) -> list[str]:
    """Decoded text of the brace groups that protect capitalisation in a BibTeX value.

    A group at the top level that does not start with a command (``{BERT}``, ``{D}eep``)
    protects its content; ``{\\"u}`` is a special character, not a protection.
    """
    spans: list[str] = []
    depth = 0
    start = 0
    for token in BRACE_TOKEN.finditer(value):
        char = token.group()
        if char[0] == "\\":
            continue  # \{ and \} are literal braces, not a group
        index = token.start()
        if char == "{":
            if depth == 0:
                start = index
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                inner = value[start + 1 : index]
                if inner and not inner.startswith("\\") and not _follows_command(value, start):
                    text = decode_latex(inner)
                    if text and text != text.lower():
                        spans.append(text)
    return spans


#: A brace, or an escaped character (``\{`` is a literal brace, not a group).
BRACE_TOKEN = re.compile(r"\\.|[{}]", re.DOTALL)


def _follows_command(value: str, brace_index: int) -> bool:
    """True when the brace group at ``brace_index`` is the argument of a command."""
    match = re.search(r"\\[A-Za-z]+\s*$|\\.$", value[:brace_index])
    return match is not None


# --------------------------------------------------------------------------- encoding
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}

# Characters pdflatex (utf8 inputenc, T1/TS1 fonts) typesets as they are: Latin-1,
# Latin Extended-A and common punctuation. Others are written as LaTeX commands where
# LaTeX has one (Greek, math, Vietnamese accents); what has none (CJK, Cyrillic, Arabic)
# stays UTF-8 and needs xelatex or lualatex.
_PDFLATEX_NATIVE = re.compile(r"[\u00a0-\u017f\u2010-\u2027\u2030-\u203a\u20ac]")
_NO_LATEX = re.compile(r"U\+[0-9A-F]{4}")


_ACCENT_COMMANDS = {mark: command for command, mark in _COMBINING.items()}


@lru_cache(maxsize=4096)
def _ascii_for(char: str) -> str:
    """LaTeX for a character; the character itself when no LaTeX command writes it (CJK,
    Cyrillic: writing "U+4E2D" would lose it; the BibTeX writer warns instead)."""
    encoder = _ascii_encoder()
    latex = encoder.unicode_to_latex(char)
    if not _NO_LATEX.search(latex):
        return latex
    if char in _ACCENT_COMMANDS:  # a combining accent over no letter: the accent alone
        return "{\\" + _ACCENT_COMMANDS[char] + "{}}"
    # a letter with an accent pylatexenc has no table entry for ("ṣ", "ḵ"): the accent command
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha():
        return _accented(decomposed[0], decomposed[1:]) or char
    return char


def _accented(base: str, marks: str) -> str | None:
    """LaTeX for ``base`` under the combining ``marks`` (innermost first), one accent
    command each: "B" under U+0308 gives ``{\\"{B}}``; None when a mark has no command."""
    latex = base
    for mark in marks:
        command = _ACCENT_COMMANDS.get(mark)
        if command is None:
            return None
        latex = "{\\" + command + ("{" + latex + "}" if command.isalpha() else latex) + "}"
    return latex


@lru_cache(maxsize=4096)
def _latex_or_char(char: str) -> str:
    """LaTeX for a character pdflatex lacks, when LaTeX has a macro that means the same."""
    latex = _ascii_for(char)
    if latex == char:
        return char
    same = unicodedata.normalize("NFKC", decode_latex(latex)) == unicodedata.normalize("NFKC", char)
    return latex if same else char


@lru_cache(maxsize=1)
def _ascii_encoder():
    import logging

    # pylatexenc logs every character it has no macro for; we handle those ourselves
    logging.getLogger("pylatexenc").setLevel(logging.ERROR)
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(non_ascii_only=True, unknown_char_policy="unihex", replacement_latex_protection="braces-all")


def encode_latex(text: str, ascii_only: bool = False) -> str:
    """Unicode text to LaTeX that typesets as the same text.

    Specials (``& % $ # _ { } ~ ^ \\``) are always escaped. Non-ASCII characters stay
    UTF-8 unless ``ascii_only`` is set or pdflatex could not typeset them (Greek,
    arrows, mathematical symbols), in which case they become LaTeX commands.
    """
    if ("{" not in text and "}" not in text) or not _unmatched_braces(text):
        # every brace paired (or none): only the characters that need it are replaced
        text = (_NOT_ASCII_OR_SPECIAL if ascii_only else _NOT_NATIVE_OR_SPECIAL).sub(
            _encode_ascii_char if ascii_only else _encode_char, text)
    else:
        text = _encode_with_braces(text, ascii_only)
    # break TeX ligatures that would change the text: "--" is an en dash, `` and '' quotes
    if "--" in text or "``" in text or "''" in text:
        text = _LIGATURE.sub(r"\1{}", text)
    return text


_SPECIAL_CHARS = re.escape("".join(_SPECIALS))
# a letter with combining marks Unicode has no precomposed letter for ("B̈", the tie of
# "o͡o") is one unit: the accent command must stand over the letter, not after it
_COMBINED = r"[A-Za-z]\u0361[A-Za-z]|[A-Za-z\u0131\u0237][\u0300-\u036f]+"
_NOT_ASCII_OR_SPECIAL = re.compile(rf"{_COMBINED}|[{_SPECIAL_CHARS}]|[^\x00-\x7f]")
_NOT_NATIVE_OR_SPECIAL = re.compile(rf"{_COMBINED}|[{_SPECIAL_CHARS}]|[^\x00-\x7f\u00a0-\u017f\u2010-\u2027\u2030-\u203a\u20ac]")


def _combined(text: str) -> str:
    """``B`` + U+0308 -> ``{\\"{B}}``; ``o`` U+0361 ``o`` -> ``{\\t{oo}}``."""
    if len(text) == 3 and text[1] == "\u0361":
        return "{\\t{" + text[0] + text[2] + "}}"
    composed = unicodedata.normalize("NFC", text)
    if len(composed) == 1:
        return composed
    base = {"\u0131": "\\i", "\u0237": "\\j"}.get(text[0], text[0])  # "ı́": an accent over the dotless i
    return _accented(base, text[1:]) or text


def _encode_char(match: re.Match[str]) -> str:
    char = match.group()
    if len(char) > 1:
        composed = _combined(char)
        return composed if len(composed) != 1 else _encode_char(_NOT_NATIVE_OR_SPECIAL.match(composed))
    return _SPECIALS.get(char) or _latex_or_char(char)


def _encode_ascii_char(match: re.Match[str]) -> str:
    char = match.group()
    if len(char) > 1:
        composed = _combined(char)
        return composed if len(composed) != 1 else _ascii_for(composed)
    return _SPECIALS.get(char) or _ascii_for(char)


def _encode_with_braces(text: str, ascii_only: bool) -> str:
    """encode_latex's character loop for text with unpaired braces."""
    unmatched = _unmatched_braces(text)
    out: list[str] = []
    for index, char in enumerate(text):
        if index in unmatched:
            # BibTeX counts braces even when escaped: a lone \} would end the field
            out.append(r"\textbraceleft{}" if char == "{" else r"\textbraceright{}")
            continue
        special = _SPECIALS.get(char)
        if special is not None:
            out.append(special)
        elif char < "\u0080":
            out.append(char)
        elif ascii_only:
            out.append(_ascii_for(char))
        elif _PDFLATEX_NATIVE.match(char):
            out.append(char)
        else:
            out.append(_latex_or_char(char))
    return "".join(out)


_LIGATURE = re.compile(r"([-`'])(?=\1)")


def _unmatched_braces(text: str) -> set[int]:
    """Positions of braces in ``text`` that have no partner."""
    stack: list[int] = []
    lone: set[int] = set()
    for index, char in enumerate(text):
        if char == "{":
            stack.append(index)
        elif char == "}":
            if stack:
                stack.pop()
            else:
                lone.add(index)
    return lone | set(stack)


def encode_url(url: str) -> str:
    """A URL or DOI for a BibTeX ``url``/``doi`` field.

    These fields are read verbatim (biblatex's verbatim fields, url.sty's ``\\url``), so
    LaTeX escapes would be printed literally; only characters that would break the
    field's braces are percent-encoded.
    """
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def decode_url(value: str) -> str:
    """The inverse of :func:`encode_url` for values read from a .bib file."""
    value = _URL_MACRO.sub(lambda m: m.group(1), value)
    value = value.replace(r"\%", "%").replace(r"\#", "#").replace(r"\_", "_").replace(r"\&", "&")
    value = value.replace(r"\~", "~").replace(r"\textasciitilde{}", "~").replace(r"{\textasciitilde}", "~")
    if value.startswith("{") and value.endswith("}") and value.count("{") == 1:
        value = value[1:-1]
    return value.strip()


def unicode_scripts(encoded: str) -> list[str]:
    """Scripts of the characters left in encoded LaTeX that pdflatex cannot typeset
    ("CJK", "CYRILLIC" ...), in order of appearance; empty for most entries."""
    if encoded.isascii():
        return []
    import unicodedata

    scripts: dict[str, None] = {}
    for char in encoded:
        if char > "\u007f" and not _PDFLATEX_NATIVE.match(char):
            name = unicodedata.name(char, "UNKNOWN CHARACTER").split()[0]
            scripts[{"HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean", "CJK": "CJK"}.get(name, name.capitalize())] = None
    return list(scripts)


def needs_unicode_engine(text: str) -> bool:
    """True when encoded ``text`` keeps characters pdflatex cannot typeset (CJK, Cyrillic ...)."""
    return any(c > "\u007f" and not _PDFLATEX_NATIVE.match(c) for c in text)


def latex_balanced(text: str) -> bool:
    """True when every brace group of ``text`` closes, and in order (``\\{`` and ``\\}``
    are characters, not groups)."""
    depth = 0
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
        index += 1
    return depth == 0
