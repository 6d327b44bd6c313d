"""A structural check of CSL styles before citeproc-py sees them.

citeproc-py trusts its styles: a macro that calls itself ends in a RecursionError, an
element CSL does not define (or an XInclude) in an AttributeError, and macros that call
each other twice at every level make it work for minutes. Styles come from anywhere, so
:func:`check_style` reads the parsed tree first and refuses, with the file and line:

- elements outside the CSL namespace or not defined by CSL 1.0.2, or in a place CSL
  does not allow them (``<if>`` outside ``<choose>``);
- calls of macros that are not defined, and cycles in the macro call graph;
- a style where rendering one entry (one branch of each ``<choose>``, every macro call
  expanded) would visit more than :data:`MAX_EXPANDED_NODES` elements (the most in the
  CSL repository's ~2,850 styles is about 3,000).
"""

from __future__ import annotations

from ..errors import ReadError
from ..model import Origin

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"

MAX_EXPANDED_NODES = 50_000

_RENDERING = ("text", "date", "number", "names", "label", "group", "choose")
_RENDERING_PARENTS = frozenset(("layout", "group", "macro", "if", "else-if", "else", "substitute"))
_INFO_CHILDREN = ("author", "contributor", "category", "id", "issn", "eissn", "issnl", "link", "published",
                  "rights", "summary", "title", "title-short", "updated")

#: Where each CSL element may stand: the names of the parents CSL 1.0.2 allows it in.
ALLOWED_PARENTS: dict[str, frozenset[str | None]] = {
    "style": frozenset((None,)),
    "info": frozenset(("style",)), "citation": frozenset(("style",)), "bibliography": frozenset(("style",)),
    "macro": frozenset(("style",)), "locale": frozenset(("style",)),
    **{name: frozenset(("info",)) for name in _INFO_CHILDREN},
    "name": frozenset(("names", "author", "contributor")),
    "email": frozenset(("author", "contributor")), "uri": frozenset(("author", "contributor")),
    "layout": frozenset(("citation", "bibliography")), "sort": frozenset(("citation", "bibliography")),
    "key": frozenset(("sort",)),
    **{name: _RENDERING_PARENTS for name in _RENDERING},
    "label": _RENDERING_PARENTS | {"names"},
    "date": _RENDERING_PARENTS | {"locale"},
    "date-part": frozenset(("date",)),
    "name-part": frozenset(("name",)), "et-al": frozenset(("names",)), "substitute": frozenset(("names",)),
    "if": frozenset(("choose",)), "else-if": frozenset(("choose",)), "else": frozenset(("choose",)),
    "style-options": frozenset(("locale",)), "terms": frozenset(("locale",)), "term": frozenset(("terms",)),
    "single": frozenset(("term",)), "multiple": frozenset(("term",)),
}


def _refuse(path: str | None, line: int | None, message: str, hint: str) -> ReadError:
    return ReadError(f"style refused: {message}", Origin(path, line, line), hint=hint)


def check_style(root, path: str | None) -> None:  # root: lxml.etree._Element
    """Raise :class:`~bibexport.errors.ReadError` (exit 3) when the style is not safe to render."""
    from lxml import etree

    macros: dict[str, object] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        qname = etree.QName(element)
        if qname.namespace != CSL_NAMESPACE:
            raise _refuse(path, element.sourceline, f"element <{qname.localname}> from namespace {qname.namespace!r} is not CSL",
                          "CSL styles contain only CSL elements (no XInclude, no other vocabularies)")
        name = qname.localname
        allowed = ALLOWED_PARENTS.get(name)
        if allowed is None:
            raise _refuse(path, element.sourceline, f"<{name}> is not a CSL element", "check the element's spelling "
                          "against the CSL 1.0.2 specification")
        parent = element.getparent()
        parent_name = etree.QName(parent).localname if parent is not None else None
        if parent_name not in allowed:
            where = f"inside <{parent_name}>" if parent_name else "as the root"
            raise _refuse(path, element.sourceline, f"<{name}> is not allowed {where}",
                          f"CSL allows <{name}> in: " + ", ".join(f"<{p}>" for p in sorted(p for p in allowed if p)))
        if name == "macro":
            macro_name = element.get("name")
            if not macro_name:
                raise _refuse(path, element.sourceline, "a <macro> without a name", "give every macro a name=\"...\"")
            macros[macro_name] = element
    _check_macro_calls(root, macros, path)


def _calls(element) -> list:
    """The elements under ``element`` (itself included) that call a macro."""
    return [e for e in element.iter() if isinstance(e.tag, str) and e.get("macro") is not None]


def _cost(element, macro_cost: dict[str, int]) -> int:
    """Elements one entry can visit in ``element``: one branch of each <choose>, every
    macro call counted with its callee's cost (callees are costed first)."""
    total = 1 + macro_cost.get(element.get("macro"), 0) if element.get("macro") is not None else 1
    children = [c for c in element if isinstance(c.tag, str)]
    if etree_local(element) == "choose":
        return total + max((_cost(c, macro_cost) for c in children), default=0)
    return min(total + sum(_cost(c, macro_cost) for c in children), MAX_EXPANDED_NODES + 1)


def _check_macro_calls(root, macros: dict[str, object], path: str | None) -> None:
    for call in _calls(root):
        if call.get("macro") not in macros:
            raise _refuse(path, call.sourceline, f"macro {call.get('macro')!r} is called but not defined",
                          "define the macro, or correct the name in macro=\"...\"")
    # callees before callers, by an iterative depth-first walk; a call back into a macro
    # still being walked is a cycle
    cost: dict[str, int] = {}
    state: dict[str, str] = {}  # "open" while a macro's callees are walked, then "done"
    for start in macros:
        stack = [(start, False)]
        while stack:
            name, callees_done = stack.pop()
            if callees_done:
                cost[name] = _cost(macros[name], cost)
                state[name] = "done"
                continue
            if state.get(name) == "done":
                continue
            state[name] = "open"
            stack.append((name, True))
            for call in _calls(macros[name]):
                callee = call.get("macro")
                if state.get(callee) == "open":
                    raise _refuse(path, call.sourceline, f"macro {callee!r} calls itself"
                                  + (f" through {name!r}" if callee != name else ""),
                                  "a macro must not call itself, directly or through other macros")
                if state.get(callee) != "done":
                    stack.append((callee, False))
    for section in root:
        if etree_local(section) in ("citation", "bibliography") and _cost(section, cost) > MAX_EXPANDED_NODES:
            raise _refuse(path, section.sourceline, f"rendering one entry with <{etree_local(section)}> would visit more "
                          f"than {MAX_EXPANDED_NODES:,} elements through its macros",
                          "macros that each call another one several times grow exponentially")


def etree_local(element) -> str:
    """The local name of an element (``{ns}text`` -> ``text``)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
