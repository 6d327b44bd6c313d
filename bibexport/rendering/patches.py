"""Corrections to citeproc-py itself, applied once before the first style is used.

Each one mends a place where citeproc-py departs from the CSL specification and from
citeproc-js, found by ``benchmarks/bench_render.py``; each is covered by a test.

- ``initialize="false"`` on ``cs:name`` is ignored, so styles such as Chicago and MLA
  that set ``initialize-with`` on the style but ask for full given names in the
  bibliography print "Westfahl, G." instead of "Westfahl, Gary".
- A name variable printed by ``cs:substitute`` (editors standing for a missing author)
  is printed again further on ("Reynolds, D. (Ed.). ... (D. Reynolds, Ed.)"); the
  specification suppresses it for the rest of the entry.
- A page range whose ends differ in length ("1-12") lost digits under
  page-range-format="minimal" ("1–2").
- The title-case stop words are the CSL 1.0 list of 26; the specification's list (used
  by citeproc-js) has "about", "between", "through", "without" and the other
  prepositions too.
- Sorting compares raw code points, case-folded per comparison: "Özge" sorts after "Zhang",
  and every comparison lower-cases both keys again. Keys are now folded once (accents
  removed, case-folded, numbers compared as numbers) and sorted with a stable sort per key.

Speed (no change in output; the golden and agreement tests hold it to that):

- every ``cs:text macro=...`` looked its macro up with an XPath query on each use, and
  asking whether a group "calls a variable" walked the whole macro tree again for every
  entry: a third of APA's time. Macros are now found once per style and the answer per
  element is kept (both depend on the style only, never on the item);
- an item's reference was looked up by key through three properties on every variable
  access; it is now kept on the item. Its citation number was found by searching the
  list of keys (quadratic in numeric styles); it is now looked up in a table.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_applied = False

# the CSL specification's English stop words for title case (single words)
_CSL_STOP_WORDS = frozenset(
    "a about above across afore after against along alongside amid amidst among amongst an and anenst apropos "
    "apud around as aside astride at athwart atop barring before behind below beneath beside besides between "
    "beyond but by circa despite down during except for forenenst from given in inside into lest like modulo "
    "near next nor notwithstanding of off on onto or out over per plus pro qua sans since so than the through "
    "thru throughout thruout till to toward towards under underneath until unto up upon versus via vs. v. "
    "with within without yet".split()
)


def apply() -> None:
    """Install the corrections (idempotent)."""
    global _applied
    if _applied:
        return
    from citeproc import model

    original_get_option = model.Name.get_option

    def get_option(self, name, context=None, sort_options=None):  # type: ignore[no-untyped-def]
        if name == "initialize-with" and self.get("initialize", "true").lower() == "false":
            return None
        return original_get_option(self, name, context, sort_options)

    def sort(self, items, context):  # type: ignore[no-untyped-def]
        levels = []
        for key in self.findall("cs:key", self.nsmap):
            descending = key.get("sort", "ascending").lower() == "descending"
            levels.append(([_collation_key(k) for k in key.sort_keys(items, context)], descending))
        order = list(range(len(items)))
        # stable sorts from the least to the most significant key; empty keys go last
        for keys, descending in reversed(levels):
            present = [i for i in order if keys[i] is not None]
            missing = [i for i in order if keys[i] is None]
            present.sort(key=keys.__getitem__, reverse=descending)
            order = present + missing
        return [items[i] for i in order]

    original_last_page = model.FormatNumber._format_last_page

    def format_last_page(self, first, last):  # type: ignore[no-untyped-def]
        if len(str(first)) != len(str(last)):
            return last  # "1–12" stays whole: citeproc-py made it "1–2"
        return original_last_page(self, first, last)

    original_names_process = model.Names.process

    def names_process(self, item, names_context=None, context=None, **kwargs):  # type: ignore[no-untyped-def]
        layout_owner = context if context is not None else self
        try:
            repressed = layout_owner.get_layout().repressed.get(self.tag, [])
        except Exception:  # no layout (a sort key): nothing is repressed
            repressed = []
        if repressed:
            hidden = {role for entry in repressed if entry for role in entry.split()}
            present = [role for role in self.get("variable", "").split() if role in item.reference]
            if present and set(present) <= hidden:
                raise model.VariableError  # already printed in place of the author
        return original_names_process(self, item, names_context, context, **kwargs)

    _memoise_style_lookups(model)
    from citeproc.source import CitationItem

    def reference(self):  # type: ignore[no-untyped-def]
        found = self.__dict__.get("_reference")
        if found is None:
            found = self.bibliography.source[self.key]
            self.__dict__["_reference"] = found
        return found

    CitationItem.reference = property(reference)

    def number(self):  # type: ignore[no-untyped-def]
        # citeproc-py searched the list of keys for every citation number: quadratic
        bibliography = self.bibliography
        keys = bibliography.keys
        cached = getattr(bibliography, "_bibexport_positions", None)
        if cached is None or cached[0] is not keys or cached[1] != len(keys):
            cached = (keys, len(keys), {key: index for index, key in reversed(list(enumerate(keys)))})
            bibliography._bibexport_positions = cached
        return cached[2][self.key] + 1

    CitationItem.number = property(number)
    model.Names.process = names_process
    model.Name.get_option = get_option
    model.Sort.sort = sort
    model.FormatNumber._format_last_page = format_last_page
    model.TextCased._stop_words = sorted(set(model.TextCased._stop_words) | _CSL_STOP_WORDS)
    _applied = True


def _memoise_style_lookups(model) -> None:  # type: ignore[no-untyped-def]
    """Macros by name and ``calls_variable`` answers, computed once per style element.

    lxml keeps one Python proxy per XML node for as long as something refers to it, so
    keeping the elements in these dictionaries keeps their identity stable as well.
    """
    macros: dict[tuple[int, str], object] = {}
    original_get_macro = model.CitationStylesElement.get_macro

    def get_macro(self, name):  # type: ignore[no-untyped-def]
        root = self.get_root()
        key = (id(root), name)
        found = macros.get(key)
        if found is None:
            found = macros[key] = (root, original_get_macro(self, name))
        return found[1]

    model.CitationStylesElement.get_macro = get_macro

    # every XPath query citeproc-py makes (terms, layout, inherited options, parent
    # names) asks about the style tree, which does not change while it renders
    searches: dict[tuple[object, str], list] = {}
    original_search = model.CitationStylesElement.xpath_search

    def xpath_search(self, expression):  # type: ignore[no-untyped-def]
        key = (self, expression)
        found = searches.get(key)
        if found is None:
            found = searches[key] = original_search(self, expression)
        return list(found)

    model.CitationStylesElement.xpath_search = xpath_search

    roots: dict[object, object] = {}

    def get_root(self):  # type: ignore[no-untyped-def]
        root = roots.get(self)
        if root is None:
            root = roots[self] = self.getroottree().getroot()
        return root

    model.CitationStylesElement.get_root = get_root
    answers: dict[object, bool] = {}
    for cls in list(vars(model).values()):
        if isinstance(cls, type) and "calls_variable" in vars(cls):
            cls.calls_variable = _memoised(cls.calls_variable, answers)


def _memoised(method, answers: dict):  # type: ignore[no-untyped-def]
    def calls_variable(self):  # type: ignore[no-untyped-def]
        answer = answers.get(self)
        if answer is None:
            answer = answers[self] = method(self)
        return answer

    return calls_variable


def _collation_key(value: object) -> tuple | None:
    if value is None:
        return None
    text = str(value)
    try:
        return (0, int(text), "")
    except ValueError:
        return (1, 0, _fold(text))


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
