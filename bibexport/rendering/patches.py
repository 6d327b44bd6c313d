"""Corrections to citeproc-py itself, applied once before the first style is used.

Each one mends a place where citeproc-py departs from the CSL specification and from
citeproc-js, found by ``benchmarks/bench_render.py``; each is covered by a test.

- ``initialize="false"`` on ``cs:name`` is ignored, so styles such as Chicago and MLA
  that set ``initialize-with`` on the style but ask for full given names in the
  bibliography print "Westfahl, G." instead of "Westfahl, Gary".
- A name variable printed by ``cs:substitute`` (editors standing for a missing author)
  is printed again further on ("Reynolds, D. (Ed.). ... (D. Reynolds, Ed.)"); the
  specification suppresses it for the rest of the entry. The same for everything a macro
  standing in for the author printed (title, edition, translator: "The Chicago Manual of
  Style (15th ed.). (2003). (15th ed.)"). Names inside a ``cs:choose`` of ``cs:substitute`` lost the name
  format and label of the names they stand in for.
- Title case left hyphenated words alone ("Pd-N-heterocyclic", "Mizoroki-heck"); each part
  is now cased as a word. Labels never got ``text-case="title"`` at all (APA's "(ed.)" for
  "(Ed.)").
- A hyphenated given name with a lower-case part ("Hafiz Muhammad-ud-Din") was initialised
  as "H. M.-. ud .-D."; the lower-case part is now left out ("H. M.-D.").
- A page range whose ends differ in length ("1-12") lost digits under
  page-range-format="minimal" ("1–2"); the Chicago formats shortened by their own rule
  ("2897–2904" for Chicago 16th's "2897–904", "250–250" for "250–50").
- The title-case stop words are the CSL 1.0 list of 26; the specification's list (used
  by citeproc-js) has "about", "between", "through", "without" and the other
  prepositions too, and citeproc-js also keeps "de", "et", "von", "v" and elided "d’"
  lower case, and never capitalises after a single quote ("‘family values’", "’t Hooft").
  An item in "English" (cut to "En") was not title-cased as English at all.
- Sorting compares raw code points, case-folded per comparison: "Özge" sorts after "Zhang",
  and every comparison lower-cases both keys again. Keys are now folded once (accents
  removed, case-folded, leading symbols and quotes dropped, numbers compared as numbers)
  and sorted with a stable sort per key.
- ``demote-non-dropping-particle="sort-only"`` did not demote when sorting: "de Boer"
  sorted under D instead of B.
- ``is-numeric`` accepted a single number only; the specification (and citeproc-js)
  count lists and ranges ("3-4", "2, 5"), so APA printed "(3-4)" for "(Nos. 3–4)".
  ``cs:number`` found no value for hyphenated variables (``number-of-volumes``), and a
  label of ``number-of-volumes`` failed on its plural test: "(Vols. 1–3)" was lost.
- Group suppression looked at which variables a child could call in any branch, not at
  what was called and printed: "(Publication)" on an APA thesis with no number, "(ed.)"
  after the edition had been printed in place of the author. Now, as in citeproc-js, a
  group (and a macro, which is a group of its own) is dropped when something in it called
  a variable and nothing in it printed one; a nested group that printed counts as printed.

- Found by the CSL test suite (``tests/test_csl_suite.py``): ``display`` and
  ``second-field-align`` were ignored (see :mod:`.display`); ``<if disambiguate>`` was
  always true; the year suffix had nowhere to go when the style does not print it; name
  variables with a hyphen ("container-author") were looked up under the wrong key, and 16
  of CSL 1.0.2's 27 name variables were read as text; ``after-inverted-name``,
  ``et-al-use-first="0"``, ``form="count"``, labels and "et al." in name sort keys,
  ``vertical-align="baseline"``, term forms without fallback ("verb-short"), a variable
  printed twice by one substitute, a date printed again after its substitute; rich text
  (``nocase``) reached by case changes, and not initialised inside its marks.
- No render state lives here or on the shared style: what a render learns is in the
  :class:`.tracking.RenderState` of that render (citeproc-py's ``layout.repressed`` too).

Speed (no change in output; the golden and agreement tests hold it to that):

- every ``cs:text macro=...`` looked its macro up with an XPath query on each use, and
  asking whether a group "calls a variable" walked the whole macro tree again for every
  entry: a third of APA's time. XPath answers and the answer per element are now kept
  (both depend on the style only, never on the item);
- an item's reference was looked up by key through three properties on every variable
  access; it is now kept on the item. Its citation number was found by searching the
  list of keys (quadratic in numeric styles); it is now looked up in a table.
"""

from __future__ import annotations

import re
import threading

from .marks import MARK_CLASS, MARKS, hide_nocase, show_nocase
from . import display
from .items import NUMBER_TOKEN
from .sortkeys import collation_key
from .titlecase import CITEPROC_JS_STOP_WORDS, CSL_STOP_WORDS, title_case
from .tracking import NESTED, Frame, current, note_called, note_printed, repressed_property, substituted

_applied = False
_installed: set[str] = set()  # the corrections apply_for_style has installed
# installing twice would wrap a method twice (two threads loading their first styles)
_installing = threading.Lock()


def apply_for_style(data: bytes) -> None:
    """The corrections only some styles need, installed when the first such style is
    loaded: a wrapper for ``display`` or ``<if disambiguate>`` costs every render of every
    element a call, so a process that never loads such a style does not pay for it.
    Idempotent; like :func:`apply`, it changes citeproc-py's classes once per process."""
    from citeproc import model

    with _installing:
        for needed, name, install in ((b'display="', "display", _fix_display),
                                      (b'disambiguate="', "disambiguate", _fix_disambiguate_condition)):
            if needed in data and name not in _installed:
                install(model)
                _installed.add(name)


def apply() -> None:
    """Install the corrections (idempotent)."""
    with _installing:
        _apply()


def _apply() -> None:
    global _applied
    if _applied:
        return
    from citeproc import model

    _know_every_variable()
    _fix_names(model)
    _fix_substitution(model)
    _fix_case(model)
    _fix_sorting(model)
    _fix_page_ranges(model)
    _fix_group_suppression(model)
    _fix_numbers(model)
    _fix_layout(model)
    _fix_term_forms(model)
    model.Layout.repressed = repressed_property()  # per render, not on the shared style
    _memoise_style_lookups(model)
    _memoise_item_lookups()
    _applied = True


#: CSL 1.0.2's name and date variables (citeproc-py knows 11 of the 27 name variables:
#: a "reviewed-author" or "director" was read as a string and printed as garbage).
CSL_NAME_VARIABLES = (
    "author chair collection-editor compiler composer container-author contributor curator director editor "
    "editorial-director editor-translator executive-producer guest host illustrator interviewer narrator organizer "
    "original-author performer producer recipient reviewed-author script-writer series-creator translator"
).split()
_HYPHENATED_NAMES = frozenset(v.replace("-", "_") for v in CSL_NAME_VARIABLES if "-" in v)
CSL_DATE_VARIABLES = "accessed available-date event-date issued original-date submitted".split()
CSL_TEXT_VARIABLES = (
    "archive-collection archive-place chapter-number citation-key container-title-short division event-title "
    "part-number part-title printing-number publisher-place reviewed-genre reviewed-title supplement-number "
    "volume-title volume-title-short title-short original-publisher original-publisher-place"
).split()


def alias_hyphenated_names(source) -> None:  # type: ignore[no-untyped-def]
    """Each reference's hyphenated name variables also under their CSL name: citeproc-py
    stores "container-author" as container_author and then looks names up by the CSL name
    ("container-author" in reference), so such names were never printed."""
    for reference in source.values():
        for key in [key for key in reference if "_" in key and key in _HYPHENATED_NAMES]:
            dict.__setitem__(reference, key.replace("_", "-"), dict.__getitem__(reference, key))


def _know_every_variable() -> None:
    """citeproc-py's variable lists, completed with CSL 1.0.2's (they decide how a value
    of the item is read: names, a date or text)."""
    import citeproc

    for variables, target in ((CSL_NAME_VARIABLES, citeproc.NAMES), (CSL_DATE_VARIABLES, citeproc.DATES)):
        for variable in variables:
            python_name = variable.replace("-", "_")
            if python_name not in target:
                target.append(python_name)
                citeproc.VARIABLES.append(python_name)
    for variable in CSL_TEXT_VARIABLES:
        if variable.replace("-", "_") not in citeproc.VARIABLES:
            citeproc.VARIABLES.append(variable.replace("-", "_"))


RICH_MARK = re.compile(MARK_CLASS)
RICH_OPENING = [opening for opening, _ in MARKS.values()]
RICH_CLOSING = [closing for _, closing in MARKS.values()]

#: Marks the name options that disambiguation passes down (as citeproc-py passes a sort
#: key's), so that what is not a sort key is not treated as one.
CITE_OVERRIDES = "bibexport-cite"


def _fix_names(model) -> None:  # type: ignore[no-untyped-def]
    """``initialize="false"``, hyphenated given names with particles, and particles in sort keys."""
    original_get_option = model.Name.get_option

    def get_option(self, name, context=None, sort_options=None):  # type: ignore[no-untyped-def]
        if name == "initialize-with" and self.get("initialize", "true").lower() == "false":
            return None
        if name == "et-al-min" and not _option_given(self, "et-al-use-first", context, sort_options):
            return 0  # et-al-min without et-al-use-first truncates nothing (citeproc-js)
        return original_get_option(self, name, context, sort_options)

    original_initialize = model.Name.initialize

    def initialize(self, given, mark, context):  # type: ignore[no-untyped-def]
        if RICH_MARK.search(str(given)):
            # rich text in a given name ("<b>John</b> Q."): each word initialised inside
            # its marks ("<b>J.</b> Q.")
            out = []
            for token in re.split(r"(\s+|-)", str(given)):
                if not token or token.isspace() or token == "-":
                    out.append(" " if token and token.isspace() else token)
                    continue
                core = token.strip("".join(RICH_OPENING + RICH_CLOSING))
                start = token.index(core) if core else len(token)
                if not core:
                    out.append(token)
                    continue
                initial = str(initialize(self, String(core), mark, context)).strip()
                out.append(token[:start] + initial + token[start + len(core):])
            return String("".join(out).strip())
        # "Muhammad-ud-Din" is "M.-D.", not "M.-. ud .-D.": lower-case parts of a
        # hyphenated given name are particles, left out of the initials
        if "-" in given:
            parts = [part for part in given.split("-") if part[:1].isupper()]
            given = "-".join(parts) if parts else given
        return original_initialize(self, given, mark, context)

    original_process = model.Name.process

    def process(self, item, variable, context=None, sort_options=None, **kwargs):  # type: ignore[no-untyped-def]
        # demote-non-dropping-particle="sort-only": "de Boer" sorts under B (citeproc-py
        # kept the particle in front when sorting as well)
        if sort_options is not None and "demote-non-dropping-particle" not in sort_options:
            if self.get_root().get("demote-non-dropping-particle", "display-and-sort").lower() == "sort-only":
                sort_options = {**sort_options, "demote-non-dropping-particle": "display-and-sort"}
        for option in ("delimiter-precedes-last", "delimiter-precedes-et-al"):
            if self.get_option(option, context, sort_options) == "after-inverted-name":
                # the delimiter comes after a name printed inverted ("Leong, G. B., & Silva");
                # citeproc-py treated the value as "never"
                sort_options = {**(sort_options or {}), option: _after_inverted(self, item, variable, context, sort_options, option)}
        return original_process(self, item, variable, context, sort_options, **kwargs)

    def process_count(self, item, variable, context=None, sort_options=None, **kwargs):  # type: ignore[no-untyped-def]
        if self.get_option("form", context, sort_options) != "count":
            if _shows_no_names(self, item, variable, context, sort_options):
                return None  # et-al-use-first="0": the names are left out (citeproc-js)
            if sort_options is None or sort_options.get(CITE_OVERRIDES):
                text = process(self, item, variable, context, sort_options, **kwargs)
                first_names = current().first_names
                if first_names is not None and text and item.key not in first_names:
                    first_names[item.key] = str(text)  # the names alone, without their label
                return text
            state = current()
            state.sort_key = True  # a sort key has names, never "et al." (citeproc-js)
            try:
                return process(self, item, variable, context, sort_options, **kwargs)
            finally:
                state.sort_key = False
        # form="count": the number of names that would be printed (a sort key)
        try:
            count = len(item.reference[variable])
        except model.VariableError:
            return None
        if count >= self.get_option("et-al-min", context, sort_options):
            count = min(count, self.get_option("et-al-use-first", context, sort_options))
        return String(str(count)) if count else None

    from citeproc.string import String

    model.Name.get_option = get_option
    model.Name.initialize = initialize
    model.Name.process = process_count

    def label_outside_sort_keys(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        sort_options = kwargs.get("sort_options")
        if sort_options is not None and not sort_options.get(CITE_OVERRIDES) and isinstance(self.getparent(), model.Names):
            return None  # a sort key compares names, not their "ed." (citeproc-js); "vol. 12" stays
        # Label inherits its render; looked up when called, not when installed, so that
        # the display correction (installed later, on CitationStylesElement.render, by
        # apply_for_style) reaches labels too
        return model.CitationStylesElement.render(self, *args, **kwargs)

    model.Label.render = label_outside_sort_keys
    et_al = model.Name.et_al

    def et_al_outside_sort_keys(self):  # type: ignore[no-untyped-def]
        return String("") if current().sort_key else et_al(self)

    model.Name.et_al = et_al_outside_sort_keys


def _option_given(name, option, context, sort_options) -> bool:  # type: ignore[no-untyped-def]
    """``option`` is set on the name, a sort key, its cs:citation or cs:bibliography, or the style."""
    if name.get(option) is not None or (sort_options and option in sort_options):
        return True
    found = (context if context is not None else name).xpath_search("./ancestor::*[self::cs:citation or self::cs:bibliography][1]")
    if found and found[0].get(option) is not None:
        return True
    return name.get_root().get(option) is not None


def _shows_no_names(name, item, variable, context, sort_options) -> bool:  # type: ignore[no-untyped-def]
    if name.get("et-al-use-first") != "0" and (sort_options or {}).get("et-al-use-first") not in ("0", 0):
        return False
    try:
        count = len(item.reference[variable])
    except Exception:  # noqa: BLE001 - no names at all
        return False
    return count >= name.get_option("et-al-min", context, sort_options)


def _after_inverted(name, item, variable, context, sort_options, option) -> str:  # type: ignore[no-untyped-def]
    """"always" or "never" for ``delimiter-precedes-*="after-inverted-name"``: whether the
    name before the last one (or before "et al.") is printed inverted."""
    order = name.get_option("name-as-sort-order", context, sort_options)
    try:
        names = item.reference[variable]
        before_last = names[-2] if len(names) > 1 else None
    except Exception:  # noqa: BLE001 - no such names: nothing to delimit
        return "never"
    if before_last is not None and "literal" in before_last and option == "delimiter-precedes-last":
        return "never"  # an organisation is never inverted
    if order == "all":
        return "always"
    if order != "first":
        return "never"
    try:
        count = len(item.reference[variable])
    except Exception:  # noqa: BLE001 - no such names: nothing to delimit
        return "never"
    if option == "delimiter-precedes-et-al":
        shown = name.get_option("et-al-use-first", context, sort_options)
        return "always" if shown == 1 else "never"
    return "always" if count == 2 else "never"


def _fix_substitution(model) -> None:  # type: ignore[no-untyped-def]
    """What ``cs:substitute`` printed in place of the author is not printed again; names
    inside a ``cs:choose`` of it keep the format of the names they stand in for; the
    first names of each entry are noted for subsequent-author-substitute."""
    original_names_process = model.Names.process

    def names_process(self, item, names_context=None, context=None, **kwargs):  # type: ignore[no-untyped-def]
        note_called()
        present = [role for role in self.get("variable", "").split() if role in item.reference]
        if present and set(present) <= substituted(context if context is not None else self):
            raise model.VariableError  # already printed in place of the author
        if present and any(frame.substitute and set(present) <= frame.printed for frame in current().frames):
            raise model.VariableError  # printed already by this substitute (a macro naming it twice)
        stands_in_for = _substitute_parent(self) if names_context is None and self.name is None else None
        if stands_in_for is not None:
            # <names variable="editor"/> inside a cs:choose of cs:substitute: it takes the
            # name and label of the names it stands in for ("Remesh, Babu P., and Ratheesh
            # Kumar, eds."), as it does outside a choose
            names_context = stands_in_for
        text = original_names_process(self, item, names_context, context, **kwargs)
        if text:
            note_printed(present)
            first_names = current().first_names
            if first_names is not None and item.key not in first_names:
                first_names[item.key] = str(text)  # what a substitute printed for the names
        return text

    Names, VariableError = model.Names, model.VariableError

    def substitute_render(self, item, context=None, **kwargs):  # type: ignore[no-untyped-def]
        for child in self.getchildren():
            frame = Frame(substitute=True)
            frames = current().frames
            frames.append(frame)
            try:
                if isinstance(child, Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                frames.pop()
            if text:
                # every variable the substitute printed (names, a title, and all that a
                # macro standing in for the author printed: "The Chicago Manual of Style
                # (15th ed.). (2003)." had "(15th ed.)" twice) is not printed again, as the
                # specification says; this replaces citeproc-py's list per element kind
                substituted(context).update(variable for variable in frame.printed if variable != NESTED)
                return text
        return None

    model.Substitute.render = substitute_render
    model.Names.process = names_process

    # reading a text variable: noted for the frames, and held back once substituted
    original_variable = model.Text._variable
    VariableError = model.VariableError

    def text_variable(self, item, context):  # type: ignore[no-untyped-def]
        variable = self.get("variable")
        if variable != "year-suffix":  # generated, not data: an empty one suppresses nothing
            note_called()
        if variable in substituted(context):
            return None
        text = original_variable(self, item, context)
        if text:
            note_printed((variable,))
            state = current()
            if variable == "citation-label" and state.implicit_year_suffix and not state.suffix_placed:
                # the label carries the year suffix the style does not print ("RoNo78a")
                try:
                    text = text + item.reference["year_suffix"]
                    state.suffix_placed = True
                except VariableError:
                    pass
        return text

    model.Text._variable = text_variable


def _fix_case(model) -> None:  # type: ignore[no-untyped-def]
    """The specification's stop words, title case after hyphens and quotes, and labels."""
    from citeproc.string import String

    original_case = model.TextCased.case
    stop_words = frozenset(model.TextCased._stop_words) | CSL_STOP_WORDS | CITEPROC_JS_STOP_WORDS

    def case(self, text, language=None):  # type: ignore[no-untyped-def]
        text_case = self.get("text-case")
        if text_case is None:
            return text
        # rich text's nocase spans are out of reach of every case change
        hidden_text, hidden = hide_nocase(str(text))
        if hidden:
            text = String(hidden_text)
        # the item's language is cut to two letters: "English" gives "En", still English
        if text_case != "title" or (language or "").lower() != "en":
            cased = original_case(self, text, language)
        else:
            cased = title_case(text, stop_words)
        return String(show_nocase(str(cased), hidden)) if hidden else cased

    def label_markup(self, text):  # type: ignore[no-untyped-def]
        # a label is a term of the style's language: "ed." in title case is "Ed."
        # (citeproc-py passed no language, so text-case="title" never applied to labels)
        if not text:
            return None
        language = (self.get_root().get("default-locale") or "en")[:2]
        return self.wrap(self.format(self.case(self.strip_periods(text), language)))

    model.TextCased.case = case
    model.TextCased._stop_words = sorted(stop_words)
    model.Label.markup = label_markup


def _fix_sorting(model) -> None:  # type: ignore[no-untyped-def]
    """Folded, stable sorting; the keys computed by the ``--jobs`` workers for long lists."""

    def sort(self, items, context):  # type: ignore[no-untyped-def]
        from ..parallel import map_chunks

        keys_elements = self.findall("cs:key", self.nsmap)

        def keys_of(start: int, end: int) -> list[tuple]:
            # every level's key for items[start:end], folded to plain values (they travel
            # back from the workers when the list is long)
            columns = [[collation_key(k) for k in key.sort_keys(items[start:end], context)] for key in keys_elements]
            return list(zip(*columns)) if columns else [() for _ in range(start, end)]

        rows = map_chunks(keys_of, len(items), current().sort_jobs)
        levels = [([row[level] for row in rows], key.get("sort", "ascending").lower() == "descending")
                  for level, key in enumerate(keys_elements)]
        order = list(range(len(items)))
        # stable sorts from the least to the most significant key; empty keys go last
        for keys, descending in reversed(levels):
            present = [i for i in order if keys[i] is not None]
            missing = [i for i in order if keys[i] is None]
            present.sort(key=keys.__getitem__, reverse=descending)
            order = present + missing
        return [items[i] for i in order]

    model.Sort.sort = sort


def _fix_page_ranges(model) -> None:  # type: ignore[no-untyped-def]
    original_last_page = model.FormatNumber._format_last_page

    def format_last_page(self, first, last):  # type: ignore[no-untyped-def]
        if str(first) == str(last):
            return last  # "250–250" is left whole, as citeproc-js leaves it
        range_format = self.get_root().get_option("page-range-format")
        if range_format in ("chicago", "chicago-15", "chicago-16") and str(first).isdecimal() and str(last).isdecimal():
            return _chicago_last_page(int(first), int(last), sixteenth=range_format == "chicago-16")
        if len(str(first)) != len(str(last)):
            return last  # "1–12" stays whole: citeproc-py made it "1–2"
        return original_last_page(self, first, last)

    model.FormatNumber._format_last_page = format_last_page


def _chicago_last_page(first: int, last: int, sixteenth: bool) -> str:
    """The end of a page range under the Chicago rules, as citeproc-js applies them:
    321–28, 1536–38, 2897–904 (16th edition: as few digits as keep the changed part);
    the 15th edition shortens only within the same hundred, and five-digit numbers."""
    if first > 100 and first % 100:
        if not sixteenth:
            if first // 100 == last // 100:
                return str(last % 100)
        else:
            for power in range(2, len(str(last))):
                if first // 10**power == last // 10**power:
                    return str(last % 10**power)
    if not sixteenth and first >= 10000:
        return str(last % 1000)
    return str(last)


#: The CSL specification's numeric content: numbers separated by commas, hyphens (or
#: en dashes) or ampersands.
NUMERIC = re.compile(rf"\s*{NUMBER_TOKEN}(?:\s*[,&\-\u2013]\s*{NUMBER_TOKEN})*\s*")


def _fix_numbers(model) -> None:  # type: ignore[no-untyped-def]
    VariableError = model.VariableError
    multiple = model.Label.RE_MULTIPLE_NUMBERS
    number_process = model.Number.process

    def is_numeric(self, item):  # type: ignore[no-untyped-def]
        values = []
        for variable in self.get("is-numeric").split():
            try:
                value = item.reference[variable.replace("-", "_")]
            except VariableError:
                value = None
            values.append(value is not None and NUMERIC.fullmatch(str(value)) is not None)
        return values

    def is_plural(self, item):  # type: ignore[no-untyped-def]
        variable = self.get("variable")
        if variable == "locator":
            value = item.locator.identifier
        else:
            try:
                value = item.reference[variable.replace("-", "_")]
            except VariableError:
                return False
        if variable.startswith("number-of"):
            digits = str(value).strip()
            if digits.isdecimal():
                return int(digits) > 1
        return multiple.search(str(value)) is not None

    def process(self, item, context=None, **kwargs):  # type: ignore[no-untyped-def]
        variable = self.get("variable", "")
        note_called()
        if variable in substituted(context if context is not None else self):
            return None  # printed in place of the author
        if "-" in variable and variable not in ("page-first",):
            # "number-of-volumes" is stored as number_of_volumes; the lookup used the CSL name
            text = self._process(item.reference[variable.replace("-", "_")], variable)
        else:
            text = number_process(self, item, context=context, **kwargs)
        if text:
            note_printed((variable,))
        return text

    model.If._is_numeric = is_numeric
    model.Label._is_plural = is_plural
    model.Number.process = process


def _fix_group_suppression(model) -> None:  # type: ignore[no-untyped-def]
    Choose, VariableError = model.Choose, model.VariableError

    def group_process(self, item, context=None, **kwargs):  # type: ignore[no-untyped-def]
        output = []
        delimiter = self.get("delimiter", "")
        frame = Frame()
        frames = current().frames
        frames.append(frame)
        try:
            for child in self.iterchildren():
                try:
                    if isinstance(child, Choose):
                        child_text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                    else:
                        child_text = child.render(item, context=context, **kwargs)
                except VariableError:
                    continue
                if child_text is not None:
                    output.append(child_text)
        finally:
            frames.pop()
        if output and (not frame.called or frame.printed):
            note_printed((NESTED,))
            return self.join(output)
        raise VariableError

    text_render = model.Text.render

    def macro_render(self, item, context=None, sort_options=None, **kwargs):  # type: ignore[no-untyped-def]
        if "macro" not in self.attrib:
            return text_render(self, item, context, **kwargs)
        # a macro is a group of its own, as in citeproc-js
        frame = Frame()
        frames = current().frames
        frames.append(frame)
        try:
            # rendered here rather than through Text.render and Text.process: those drop
            # the name options passed down (a sort key's names-min and sort order,
            # disambiguation's added names), so "Bai et al., 2021" stayed ambiguous in
            # APA, whose citation prints its names through nested macros; and two frames
            # less for every macro call
            macro = self.get_macro(self.get("macro"))
            text = macro.render(item, self if context is None else context, sort_options) or None
            if text is not None:
                try:
                    language = item.reference.language[:2]
                except VariableError:
                    language = self.get_root().get("default-locale", "en")[:2]
                text = self.markup(text, language)
        finally:
            frames.pop()
        if frame.called and not frame.printed:
            return None
        if text:
            note_printed((NESTED,))
        return text

    date_process = model.Date.process

    def date_process_noted(self, item, variable=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        note_called()
        if (variable or self.get("variable")) in substituted():
            return None  # printed in place of the author
        state = current()
        if state.implicit_year_suffix and not state.suffix_placed and (variable or self.get("variable")) == "issued":
            # the first date of the entry carries the year suffix the style does not print
            try:
                state.pending_suffix = item.reference["year_suffix"]
            except VariableError:
                state.pending_suffix = None
        try:
            text = date_process(self, item, variable, *args, **kwargs)
        finally:
            state.pending_suffix = None
        if text:
            note_printed((variable or self.get("variable"),))
        return text

    date_part_process = model.Date_Part.process

    def date_part_year(self, date, context=None):  # type: ignore[no-untyped-def]
        text = date_part_process(self, date, context)
        state = current()
        if state.pending_suffix and text and self.get("name") == "year":
            text = str(text) + state.pending_suffix
            state.pending_suffix = None
            state.suffix_placed = True
        return text

    model.Group.process = group_process
    model.Text.render = macro_render
    model.Date.process = date_process_noted
    model.Date_Part.process = date_part_year


#: A term form the locale lacks falls back as the specification says: verb-short to verb,
#: symbol to short, and those to the long form ("by" for reviewed-author's verb-short).
TERM_FALLBACK = {"verb-short": "verb", "symbol": "short", "verb": None, "short": None}


def _fix_term_forms(model) -> None:  # type: ignore[no-untyped-def]
    original_get_term = model.CitationStylesElement.get_term

    def get_term(self, name, form=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        term = original_get_term(self, name, form, *args, **kwargs)
        while term is None and form in TERM_FALLBACK:
            form = TERM_FALLBACK[form]
            term = original_get_term(self, name, form, *args, **kwargs)
        return term

    model.CitationStylesElement.get_term = get_term


def _fix_disambiguate_condition(model) -> None:  # type: ignore[no-untyped-def]
    """``<if disambiguate="true">``: true for the items disambiguation left ambiguous
    (citeproc-py ignored the test, so such a branch was always taken)."""
    original_render = model.If.render
    ConditionFailed = model.ConditionFailed

    def render(self, item, context=None, delimiter="", **kwargs):  # type: ignore[no-untyped-def]
        wanted = self.get("disambiguate")
        if wanted is None:
            return original_render(self, item, context=context, delimiter=delimiter, **kwargs)
        ambiguous = item.key in current().ambiguous
        if len(self.attrib) == 1 or (len(self.attrib) == 2 and "match" in self.attrib):
            if ambiguous != (wanted.lower() == "true"):
                raise ConditionFailed
            return self.render_children(item, context=context, delimiter=delimiter, **kwargs)
        # with other tests: the disambiguate test joins them (match="all" is the default)
        matched = ambiguous == (wanted.lower() == "true")
        match = self.get("match", "all")
        if match == "all" and not matched:
            raise ConditionFailed
        if match == "any" and matched:
            return self.render_children(item, context=context, delimiter=delimiter, **kwargs)
        if match == "none" and matched:
            raise ConditionFailed
        return original_render(self, item, context=context, delimiter=delimiter, **kwargs)

    model.If.render = render


def _fix_display(model) -> None:  # type: ignore[no-untyped-def]
    """``display`` on any rendering element (see :mod:`.display`): citeproc-py ignored it."""
    from citeproc.string import String

    def displayed(render):  # type: ignore[no-untyped-def]
        def render_displayed(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            text = render(self, *args, **kwargs)
            kind = self.get("display")
            if kind in display.OPEN and text:
                return String(display.OPEN[kind]) + text + String(display.CLOSE)
            return text

        return render_displayed

    model.CitationStylesElement.render = displayed(model.CitationStylesElement.render)
    model.Text.render = displayed(model.Text.render)


def _fix_layout(model) -> None:  # type: ignore[no-untyped-def]
    """The bibliography's ``second-field-align`` (the first field in the margin, see
    :mod:`.display`) and ``vertical-align="baseline"``: citeproc-py ignored both."""
    from citeproc.string import String

    original_vertical_align = model.Formatted.vertical_align

    def vertical_align(self, text):  # type: ignore[no-untyped-def]
        # an explicit vertical-align="baseline" (inside a superscript) is written, as
        # citeproc-js writes it; citeproc-py only knew sup and sub
        if self.get("vertical-align") == "baseline" and text:
            return self.get_formatter().Baseline(text)
        return original_vertical_align(self, text)

    model.Formatted.vertical_align = vertical_align
    Choose, VariableError = model.Choose, model.VariableError
    original_render_bibliography = model.Layout.render_bibliography

    def render_bibliography(self, citation_items):  # type: ignore[no-untyped-def]
        if not self.getparent().get("second-field-align"):
            return original_render_bibliography(self, citation_items)
        output_items = []
        delimiter = self.get("delimiter", "")
        for item in citation_items:
            self.repressed = {}
            fields = []
            for child in self.iterchildren():
                try:
                    text = child.render(item, delimiter=delimiter) if isinstance(child, Choose) else child.render(item)
                except VariableError:
                    continue
                if text is not None:
                    fields.append(text)
            if not fields:
                continue
            if any(display.has_display(str(field)) for field in fields):
                text = model.join(fields, delimiter)  # the style places its blocks itself
            else:
                # the first field in the margin, the rest aligned beside it
                text = String(display.OPEN["left-margin"]) + fields[0] + String(display.CLOSE)
                if len(fields) > 1:
                    text += String(display.OPEN["right-inline"]) + model.join(fields[1:], delimiter) + String(display.CLOSE)
            output_items.append(self.format(self.wrap(text)))
        return output_items

    model.Layout.render_bibliography = render_bibliography


def _memoise_item_lookups() -> None:
    """An item's reference and citation number, looked up once instead of on every use."""
    from citeproc.source import CitationItem

    def reference(self):  # type: ignore[no-untyped-def]
        found = self.__dict__.get("_reference")
        if found is None:
            found = self.bibliography.source[self.key]
            self.__dict__["_reference"] = found
        return found

    def number(self):  # type: ignore[no-untyped-def]
        # citeproc-py searched the list of keys for every citation number: quadratic
        bibliography = self.bibliography
        keys = bibliography.keys
        cached = getattr(bibliography, "_bibexport_positions", None)
        if cached is None or cached[0] is not keys or cached[1] != len(keys):
            cached = (keys, len(keys), {key: index for index, key in reversed(list(enumerate(keys)))})
            bibliography._bibexport_positions = cached
        return cached[2][self.key] + 1

    CitationItem.reference = property(reference)
    CitationItem.number = property(number)


def _memoise_style_lookups(model) -> None:  # type: ignore[no-untyped-def]
    """XPath answers, roots and ``calls_variable`` answers, computed once per style element.

    lxml keeps one Python proxy per XML node for as long as something refers to it, so
    keeping the elements in these dictionaries keeps their identity stable as well.
    Macro lookups (``get_macro``) are XPath queries from the root, so they are covered.
    """
    # every XPath query citeproc-py makes (macros, terms, layout, inherited options,
    # parent names) asks about the style tree, which does not change while it renders
    searches: dict[tuple[object, str], list] = {}
    original_search = model.CitationStylesElement.xpath_search

    def xpath_search(self, expression):  # type: ignore[no-untyped-def]
        key = (self, expression)
        found = searches.get(key)
        if found is None:
            found = searches[key] = original_search(self, expression)
        return list(found)

    roots: dict[object, object] = {}

    def get_root(self):  # type: ignore[no-untyped-def]
        root = roots.get(self)
        if root is None:
            root = roots[self] = self.getroottree().getroot()
        return root

    model.CitationStylesElement.xpath_search = xpath_search
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


def _substitute_parent(names):  # type: ignore[no-untyped-def]
    """The cs:names whose cs:substitute holds ``names`` (None outside a substitute)."""
    found = names.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
    return found[0] if found else None


