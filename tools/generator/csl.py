"""CSL styles through bibexport's renderer: records rendered, differential renders, entries with the gold read back."""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from .model import Entry, Person, Pub, Seg
from .readback import LEADING_NUMBER, comparable, locate_csl_gold, locate_names, separate_number, strip_list_periods


def pub_to_record(pub: Pub, index: int, venue_form: str, paren_acronym: bool) -> Any:
    """A Pub as a bibexport Record for the CSL renderer."""
    from bibexport.model import Date, Name, Record

    def name(person: Person) -> Name:
        return Name(literal=person.family) if person.literal else Name(family=person.family, given=person.given or None)

    record = Record(id=f"p{index}", type=pub.csl_type)
    record.author = [name(p) for p in pub.authors]
    record.editor = [name(p) for p in pub.editors]
    if pub.year:
        record.issued = Date(year=pub.year, month=pub.month, day=pub.day if pub.month else None)
    record.title = pub.title
    venue = pub.venues.get(venue_form) or pub.venues.get("full")
    if venue and pub.kind in ("conference", "workshop") and pub.acronym and paren_acronym:
        venue = f"{venue} ({pub.acronym})"
    record.container_title = venue if pub.kind not in ("talk", "poster") else None
    if record.container_title:
        # styles that print form="short" get the abbreviation (citeproc-py does not fall back to the long form)
        record.container_title_short = pub.venues.get("abbr") or (pub.acronym if pub.kind in ("conference", "workshop") else None) or venue
    record.volume, record.issue, record.page = pub.volume, pub.issue, pub.page
    record.publisher, record.publisher_place = pub.publisher, pub.place
    record.doi, record.url, record.genre, record.status = pub.doi, pub.url, pub.genre, pub.status
    record.number = pub.number if pub.kind != "software" else None
    record.version = pub.number if pub.kind == "software" else None
    if pub.arxiv:
        record.arxiv, record.arxiv_class = pub.arxiv, pub.arxiv_class
        record.number = f"arXiv:{pub.arxiv}" + (f" [{pub.arxiv_class}]" if pub.arxiv_class and index % 3 == 0 else "")
    record.collection_title = pub.series
    if pub.kind in ("talk", "poster"):
        record.event_title = pub.event
        record.event_place = pub.place
        record.genre = pub.talk_kind
    record.equal_contribution = [pub.authors[i].family for i in pub.equal if i < len(pub.authors)]
    record.awards = [pub.award] if pub.award else []
    return record


@dataclass
class CslJob:
    """One CSL rendering of a list of records: style name and options."""

    style: str
    highlight: list[str]
    links: bool
    venue_form: str
    paren_acronym: bool
    sort: str = "style"  # or "newest"/"oldest": CVs list their work by date


def render_csl(pubs: list[Pub], job: CslJob, drop: dict[str, set[int]] | None = None) -> dict[int, str]:
    """Record index -> the entry as HTML, in the style's order (dict keeps it)."""
    from bibexport.model import Library
    from bibexport.rendering.engine import RenderOptions, render_entries
    from bibexport.rendering.outputs import output_format

    records = []
    for index, pub in enumerate(pubs):
        record = pub_to_record(pub, index, job.venue_form, job.paren_acronym)
        for variable in (drop or {}):
            if index in drop[variable]:
                blank_variable(record, variable)
        records.append(record)
    options = RenderOptions(style=job.style, highlight=job.highlight, links=job.links, sort=job.sort, jobs=1)
    fmt = output_format("html")
    entries = render_entries(Library(records=records), "html", options)
    return {int(entry.record.id[1:]): fmt.finish(entry.text) for entry in entries}


DIFF_VARIABLES = ("container", "volume", "issue", "page", "publisher", "doi", "number", "url", "month", "day")


def blank_variable(record: Any, variable: str) -> None:
    """Remove one variable (or date part) from a record, for the differential renders."""
    if variable == "container":
        record.container_title = None
        record.container_title_short = None
    elif variable == "number":
        record.number, record.arxiv, record.arxiv_class = None, None, None
    elif variable == "month" and record.issued is not None:
        record.issued = replace(record.issued, month=None, day=None)
    elif variable == "day" and record.issued is not None:
        record.issued = replace(record.issued, day=None)
    else:
        setattr(record, variable, None)


def has_variable(pub: Pub, variable: str) -> bool:
    """Whether the record has the variable a differential render removes."""
    values = {"container": bool(pub.venues) and pub.kind not in ("talk", "poster"), "volume": pub.volume, "issue": pub.issue,
              "page": pub.page, "publisher": pub.publisher, "doi": pub.doi, "number": pub.number or pub.arxiv, "url": pub.url,
              "month": pub.year and pub.month, "day": pub.year and pub.month and pub.day}
    return bool(values[variable])


class _SegParser:
    """HTML of one rendered entry -> segments (i, b, u, sup, sub, small caps, links)."""

    TAGS = MappingProxyType({"i": "i", "em": "i", "b": "b", "strong": "b", "u": "u", "sup": "sup", "sub": "sub"})

    def __init__(self) -> None:
        from html.parser import HTMLParser

        self.segs: list[Seg] = []
        self.stack: list[tuple[str, str | None, str | None]] = []  # (tag, mark, link)
        parser = HTMLParser(convert_charrefs=True)
        parser.handle_starttag = self._start  # type: ignore[method-assign]
        parser.handle_endtag = self._end  # type: ignore[method-assign]
        parser.handle_data = self._data  # type: ignore[method-assign]
        self.parser = parser

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        mark = self.TAGS.get(tag)
        if tag == "span" and "small-caps" in (values.get("style") or ""):
            mark = "sc"
        self.stack.append((tag, mark, values.get("href") if tag == "a" else None))

    def _end(self, tag: str) -> None:
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0] == tag:
                del self.stack[position:]
                break

    def _data(self, data: str) -> None:
        marks = tuple(dict.fromkeys(m for _, m, _ in self.stack if m))
        link = next((l for _, _, l in reversed(self.stack) if l), None)
        self.segs.append(Seg(data, marks, link))

    def parse(self, text: str) -> list[Seg]:
        """The segments of ``text``."""
        self.parser.feed(text)
        self.parser.close()
        return self.segs


def html_to_segs(text: str) -> list[Seg]:
    """A rendered entry's HTML as segments."""
    segs = _SegParser().parse(text)
    merged: list[Seg] = []
    for seg in segs:
        if merged and merged[-1].marks == seg.marks and merged[-1].link == seg.link:
            merged[-1] = Seg(merged[-1].text + seg.text, seg.marks, seg.link)
        else:
            merged.append(seg)
    return merged


def csl_entries(pubs: list[Pub], job: CslJob) -> list[tuple[Pub, Entry]] | None:
    """Every pub rendered by the style with its gold, in the style's order; entries whose
    gold cannot be read back are left out (rendered again without them). None on failure."""
    keep = list(range(len(pubs)))
    for _attempt in range(4):
        subset = [pubs[i] for i in keep]
        try:
            full = render_csl(subset, job)
            diffs = {v: render_csl(subset, job, {v: {i for i, p in enumerate(subset) if has_variable(p, v)}})
                     for v in DIFF_VARIABLES if any(has_variable(p, v) for p in subset)}
        except Exception:  # a style citeproc-py cannot handle
            return None
        out, failed = [], set()
        previous: dict[str, Any] | None = None
        for index, html_text in full.items():
            pub = subset[index]
            segs = separate_number(html_to_segs(html_text))
            plain = "".join(s.text for s in segs)
            printed = {v for v, texts in diffs.items() if has_variable(pub, v) and comparable(texts.get(index, "")) != comparable(html_text)}
            gold = locate_csl_gold(pub, plain, printed, previous) if pub.is_publication else {}
            if gold is None:
                failed.add(index)
                continue
            if not pub.is_publication:  # a talk's names still stand behind the next entry's "———"
                names = locate_names(plain, pub.authors)
                gold = {"author": names.names} if names else {}
            previous = gold or previous
            own = bool(LEADING_NUMBER.match(plain))
            out.append((pub, Entry(segs, gold if pub.is_publication else None, own_label=own, title=pub.title)))
        if not failed:
            strip_list_periods([entry.gold for _, entry in out if entry.gold])
            return out
        keep = [keep[i] for i in range(len(keep)) if i not in failed]
        if not keep:
            return None
    return None
