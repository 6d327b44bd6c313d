"""What LaTeX macros and environments mean to the document reader: data tables only.

Three kinds of knowledge, looked up in this order by :mod:`.latex_syntax` and :mod:`.latex`:

* :data:`DEFINITIONS` -- macros that packages define in LaTeX itself (apacite's ``\\BBA``,
  natbib's ``\\urlprefix``, ``\\LaTeX``). They are expanded like the document's own
  ``\\newcommand`` definitions, so a document may redefine them.
* :data:`ROLES` and :data:`ENVIRONMENTS` -- macros and environments with a structural or
  inline meaning (headings, lists, emphasis, links, source-declared fields, layout that
  prints nothing). A document cannot redefine these: ``\\providecommand{\\bibinfo}...`` in
  a ``.bbl`` must not turn field markup into plain text.
* :func:`symbols` -- macros that print one character or word (``\\ss``, ``\\alpha``,
  ``\\textbar``), taken from pylatexenc's tables.

Argument specifications (``spec``) are strings read left to right by the parser:
``*`` an optional star, ``[`` an optional bracketed argument, ``{`` a mandatory argument
(a single token when there are no braces), ``v`` a mandatory argument read verbatim (URLs:
``%`` and ``#`` are characters there), ``k`` a verbatim name or key (comments stripped),
``d`` a TeX dimension (``\\hskip 2em``), ``b`` an optional bracketed argument right after
the macro (``\\\\[2pt]``), ``G`` any number of further brace arguments, ``g`` the same for
a macro nobody told us about (see :meth:`~.latex_syntax._Parser.may_continue`), ``e`` the
same on the macro's line only (unknown environments), ``o`` any number of bracketed
arguments on the same line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: The parser's names for the ``^`` and ``_`` characters in math (not typeable as macro names).
MATH_SUP, MATH_SUB = " ^", " _"
#: The spec of a macro nobody told us about: star, optional arguments, brace arguments.
UNKNOWN_SPEC = "*og"
#: The spec of an environment nobody told us about (its arguments stay on its line).
UNKNOWN_ENV_SPEC = "oe"


@dataclass(frozen=True, slots=True)
class Role:
    """What a macro does.

    Argument numbers (``arg``, ``text``) count the mandatory arguments only (optional
    ones may be absent); -1 is the last. ``kind`` is one of: ``hidden`` (prints
    nothing), ``space`` (horizontal space), ``print`` (prints argument ``arg`` as it is), ``span`` (argument ``arg`` under an
    inline span ``value``), ``decl`` (a declaration: span ``value`` to the end of the
    group), ``link`` (``arg`` is the URL, ``text`` the link text, -1 = the URL),
    ``heading`` (``value`` = sectioning depth), ``break`` (hard line break), ``par``
    (paragraph end), ``item``, ``bibitem``, ``field`` (a source-declared field named
    ``value``, or by argument 0 when ``value`` is None, over argument ``arg``),
    ``fields`` (one field per argument, see :data:`FIELD_TEMPLATES`), ``row`` (a CV-class
    entry: one cell per argument), ``accent`` (``value`` = combining character),
    ``footnote``, ``sup``/``sub`` (math ``^``/``_``), ``code`` (verbatim text),
    ``cite`` (a citation of a .bib entry: prints nothing the reader can know), ``letter``
    (a number printed as a letter: apacite's year suffixes).
    """

    kind: str
    spec: str = ""
    arg: int = -1
    value: str | None = None
    text: int = -1


def _table(*groups: tuple[Role, str]) -> dict[str, Role]:
    """Role per name; names are separated by spaces, except a name that itself starts with one."""
    table: dict[str, Role] = {}
    for role, names in groups:
        for name in ([names] if names.startswith(" ") else names.split()):
            table[name] = role
    return table


# -------------------------------------------------------------------------- macros
ROLES: dict[str, Role] = _table(
    # sectioning: value = depth (part 0 ... subparagraph 6); levels are ranked per document
    (Role("heading", "*[{", value="0"), "part"),
    (Role("heading", "*[{", value="1"), "chapter"),
    (Role("heading", "*[{", value="2"), "section"),
    (Role("heading", "*[{", value="3"), "subsection"),
    (Role("heading", "*[{", value="4"), "subsubsection"),
    (Role("heading", "*[{", value="5"), "paragraph"),
    (Role("heading", "*[{", value="6"), "subparagraph"),
    # inline spans over an argument
    (Role("span", "{", value="bold"), "textbf mathbf boldsymbol bm"),
    (Role("span", "{", value="italic"), "emph textit textsl mathit"),
    (Role("span", "{", value="underline"), "underline uline uuline ul underbar"),
    (Role("span", "{", value="strike"), "sout st xout"),
    (Role("span", "{", value="smallcaps"), "textsc"),
    (Role("span", "{", value="sup"), "textsuperscript"),
    (Role("span", "{", value="sub"), "textsubscript"),
    (Role("span", "{", value="code"), "texttt mathtt"),
    (Role("code", "v"), "nolinkurl path"),
    # declarations: a span to the end of the enclosing group
    (Role("decl", value="bold"), "bf bfseries boldmath"),
    (Role("decl", value="italic"), "it itshape em sl slshape"),
    (Role("decl", value="smallcaps"), "sc scshape"),
    (Role("decl", value="code"), "tt ttfamily"),
    # links: \href{url}{text}, \url{url}
    (Role("link", "v{", arg=0, text=1), "href"),
    (Role("link", "v", arg=0), "url"),
    # arguments printed as they are (boxes, colours, plain font changes)
    (Role("print", "{", arg=0), "mbox hbox fbox text textrm textnormal textup textmd textsf mathrm mathsf "
                                "mathcal mathbb mathfrak mathscr operatorname ensuremath rlap llap clap smash "
                                "natexlab centerline leftline rightline uppercase lowercase MakeUppercase "
                                "MakeLowercase"),
    (Role("print", "{{", arg=1), "textcolor colorbox hyperlink hypertarget BIBforeignlanguage"),
    (Role("print", "{{", arg=0), "texorpdfstring"),
    (Role("print", "{{{"), "fcolorbox multicolumn multirow"),
    (Role("print", "[[{"), "makebox framebox"),
    (Role("print", "{[[{"), "raisebox"),
    (Role("print", "[[[{{"), "parbox"),
    (Role("print", "{[{"), "scalebox"),
    (Role("print", "*{{{"), "resizebox"),
    (Role("print", "[{"), "shortstack"),
    # breaks
    (Role("break", "*b"), "\\ newline linebreak break cr tabularnewline"),
    (Role("break"), "newblock"),
    (Role("par"), "par"),
    (Role("par", "b"), "newpage clearpage pagebreak cleardoublepage bigbreak"),
    # horizontal space: a space in the text
    (Role("space"), "quad qquad enspace enskip thinspace negthinspace hfill hfil hss dotfill hrulefill "
                    ", : ; > ! space nobreakspace"),
    (Role("space", "*{"), "hspace"),
    (Role("space", "d"), "hskip kern"),
    # printing nothing
    (Role("hidden"), "relax protect noindent indent centering raggedright raggedleft null leavevmode strut "
                     "nobreak nopagebreak allowbreak ignorespaces unskip smallskip medskip bigskip vfill "
                     "hline toprule midrule bottomrule endhead endfirsthead endfoot endlastfoot "
                     "tableofcontents "
                     "normalfont rm rmfamily sf sffamily md mdseries up upshape normalsize tiny scriptsize "
                     "footnotesize small large Large LARGE huge Huge expandafter ifx ifdefined "
                     "else fi undefined endcsname selectfont displaystyle textstyle scriptstyle "
                     "bibnamedelima bibnamedelimb bibnamedelimc bibnamedelimd bibnamedelimi "
                     "BIBentryALTinterwordspacing BIBentrySTDinterwordspacing BIBdecl "
                     "frenchspacing nonfrenchspacing sloppy fussy today CurrentBib / @ - "
                     "footnotemark appendix frontmatter mainmatter backmatter onecolumn twocolumn "
                     "printindex listoffigures listoftables"),
    (Role("hidden", "o"), "maketitle makecvtitle makecvheader makeheaders makeinfo"),
    (Role("hidden", "*{"), "vspace addvspace"),
    (Role("hidden", "d"), "vskip"),
    (Role("hidden", "{"), "label pagestyle thispagestyle pagenumbering color usetikzlibrary index glossary "
                          "bibliographystyle nocite hypersetup geometry newgeometry graphicspath includeonly "
                          "moderncvstyle moderncvcolor moderncvtheme title author date address phone "
                          "homepage social extrainfo photo setmainfont setsansfont setmonofont setCJKmainfont "
                          "ref eqref pageref autoref cref Cref enlargethispage stepcounter refstepcounter "
                          "APACinsertmetastar PrintBackRefs mynames phantom hphantom vphantom "
                          "AtBeginDocument AtEndDocument addbibresource"),
    (Role("hidden", "[{"), "documentclass usepackage RequirePackage setlist"),
    (Role("hidden", "*[[{"), "includegraphics"),
    (Role("hidden", "{{"), "setlength addtolength setcounter addtocounter settowidth PassOptionsToPackage "
                           "DefineBibliographyStrings"),
    (Role("hidden", "{{{"), "definecolor ifthenelse"),
    (Role("hidden", "[[{"), "pdfbookmark"),
    (Role("hidden", "{[{"), "newcounter"),
    (Role("hidden", "*{[{{{{"), "titleformat"),
    (Role("hidden", "*{{{{"), "titlespacing"),
    # citations of a .bib entry: the printed label cannot be known without BibTeX
    (Role("cite", "*[[v"), "cite citep citet citealp citealt citeauthor citeyear parencite textcite autocite "
                           "footcite fullcite citetitle smartcite supercite"),
    # footnotes: kept out of the line
    (Role("footnote", "[{"), "footnote footnotetext thanks"),
    # lists
    (Role("item", "["), "item"),
    (Role("item", "*[g"), "entry"),
    (Role("bibitem", "[k"), "bibitem"),
    # accents: value = the combining character
    (Role("accent", "{", value="\u0301"), "' acute"),
    (Role("accent", "{", value="\u0300"), "` grave"),
    (Role("accent", "{", value="\u0302"), "^ hat"),
    (Role("accent", "{", value="\u0308"), '" ddot'),
    (Role("accent", "{", value="\u0303"), "~ tilde"),
    (Role("accent", "{", value="\u0304"), "= bar"),
    (Role("accent", "{", value="\u0307"), ". dot"),
    (Role("accent", "{", value="\u0306"), "u breve"),
    (Role("accent", "{", value="\u030c"), "v check"),
    (Role("accent", "{", value="\u030b"), "H"),
    (Role("accent", "{", value="\u0327"), "c"),
    (Role("accent", "{", value="\u0328"), "k"),
    (Role("accent", "{", value="\u030a"), "r"),
    (Role("accent", "{", value="\u0323"), "d"),
    (Role("accent", "{", value="\u0331"), "b"),
    (Role("accent", "{", value="\u0361"), "t"),
    # source-declared fields of .bbl files (natbib/ACM \bibinfo, \bibfield; ACM and apacite titles)
    (Role("field", "k{", arg=1), "bibinfo bibfield"),
    (Role("field", "{", arg=0, value="title"), "showarticletitle"),
    (Role("field", "{", arg=0, value="doi"), "showDOI"),
    (Role("field", "{{", arg=0, value="title"), "APACrefatitle APACrefbtitle APACrefaetitle"),
    (Role("field", "{", arg=0, value="howpublished"), "APAChowpublished"),
    (Role("field", "{", arg=0, value="note"), "APACrefnote"),
    (Role("field", "[{", arg=0, value="eprint"), "eprint"),
    # apacite's year suffix counter: \BCnt{2} prints "b"
    (Role("letter", "{"), "BCnt"),
    (Role("fields", "{{{{"), "APACjournalVolNumPages"),
    (Role("fields", "{{{"), "APACrefYearMonthDay"),
    (Role("fields", "{{"), "APACaddressPublisher APACaddressInstitution"),
    # math super- and subscripts (the parser's names for the ^ and _ characters in math)
    (Role("sup", "{"), MATH_SUP),
    (Role("sub", "{"), MATH_SUB),
    # CV-class entry macros (moderncv, awesome-cv, europasscv): a row of fields, one per argument
    (Role("row", "*[G"), "cventry cvitem cvitemwithcomment cvdoubleitem cvlistitem cvlistdoubleitem cvcolumn "
                         "cvskill cvhonor cvtalk cvevent cvline cvpub ecvitem ecvbigitem ecvtitle ecvlanguage "
                         "ecvmothertongue ecvlastlanguage"),
)

#: ``fields`` macros: per argument (field name, text before, text after, span kind), printed
#: only when the argument is not empty, then the whole wrapped in (open, close).
FIELD_TEMPLATES: dict[str, tuple[tuple[str, str], tuple[tuple[str, str, str, str | None], ...]]] = {
    "APACjournalVolNumPages": (("", ""), (("journal", "", "", "italic"), ("volume", ", ", "", "italic"),
                                          ("number", "(", ")", None), ("pages", ", ", "", None))),
    "APACrefYearMonthDay": (("(", ")"), (("year", "", "", None), ("month", ", ", "", None), ("day", " ", "", None))),
    "APACaddressPublisher": (("", ""), (("address", "", "", None), ("publisher", ": ", "", None))),
    "APACaddressInstitution": (("", ""), (("address", "", "", None), ("institution", ": ", "", None))),
}

# ------------------------------------------------------------------- definitions
#: Macros defined by packages, written in LaTeX: name -> (arguments, optional default, body).
#: Expanded like the document's own \newcommand definitions (which may replace them).
DEFINITIONS: dict[str, tuple[int, str | None, str]] = {
    "LaTeX": (0, None, "LaTeX"), "LaTeXe": (0, None, "LaTeX2e"), "TeX": (0, None, "TeX"),
    "BibTeX": (0, None, "BibTeX"), "XeTeX": (0, None, "XeTeX"), "LuaTeX": (0, None, "LuaTeX"),
    "XeLaTeX": (0, None, "XeLaTeX"), "LuaLaTeX": (0, None, "LuaLaTeX"), "pdfLaTeX": (0, None, "pdfLaTeX"),
    # natbib / plain .bbl helpers
    "urlprefix": (0, None, "URL "), "doi": (1, None, r"doi:\href{https://doi.org/#1}{#1}"),
    "BySame": (0, None, "------"), "bysame": (0, None, "------"),
    "citeauthoryear": (3, None, "#2 (#3)"), "citename": (1, None, "#1"),
    # apacite's words and punctuation (apacite.sty, English)
    "BBOQ": (0, None, "``"), "BBCQ": (0, None, "''"), "BBA": (0, None, r"\&"), "BBAA": (0, None, r"\&"),
    "BBAB": (0, None, "and"), "BAnd": (0, None, "and"), "BCBT": (0, None, ","), "BCBL": (0, None, ","),
    "BCAY": (3, None, "#2 (#3)"), "BPGS": (0, None, "pp."), "BPG": (0, None, "p."), "BIn": (0, None, "In"),
    "BPBI": (0, None, ". "), "BOthers": (1, None, "et al."), "BOthersPeriod": (1, None, "et al."),
    "Bem": (1, None, r"\emph{#1}"), "APACyear": (1, None, "#1"), "APACrefYear": (1, None, "(#1)"),
    "bibnodate": (0, None, "n.d."), "BEd": (0, None, "Ed."), "BEDS": (0, None, "Eds."), "BVOL": (0, None, "Vol."),
    "BVOLS": (0, None, "Vols."), "BNUM": (0, None, "No."), "BNUMS": (0, None, "Nos."), "BCHAP": (0, None, "chap."),
    "BTR": (0, None, "Tech. Rep."), "BPhD": (0, None, "Doctoral dissertation"),
    "BUPhD": (0, None, "Unpublished doctoral dissertation"), "BMTh": (0, None, "Master's thesis"),
    "BUMTh": (0, None, "Unpublished master's thesis"), "BRetrieved": (1, None, "Retrieved from #1"),
    "BRetrievedFrom": (0, None, "Retrieved from"), "BAvailFrom": (0, None, "Available from"),
    "BAvailableFrom": (1, None, "Available from #1"), "BIP": (0, None, "in press"), "BTRANS": (0, None, "Trans."),
    "BTRANSL": (0, None, "Trans."), "BMsc": (0, None, "Master's thesis"), "Bby": (0, None, "by"),
    "APACmonth": (1, None, "#1"), "APACrefauthstyle": (0, None, ""),
    "BHBI": (0, None, "-"), "BHBIs": (0, None, "-"), "BMTHESIS": (0, None, "Master's thesis"),
    "PrintOrdinal": (1, None, "#1"), "CardinalNumeric": (1, None, "#1"), "APACorigyearnote": (2, None, "(#1)"),
    "APACorigjournalnote": (4, None, "(#1)"),
    "APACexlab": (1, None, "#1"),
    # symbols written as macros in CVs
    "textbullet": (0, None, "•"), "cdotp": (0, None, "·"), "lbrack": (0, None, "["), "rbrack": (0, None, "]"),
    "slash": (0, None, "/"), "textbar": (0, None, "|"), "textless": (0, None, "<"), "textgreater": (0, None, ">"),
    "ldots": (0, None, "…"), "dots": (0, None, "…"), "textellipsis": (0, None, "…"), "ie": (0, None, "i.e."),
    "eg": (0, None, "e.g."), "etal": (0, None, "et al."),
}

# ---------------------------------------------------------------- environments
#: Environment -> (kind, spec). Kinds: ``list`` (itemize, enumerate, description: marker
#: style in the name), ``bibliography``, ``table``, ``quote``, ``block`` (ends the paragraph
#: but makes no block), ``inline`` (only a group), ``decl:<span>``, ``math``, ``field:<name>``,
#: ``document``.
def _environments(*groups: tuple[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    return {name: value for names, value in groups for name in names.split()}


ENVIRONMENTS: dict[str, tuple[str, str]] = _environments(
    ("itemize compactitem asparaitem inparaitem itemize* cvitems ecvitemize", ("list:bullet", "[")),
    ("enumerate compactenum asparaenum inparaenum enumerate*", ("list:number", "[")),
    ("description compactdesc asparadesc description*", ("list:label", "[")),
    ("list", ("list:bullet", "{{")),
    ("thebibliography", ("bibliography", "{")),
    ("tabular", ("table", "[{")), ("tabular*", ("table", "{[{")), ("tabularx", ("table", "{[{")),
    ("tabulary", ("table", "{{")), ("longtable", ("table", "[{")), ("supertabular", ("table", "{")),
    ("xtabular", ("table", "[{")), ("tabu", ("table", "{")), ("array", ("table", "[{")),
    ("quote quotation verse", ("quote", "")),
    ("center flushleft flushright minipage multicols multicols* figure figure* table table* adjustwidth "
     "spacing singlespace onehalfspace doublespace samepage titlepage abstract wrapfigure",
     ("block", "[[[{")),
    ("small footnotesize scriptsize tiny large Large LARGE huge Huge normalsize sffamily rmfamily "
     "raggedright raggedleft", ("inline", "")),
    ("bfseries", ("decl:bold", "")), ("itshape em", ("decl:italic", "")), ("scshape", ("decl:smallcaps", "")),
    ("ttfamily", ("decl:code", "")),
    ("equation equation* align align* displaymath math gather gather* multline multline* eqnarray eqnarray*",
     ("math", "")),
    ("APACrefauthors", ("field:author", "")),
    ("document", ("document", "")),
)
# environments whose arguments are layout (widths, column counts): never printed
ENVIRONMENT_SPECS = {"minipage": "[[[{", "multicols": "{[", "multicols*": "{[", "adjustwidth": "{{",
                     "spacing": "{", "wrapfigure": "[{[{", "figure": "[", "figure*": "[", "table": "[",
                     "table*": "[", "center": "", "flushleft": "", "flushright": ""}

#: Environments whose content is read as it is (no macros, no comments).
VERBATIM_ENVIRONMENTS = frozenset({"verbatim", "verbatim*", "Verbatim", "lstlisting", "minted"})
#: Environments whose content is never printed.
SKIPPED_ENVIRONMENTS = frozenset({"comment", "tikzpicture", "pgfpicture", "filecontents", "filecontents*"})

#: Macros that define macros or environments (read by the parser, never printed).
DEFINING = frozenset({"newcommand", "renewcommand", "providecommand", "DeclareRobustCommand",
                      "def", "gdef", "edef", "xdef", "let", "newenvironment", "renewenvironment",
                      "excludecomment", "includecomment", "newif", "DeclareMathOperator",
                      "NewDocumentCommand", "RenewDocumentCommand", "ProvideDocumentCommand"})
#: Macros that read another file: name -> number of brace arguments (the last is the file).
INPUTS = {"input": 1, "include": 1, "subfile": 1, "import": 2, "subimport": 2, "inputfrom": 2, "subinputfrom": 2}

#: Sectioning depth of macros found by use (``\\cvsection``): a section, one deeper per "sub".
CLASS_HEADING_DEPTH = 2

#: Marker styles of nested enumerate lists (LaTeX's defaults: 1. (a) i. A.).
ENUMERATE_STYLES = ("arabic", "alph", "roman", "Alph")


@lru_cache(maxsize=1)
def symbols() -> dict[str, str]:
    """Macros that print a fixed text (``\\ss`` -> "ß", ``\\alpha`` -> "α"), from pylatexenc."""
    from pylatexenc.latex2text import get_default_latex_context_db

    table: dict[str, str] = {}
    database = get_default_latex_context_db()
    for category in ("latex-base", "advanced-symbols", "nonstandard-qit"):
        for spec in database.d[category]["macros"].values():
            replacement = spec.simplify_repl
            if isinstance(replacement, str) and "%" not in replacement:
                table[spec.macroname] = replacement
    # pylatexenc prints today's date and turns \- into a soft hyphen; neither is text here
    for name in ("today", "-", "\\", " ", "hspace", "vspace"):
        table.pop(name, None)
    table.update({"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ",
                  "i": "ı", "j": "ȷ"})
    return table
