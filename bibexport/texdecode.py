"""LaTeX field values to rich text (see :mod:`bibexport.richtext`), macro by macro.

pylatexenc parses the value into nodes; this module decides what each node prints,
because pylatexenc's text conversion drops what it has no rule for (``\\texttt{..}``,
``{\\TeX}``, ``\\verb``) and turns math into text pdflatex cannot typeset. Every macro
either decodes to the text it prints, becomes markup (``\\emph`` -> ``<i>``), or is kept
as LaTeX in a ``tex`` span (math, ``\\cite``, a macro of the user's own), so that a
.bib written again prints what this one printed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .richtext import TAGS, safe_tex

# commands whose argument is marked up, and declarations that mark up the rest of a group
_FORMAT_COMMANDS = {"emph": "i", "textit": "i", "textsl": "i", "mathit": "i", "textbf": "b", "mathbf": "b",
                    "textsc": "sc", "textsuperscript": "sup", "textsubscript": "sub", "NoCaseChange": "nocase"}
_DECLARATIONS = {"em": "i", "it": "i", "itshape": "i", "sl": "i", "slshape": "i", "bf": "b", "bfseries": "b",
                 "sc": "sc", "scshape": "sc"}
# commands that print their argument as it is (fonts and boxes markup cannot carry)
_TRANSPARENT = {"texttt", "textsf", "textrm", "textup", "textmd", "textnormal", "mbox", "hbox", "text", "mathrm",
                "mathsf", "mathtt", "mathnormal", "fbox", "makebox", "uline", "underline", "textls", "path"}
_TAKES_GROUP = frozenset(_FORMAT_COMMANDS) | _TRANSPARENT | {"MakeUppercase", "MakeLowercase", "uppercase", "lowercase", "href"}
_NO_EFFECT_DECLARATIONS = {"tt", "sf", "rm", "normalfont", "upshape", "mdseries", "ttfamily", "sffamily",
                           "rmfamily", "small", "footnotesize", "large", "Large", "normalsize", "scriptsize", "tiny",
                           "huge", "Huge", "selectfont"}
# commands that print nothing
_INVISIBLE = {"protect", "relax", "/", "-", "@", "ignorespaces", "nobreak", "xspace", "unskip", "noindent",
              "allowbreak", "linebreak", "hspace*", "null", "leavevmode", "strut", "hfill", "break", "newblock"}
_DISCARD_WITH_ARGUMENT = {"noop", "hspace", "vspace", "label", "index", "nocite", "phantom", "hyphenation"}
# logos: the text they print
_LOGOS = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX", "XeTeX": "XeTeX",
          "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX", "pdfTeX": "pdfTeX",
          "pdfLaTeX": "pdfLaTeX", "AmS": "AMS", "AMS": "AMS", "AmSTeX": "AMS-TeX", "METAFONT": "METAFONT",
          "MF": "METAFONT", "MP": "METAPOST", "ConTeXt": "ConTeXt", "BibLaTeX": "BibLaTeX", "biber": "biber",
          "LyX": "LyX", "eTeX": "ε-TeX", "SliTeX": "SLiTeX", "TikZ": "TikZ", "XeTeXe": "XeTeX"}
_COMBINING = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361", "G": "\u030f", "U": "\u030e",
    "textcommabelow": "\u0326", "textogonekcentered": "\u0328",
}
# what an accent over nothing ("\\\"{}") prints
_SPACING_ACCENTS = {'"': "¨", "'": "´", "`": "`", "^": "^", "~": "~", "=": "¯", ".": "˙", "u": "˘", "v": "ˇ",
                    "H": "˝", "c": "¸", "k": "˛", "r": "˚"}
_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "aa": "å", "AA": "Å", "oe": "œ", "OE": "Œ",
    "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "dj": "đ", "DJ": "Đ",
    "ng": "ŋ", "NG": "Ŋ", "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
    " ": " ", "\\": " ", ",": "\u2009", ";": " ", ":": " ", "!": "", "quad": " ", "qquad": " ",
    "textbraceleft": "{", "textbraceright": "}", "textbackslash": "\\", "textasciitilde": "~",
    "textasciicircum": "^", "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
    "textendash": "–", "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘",
    "textquotedblleft": "“", "textquotedblright": "”", "textquotedbl": '"', "guillemotleft": "«",
    "guillemotright": "»", "guilsinglleft": "‹", "guilsinglright": "›", "textregistered": "®",
    "texttrademark": "™", "copyright": "©", "textcopyright": "©", "S": "§", "P": "¶", "ldots": "…",
    "dots": "…", "textellipsis": "…", "dag": "†", "ddag": "‡", "textdagger": "†", "textdaggerdbl": "‡",
    "textbullet": "•", "textperiodcentered": "·", "textdegree": "°", "pounds": "£", "textsterling": "£",
    "euro": "€", "texteuro": "€", "textexclamdown": "¡", "textquestiondown": "¿", "textsection": "§",
    "textparagraph": "¶", "textordfeminine": "ª", "textordmasculine": "º", "textmu": "µ",
    "textonehalf": "½", "textonequarter": "¼", "textthreequarters": "¾", "texttimes": "×", "textdiv": "÷",
    "textpm": "±", "textminus": "−", "textcent": "¢", "textyen": "¥", "textdollar": "$", "textnumero": "№",
    "textperthousand": "‰", "textasteriskcentered": "*", "textquotesingle": "'", "textquotesinglbase": "‚",
    "quotedblbase": "„", "textvisiblespace": "␣", "slash": "/", "textslash": "/", "textfractionsolidus": "⁄",
    "textdollaroldstyle": "$", "textcelsius": "℃", "textohm": "Ω", "textmho": "℧", "textestimated": "℮",
    "textbrokenbar": "¦", "textlnot": "¬", "textcurrency": "¤", "textacutedbl": "˝", "textasciiacute": "´",
    "textasciidieresis": "¨", "textasciimacron": "¯", "textasciicaron": "ˇ", "textasciibreve": "˘",
}
_SPECIALS = {"~": " ", "--": "–", "---": "—", "``": "“", "''": "”", "!`": "¡", "?`": "¿", "&": "&"}
_LIGATURES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"))

# simple math pdflatex and text agree on: "$_2$", "$^{13}$", "$n$", "$\alpha$", "$5$"
_SCRIPT = re.compile(r"^\s*([_^])\s*(?:\{\s*(?:\\(?:mathrm|text|textrm|rm)\s*)?\{?([A-Za-z0-9+\-=.,() ]+?)\}?\s*\}|([A-Za-z0-9+\-]))\s*$")
_LETTER = re.compile(r"^\s*([A-Za-z])\s*$")
_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*$")
_MATH_SYMBOL = re.compile(r"^\s*\\([A-Za-z]+)\s*$")
_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
    "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ",
    "Omega": "Ω",
}


def _open(kind: str) -> str:
    return TAGS[kind][0]


def _close(kind: str) -> str:
    return TAGS[kind][1]


def _tex(source: str) -> str:
    """LaTeX kept as it is, in a tex span; LaTeX that could read or write files, define
    macros or change TeX's input becomes the literal text it is."""
    source = source.strip()
    if not source:
        return ""
    if not safe_tex(source):
        return source
    return _open("tex") + source + _close("tex")


@lru_cache(maxsize=1)
def _symbol_table() -> dict[str, str]:
    """Symbol macros pylatexenc knows that print one fixed text (no argument)."""
    from pylatexenc.latex2text import get_default_latex_context_db

    db = get_default_latex_context_db()
    table: dict[str, str] = {}
    for category in db.categories():
        for spec in db.iter_macro_specs(categories=[category]):
            replacement = getattr(spec, "simplify_repl", None)
            arguments = getattr(spec, "_args", None) or getattr(spec, "args_parser", None)
            if isinstance(replacement, str) and replacement and "%" not in replacement and "<" not in replacement:
                if not getattr(arguments, "argspec", ""):
                    table[spec.macroname] = replacement
    return table


class _Decoder:
    """One value's nodes to rich text."""

    def __init__(self) -> None:
        from pylatexenc import latexwalker as walker

        self.w = walker

    def nodes(self, nodes: list, marks: list[str] | None = None) -> str:
        out: list[str] = []
        marks = list(marks or [])
        opened: list[str] = []
        index = 0
        nodes = [n for n in nodes if n is not None]
        while index < len(nodes):
            node = nodes[index]
            index += 1
            w = self.w
            if isinstance(node, w.LatexCharsNode):
                out.append(_chars(node.chars))
            elif isinstance(node, w.LatexCommentNode):
                continue
            elif isinstance(node, w.LatexGroupNode):
                out.append(self.nodes(node.nodelist))
            elif isinstance(node, w.LatexMathNode):
                out.append(_math(node))
            elif isinstance(node, w.LatexSpecialsNode):
                out.append(_SPECIALS.get(node.specials_chars, node.specials_chars))
            elif isinstance(node, w.LatexEnvironmentNode):
                out.append(self.nodes(node.nodelist))
            elif isinstance(node, w.LatexMacroNode):
                name = node.macroname
                arguments = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
                if not arguments and name in _TAKES_GROUP and index < len(nodes) \
                        and isinstance(nodes[index], w.LatexGroupNode):
                    arguments = [nodes[index]]  # pylatexenc knows no argument for it
                    index += 1
                if name in _DECLARATIONS:
                    kind = _DECLARATIONS[name]
                    out.append(_open(kind))
                    opened.append(kind)
                elif name in _FORMAT_COMMANDS:
                    kind = _FORMAT_COMMANDS[name]
                    inner = self.nodes(arguments[-1:]) if arguments else ""
                    out.append(_open(kind) + inner + _close(kind) if inner else "")
                elif name in _TRANSPARENT or name.rstrip("*") in _TRANSPARENT:
                    out.append(self.nodes(arguments[-1:]))
                elif name in ("MakeUppercase", "uppercase", "MakeLowercase", "lowercase"):
                    inner = self.nodes(arguments[-1:])
                    out.append(inner.upper() if "pper" in name else inner.lower())
                elif name in _NO_EFFECT_DECLARATIONS or name in _INVISIBLE:
                    pass
                elif name in _DISCARD_WITH_ARGUMENT:
                    if not arguments and index < len(nodes) and isinstance(nodes[index], w.LatexGroupNode):
                        index += 1
                elif name in ("url", "verb", "nolinkurl"):
                    out.append("".join(_verbatim(a) for a in arguments[-1:]))
                elif name == "href":
                    out.append(self.nodes(arguments[-1:]))
                elif name == "ensuremath":
                    out.append(_math_source("$" + "".join(a.latex_verbatim()[1:-1] if isinstance(a, w.LatexGroupNode) else a.latex_verbatim() for a in arguments) + "$"))
                elif name in _COMBINING:
                    following = nodes[index] if index < len(nodes) else None
                    if not arguments and isinstance(following, w.LatexGroupNode):
                        arguments = [following]  # pylatexenc knows \t without its argument
                        index += 1
                    elif not arguments and isinstance(following, w.LatexCharsNode) and following.chars.strip():
                        chars = following.chars.lstrip() if name.isalpha() else following.chars
                        index += 1
                        out.append(self._accent_text(name, chars[:1]) + _chars(chars[1:]))
                        continue
                    out.append(self._accent(name, arguments))
                elif name in _LOGOS:
                    out.append(_LOGOS[name])
                elif name in _SYMBOLS:
                    out.append(_SYMBOLS[name])
                elif name in _symbol_table() and not arguments:
                    out.append(_symbol_table()[name])
                else:
                    # a macro bibexport cannot decode: kept as LaTeX, with the groups after it
                    source = node.latex_verbatim()
                    following = nodes[index] if index < len(nodes) else None
                    if not arguments and isinstance(following, w.LatexCharsNode) and following.chars.startswith("*"):
                        source += "*"  # \enquote*{..}: the star belongs to the command
                        if following.chars == "*":
                            index += 1
                        else:
                            out.append(_tex(source))
                            out.append(_chars(following.chars[1:]))
                            index += 1
                            continue
                    while not arguments and index < len(nodes) and isinstance(nodes[index], w.LatexGroupNode):
                        source += nodes[index].latex_verbatim()
                        index += 1
                    if not safe_tex(source.strip()):
                        out.append(source)  # as the text it is (the writer escapes it)
                        continue
                    if re.search(r"\\[A-Za-z]+$", source):
                        source += "{}"
                    out.append(_tex(source))
            else:  # pragma: no cover - every node class is handled above
                out.append(node.latex_verbatim())
        for kind in reversed(opened):
            out.append(_close(kind))
        return "".join(out)

    def _accent_text(self, name: str, base: str) -> str:
        base = {"ı": "i", "ȷ": "j"}.get(base[:1], base[:1]) + base[1:]
        return unicodedata.normalize("NFC", base[0] + _COMBINING[name] + base[1:]) if base else ""

    def _accent(self, name: str, arguments: list) -> str:
        base = ""
        if arguments:
            argument = arguments[-1]
            base = self.nodes([argument])
        if not base:  # an accent over nothing prints the accent alone
            return _SPACING_ACCENTS.get(name, "")
        return self._accent_text(name, base)


def _verbatim(node) -> str:
    text = node.latex_verbatim()
    if text[:1] == "{" and text[-1:] == "}":
        return text[1:-1]
    return node.chars if hasattr(node, "chars") else text


def _chars(text: str) -> str:
    for ligature, char in _LIGATURES:
        text = text.replace(ligature, char)
    return text


def _math(node) -> str:
    return _math_source(node.latex_verbatim())


def _math_source(source: str) -> str:
    """Math as rich text where text says exactly the same, else as LaTeX."""
    if source.startswith("\\(") and source.endswith("\\)"):
        body = source[2:-2]
    elif source.startswith("$$") and source.endswith("$$"):
        body = source[2:-2]
    elif source.startswith("$") and source.endswith("$"):
        body = source[1:-1]
    else:
        return _tex(source)
    script = _SCRIPT.match(body)
    if script:
        kind = "sub" if script.group(1) == "_" else "sup"
        inner = (script.group(2) or script.group(3)).strip()
        return _open(kind) + inner + _close(kind)
    letter = _LETTER.match(body)
    if letter:
        return _open("i") + letter.group(1) + _close("i")
    if _NUMBER.match(body):
        return body.strip()
    if body.strip() in ("<", ">", "=", "+", "|", "/", "*", ":", "!", "?"):
        return body.strip()  # one sign prints as the sign
    symbol = _MATH_SYMBOL.match(body)
    if symbol and symbol.group(1) in _GREEK:
        return _GREEK[symbol.group(1)]
    return _tex("$" + body.strip() + "$")


_URL_MACRO = re.compile(r"\\(url|nolinkurl)\s*\{([^{}]*)\}")
_HREF_MACRO = re.compile(r"\\href\s*\{([^{}]*)\}")
_VERB = re.compile(r"\\verb\*?([^A-Za-z\s*])(.*?)\1")
_TEXT_ESCAPES = {"\\": r"\textbackslash{}", "%": r"\%", "#": r"\#", "&": r"\&", "_": r"\_", "~": r"\textasciitilde{}",
                 "^": r"\textasciicircum{}", "$": r"\$", "{": r"\{", "}": r"\}"}


def _as_text_latex(text: str) -> str:
    return "".join(_TEXT_ESCAPES.get(c, c) for c in text)


@lru_cache(maxsize=65536)
def decode_rich(value: str) -> str:
    """LaTeX to rich text (not whitespace-collapsed; :func:`bibexport.latex.decode_latex_rich` does that)."""
    from pylatexenc.latexwalker import LatexWalker

    # verbatim arguments first: "%" in a URL is not a comment, "_" in \verb not a subscript
    value = _URL_MACRO.sub(lambda m: "{" + _as_text_latex(m.group(2)) + "}", value)
    value = _HREF_MACRO.sub("", value)
    value = _VERB.sub(lambda m: "{" + _as_text_latex(m.group(2)) + "}", value)
    try:
        nodes, _, _ = LatexWalker(value, tolerant_parsing=True).get_latex_nodes()
        return _Decoder().nodes(nodes)
    except Exception:  # the parser is tolerant, but a fault must not lose the value
        return value.replace("{", "").replace("}", "")
