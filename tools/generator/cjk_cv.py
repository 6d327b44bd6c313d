"""CJK-language CVs (Korean, Japanese, Chinese): records in script and in English mixed in one list,
entries with their gold recorded while they are printed, note blocks, and the CV's other sections.

The document is a :class:`~generator.model.Doc` of kind ``cjk_cv`` whose entries are
:class:`~generator.model.CvItem`; ``writers/cjk_cv.py`` writes it in LaTeX (moderncv-like), Markdown,
HTML or plain text. Names in script are split as CSL-JSON splits CJK names: family = the first
syllable(s), given = the rest ("오성재" -> 오 / 성재).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from .cjk_text import CjkName, cjk_spec, cv_line, date_text, make_name, make_publisher, make_title, make_venue, note_prose, role_list
from .model import CSL_TYPES, CvItem, Doc, Person, Pub, Section, Seg
from .records import book_fields, conference_fields, journal_fields
from .resources import Resources
from .tables import Tables, chance, weighted
from .titles import make_title as make_english_title

CJK_CV_FORMATS = ("tex", "md", "html", "txt")
SECTION_KINDS = ("journal", "conference", "books", "under_review", "in_progress")
# volume and issue as words: (before, after) the number
NUMBER_WORDS = {"ko": (("제", "권"), ("제", "호")), "ja": (("第", "巻"), ("第", "号")), "zh": (("第", "卷"), ("第", "期"))}


@dataclass
class CjkStyle:
    """How one CV prints its publications."""

    lang: str
    entry_style: str  # apa_like, year_end, gbt, ja_style
    venue_mark: str  # b, i, plain, brackets
    native_sep: str  # between names in script
    english_names: str  # given_family, family_initial, family_given
    owner_bold: bool
    page_dash: str
    note_rate: float  # share of publications with a note block
    native_space: bool = False  # "田中 太郎": Japanese CVs space family and given sometimes
    number_words: bool = False  # "제10권 제3호" / "第10巻第3号" / "第10卷第3期" in entries written in the language


def person_of(name: CjkName, lang: str) -> Person:
    """A generator person for a CJK name (romanised family and given, the script form as ``native``)."""
    return Person(family=name.family_roman, given=name.given_roman, culture=lang, native=(name.family, name.given))


def draw_style(rng: random.Random, tables: Tables, lang: str) -> CjkStyle:
    """The document's publication style."""
    native_seps = {"ko": [", ", ", ", "·"], "ja": [", ", "・", "，"], "zh": [", ", "，", "、"]}[lang]
    return CjkStyle(lang=lang, entry_style=weighted(rng, cjk_spec(tables)["entry_style_by_lang"][lang]),
                    venue_mark=rng.choice(["b", "i", "plain", "brackets"]), native_sep=rng.choice(native_seps),
                    english_names=rng.choice(["given_family", "given_family", "family_initial", "family_given"]),
                    owner_bold=chance(rng, 0.35), page_dash=rng.choice(["–", "–", "-"]),
                    note_rate=rng.choice([0.0, 0.0, 0.5, 0.8, 1.0]), native_space=lang == "ja" and chance(rng, 0.4),
                    number_words=chance(rng, 0.25))


# --- records -------------------------------------------------------------------------------------

def native_pub(rng: random.Random, tables: Tables, lang: str, kind: str, year: int, authors: list[Person]) -> Pub:
    """A record written in the language: title, venue (or publisher) in script."""
    pub = Pub(kind=kind, title=make_title(rng, tables, lang), authors=authors, year=year, lang=lang)
    if kind == "journal" or (kind == "manuscript" and chance(rng, 0.3)):
        pub.venues = {"full": make_venue(rng, tables, lang, "journal", year)}
    if kind == "journal":
        pub.volume = str(rng.randint(1, 60))
        if chance(rng, 0.8):
            pub.issue = str(rng.randint(1, 12))
        first = rng.randint(1, 600)
        pub.page = f"{first}–{first + rng.randint(8, 40)}"
    elif kind == "conference":
        pub.venues = {"full": make_venue(rng, tables, lang, "conference", year)}
        if chance(rng, 0.4):
            first = rng.randint(1, 900)
            pub.page = f"{first}–{first + rng.randint(1, 6)}"
    elif kind == "book":
        pub.publisher = make_publisher(rng, tables, lang)
    return pub


def english_pub(rng: random.Random, tables: Tables, field_name: str, kind: str, year: int, authors: list[Person]) -> Pub:
    """A record in English (title, journal or proceedings of the field), the authors romanised."""
    group = tables.venues["fields"][field_name]["titles"]
    pub = Pub(kind=kind, title=make_english_title(rng, tables, group), authors=authors, year=year)
    if kind == "journal" or (kind == "manuscript" and chance(rng, 0.3)):
        journal_fields(rng, tables, pub, field_name)
        pub.doi = None
        if kind == "manuscript":
            pub.volume = pub.issue = pub.page = None
    elif kind == "conference":
        conference_fields(rng, tables, pub, field_name, False)
        pub.doi = pub.award = None
    elif kind == "book":
        book_fields(rng, tables, pub)
    return pub


# --- printing with gold --------------------------------------------------------------------------

class _Printer:
    """Segments of one entry and the gold recorded as each field is printed."""

    def __init__(self) -> None:
        self.segs: list[Seg] = []
        self.gold: dict[str, Any] = {}

    def text(self, text: str) -> None:
        if text:
            self.segs.append(Seg(text))

    def field(self, key: str, value: str | None, marks: tuple[str, ...] = (), before: str = "", after: str = "") -> bool:
        if not value:
            return False
        self.text(before)
        self.segs.append(Seg(value, marks, role=key))
        self.gold[key] = value
        self.text(after)
        return True


def _initials(given: str) -> str:
    return "-".join(part[:1] + "." for part in given.split("-")) if "-" in given else " ".join(p[:1] + "." for p in given.split())


def print_names(printer: _Printer, style: CjkStyle, pub: Pub, owner: Person) -> None:
    """The author list: script names for records in the language, romanised ones for English records."""
    names: list[dict[str, str]] = []
    native = pub.lang != "en"
    for index, person in enumerate(pub.authors):
        if index:
            if native:
                printer.text(style.native_sep)
            elif index == len(pub.authors) - 1 and style.entry_style == "apa_like":
                printer.text(", & " if len(pub.authors) > 2 else " & ")
            elif index == len(pub.authors) - 1 and style.entry_style != "gbt":
                printer.text(" and " if len(pub.authors) == 2 else ", and ")
            else:
                printer.text(", ")
        if native and person.native:
            family, given = person.native
            text = f"{family} {given}" if style.native_space else family + given
            gold = {"family": family, "given": given}
        elif style.entry_style == "gbt":  # GB/T 7714: "Oh S", "Kim M J"
            given = " ".join(part[:1] for part in person.given.replace("-", " ").split())
            text, gold = f"{person.family} {given}".strip(), {"family": person.family, "given": given}
        elif style.english_names == "family_initial":
            given = _initials(person.given)
            text, gold = f"{person.family}, {given}", {"family": person.family, "given": given}
        elif style.english_names == "family_given":
            text, gold = f"{person.family}, {person.given}", {"family": person.family, "given": person.given}
        else:
            text, gold = person.full, {"family": person.family, "given": person.given}
        gold = {k: v for k, v in gold.items() if v}
        printer.segs.append(Seg(text, ("b",) if style.owner_bold and person == owner else (), role="author"))
        names.append(gold)
    printer.gold["author"] = names


def _venue_marks(style: CjkStyle, pub: Pub) -> tuple[tuple[str, ...], str, str]:
    """Marks and brackets around a venue name."""
    if style.venue_mark == "brackets" and pub.lang != "en":
        return (), ("《" if style.lang == "zh" else "『"), ("》" if style.lang == "zh" else "』")
    if style.venue_mark in ("b", "i"):
        return (style.venue_mark,), "", ""
    return ((), "", "") if pub.lang != "en" else (("i",), "", "")


def _numbers(printer: _Printer, style: CjkStyle, pub: Pub, lead: str) -> None:
    """", 10(3), 1–30" (or the Japanese "Vol.10, No.3, pp.1-30")."""
    page = pub.page.replace("–", style.page_dash) if pub.page else None
    if style.number_words and pub.lang != "en" and pub.volume:
        volume, issue = NUMBER_WORDS[style.lang]
        printer.field("volume", pub.volume, before=lead + volume[0], after=volume[1])
        printer.field("issue", pub.issue, before=" " + issue[0], after=issue[1])  # "第51巻第4号" glued is one token: the tagger could not tell them apart
        printer.field("page", page, before=", pp. " if style.entry_style != "ja_style" else ", pp.")
        return
    if style.entry_style == "ja_style":
        printer.field("volume", pub.volume, before=", Vol.")
        printer.field("issue", pub.issue, before=", No.")
        printer.field("page", page, before=", pp.")
        return
    if pub.volume:
        printer.field("volume", pub.volume, before=lead)
        printer.field("issue", pub.issue, before="(", after=")")
        printer.field("page", page, before=": " if style.entry_style == "gbt" else ", ")
    elif page:
        printer.field("page", page, before=lead + ("" if style.entry_style == "gbt" else "pp. "))


def _venue_part(printer: _Printer, style: CjkStyle, pub: Pub, lead: str, numbers: bool = True) -> None:
    """The venue in its marks or brackets after ``lead`` (and its volume, issue and pages)."""
    venue = pub.venues.get("full")
    if not venue:
        return
    marks, open_mark, close_mark = _venue_marks(style, pub)
    printer.text(lead + open_mark)
    printer.field("container-title", venue, marks)
    printer.text(close_mark)
    if numbers:
        _numbers(printer, style, pub, ", ")


def print_entry(style: CjkStyle, pub: Pub, owner: Person, status: str | None) -> tuple[list[Seg], dict[str, Any]]:
    """One publication in the document's entry style, with its gold."""
    printer = _Printer()
    print_names(printer, style, pub, owner)
    venue = pub.venues.get("full")
    publisher = pub.publisher if pub.kind == "book" else None
    year = str(pub.year) if pub.year else None
    native = pub.lang != "en"
    if style.entry_style == "apa_like":
        printer.field("date", year, before=". (", after=")")
        printer.text(". ")
        printer.field("title", pub.title, ("i",) if pub.kind == "book" and not native else ())
        _venue_part(printer, style, pub, ". " + ("In " if pub.kind == "conference" and not native else ""))
        printer.field("publisher", publisher, before=". ")
    elif style.entry_style == "year_end":
        printer.text(", ")
        printer.field("title", pub.title)
        _venue_part(printer, style, pub, ", ")
        printer.field("publisher", publisher, before=", ")
        printer.field("date", year, before=", ")
    elif style.entry_style == "gbt":  # GB/T 7714: 作者. 题名[J]. 刊名, 年, 卷(期): 页码.
        printer.text(". ")
        printer.field("title", pub.title)
        printer.text({"journal": "[J]", "conference": "[C]", "book": "[M]"}.get(pub.kind, "") if venue or publisher else "")
        _venue_part(printer, style, pub, ". ", numbers=False)
        printer.field("publisher", publisher, before=". ")
        printer.field("date", year, before=", ")
        if venue:
            _numbers(printer, style, pub, ", ")
    else:  # ja_style: 田中太郎, 山田花子: 「題目」, 誌名, Vol.10, No.3, pp.1-30 (2019).
        printer.text(": ")
        quote = ("『", "』") if pub.kind == "book" and native else ("「", "」") if native else ("“", "”")
        printer.text(quote[0])
        printer.field("title", pub.title)
        printer.text(quote[1])
        _venue_part(printer, style, pub, ", ")
        printer.field("publisher", publisher, before=", ")
        printer.field("date", year, before=" (", after=")")
    printer.text(".")
    gold = {"type": CSL_TYPES[pub.kind], **{k: v for k, v in printer.gold.items() if k != "date"}}
    if year:
        gold["issued"] = {"date-parts": [[pub.year]]}
    if status:
        gold["status"] = status
    return printer.segs, gold


# --- the document --------------------------------------------------------------------------------

def heading_of(rng: random.Random, tables: Tables, lang: str, kind: str) -> str:
    """A heading in the language for a section kind of cjk.json."""
    return rng.choice(cjk_spec(tables)["headings"][lang][kind])


def note_lines(rng: random.Random, tables: Tables, lang: str) -> list[tuple[str, str]]:
    """A publication's note block: a summary line, a role line, or both (never gold)."""
    notes = cjk_spec(tables)["notes"][lang]
    lines = []
    roll = rng.random()
    if roll < 0.8:
        lines.append((rng.choice(notes["summary_labels"]), note_prose(rng, tables, lang, rng.randint(1, 3))))
    if roll > 0.4:
        lines.append((rng.choice(notes["role_labels"]), role_list(rng, tables, lang)))
    return lines


def publication_part(rng: random.Random, tables: Tables, style: CjkStyle, owner: Person, pool: list[Person],
                     field_name: str, kind: str, years: list[int], heading: str | None, used: set[str]) -> Section:
    """One publication section: records in the language and in English, newest first (titles not in ``used``, which grows)."""
    status = "under review" if kind == "under_review" else None
    pub_kind = {"journal": "journal", "conference": "conference", "books": "book"}.get(kind, "manuscript")
    section = Section(kind=pub_kind if pub_kind != "manuscript" else kind, heading=heading, level=2 if heading else 1)
    english_share = rng.choice([0.2, 0.4, 0.6])
    for year in sorted(years, reverse=True):
        count = 1 if pub_kind == "book" else rng.choice([1, 2, 2, 3, 3, 4, 5])
        coauthors = rng.sample(pool, min(len(pool), count - 1))
        authors = coauthors[:]
        authors.insert(0 if chance(rng, 0.6) else len(authors), owner)
        english = chance(rng, english_share)
        for _ in range(8):  # a CV lists a title once: draw again when the small vocabularies repeat one
            if english:
                pub = english_pub(rng, tables, field_name, pub_kind, year, authors)
            else:
                pub = native_pub(rng, tables, style.lang, pub_kind, year, authors)
            if pub.title.casefold() not in used:
                break
        used.add(pub.title.casefold())
        if kind in ("under_review", "in_progress"):
            pub.year = None if chance(rng, 0.7) else pub.year
        segs, gold = print_entry(style, pub, owner, status)
        notes = note_lines(rng, tables, style.lang) if chance(rng, style.note_rate) else []
        section.entries.append(CvItem(segs=segs, gold=gold, title=pub.title, notes=notes))
    return section


def cventry(years: str, what: str, where: str, detail: str = "", description: str = "") -> CvItem:
    """A non-publication entry printed as a moderncv ``\\cventry`` (and as a line elsewhere)."""
    segs = [Seg(what, ("b",)), Seg(", " + where if where else "")]
    for extra in (detail, description):
        if extra:
            segs += [Seg("", kind="br"), Seg(extra)]
    return CvItem(segs=[s for s in segs if s.text or s.kind == "br"], margin=years, parts=(years, what, where, "", detail, description))


def cvitem(label: str, text: str, title: str | None = None) -> CvItem:
    """A one-line entry: ``\\cvitem{label}{text}``."""
    return CvItem(segs=[Seg(text)], margin=label, title=title)


def span(rng: random.Random, tables: Tables, lang: str, start: int, end: int | None) -> str:
    """"2015--2022" or "2024--현재" (the writers print the dash of their format)."""
    return f"{start}–{end}" if end else f"{start}–{cjk_spec(tables)['cv'][lang]['present']}"


def other_sections(rng: random.Random, tables: Tables, lang: str, as_of: dt.date, pool: list[Person], style: CjkStyle,
                   owner: Person) -> tuple[list[Section], list[Section]]:
    """Education, employment, teaching and interests (before the publications); talks, awards and skills (after)."""
    cv = cjk_spec(tables)["cv"][lang]
    year = as_of.year
    phd = year - rng.randint(1, 12)
    education = Section("education", heading_of(rng, tables, lang, "education"))
    degree_years = [(phd - rng.randint(4, 7), phd), (phd - rng.randint(8, 10), phd - rng.randint(5, 7))]
    for index, (start, end) in enumerate(degree_years):
        advisor = make_name(rng, tables, lang).native
        detail = f"{rng.choice(cv['advisor'])}: {advisor}" if chance(rng, 0.7) else ""
        thesis = f"{rng.choice(cv['thesis'])}: {make_title(rng, tables, lang)}" if index == 0 and chance(rng, 0.6) else ""
        where = rng.choice(cv["universities"]) + (" " + rng.choice(cv["departments"]) if chance(rng, 0.5) else "")
        level = ("doctor", rng.choice(["master", "bachelor"]))[index]
        education.entries.append(cventry(span(rng, tables, lang, min(start, end - 1), end), rng.choice(cv["degrees"][level]), where, detail, thesis))
    employment = Section("employment", heading_of(rng, tables, lang, "employment"))
    start = phd
    for index in range(rng.randint(1, 4)):
        end = None if index == 0 else start
        begin = max(phd, (end or year) - rng.randint(1, 4))
        where = rng.choice(cv["institutes"] + cv["universities"])
        description = ""
        if chance(rng, 0.6):
            description = f"{rng.choice(cv['content_label'])}: {cv_line(rng, tables, lang, 'duties')}"
        employment.entries.append(cventry(span(rng, tables, lang, begin, end), rng.choice(cv["positions"]), where, "", description))
        start = begin
    interests = Section("interests", heading_of(rng, tables, lang, "interests"))
    topics = cjk_spec(tables)["titles"][lang]["b"]
    interests.entries.append(cvitem("", ", ".join(rng.sample(topics, rng.randint(2, 4)))))
    before = [education, employment] + ([interests] if chance(rng, 0.6) else [])
    talks = Section("talks", heading_of(rng, tables, lang, "talks"))
    talk_spec = cjk_spec(tables)["talks"]
    with_titles = chance(rng, 0.5)
    for _ in range(rng.randint(2, 6)):
        when = rng.randint(max(phd - 4, year - 8), year)
        if chance(rng, 0.5):
            event = rng.choice(talk_spec["events_en"]).replace("{y}", str(when)).replace("{topic}", rng.choice(talk_spec["topics_en"]))
            place = rng.choice(talk_spec["places_en"])
        else:
            event, place = make_venue(rng, tables, lang, "conference", when), rng.choice(cv["places"])
        label = date_text(tables, lang, when, rng.randint(1, 12))
        if with_titles:
            title = make_title(rng, tables, lang)
            talks.entries.append(cvitem(label, f"{title}, {event}, {place}", title=title))
        else:
            talks.entries.append(cvitem(label, f"{event}, {place}"))
    awards = Section("awards", heading_of(rng, tables, lang, "awards"))
    for _ in range(rng.randint(1, 3)):
        awards.entries.append(cvitem(str(rng.randint(phd - 6, year)), cv_line(rng, tables, lang, "awards")))
    skills = Section("skills", heading_of(rng, tables, lang, "skills"))
    for label in rng.sample(cv["skill_labels"], 2):
        skills.entries.append(cvitem(label, rng.choice(cv["skills"])))
    after = [s for s, p in ((talks, 0.8), (awards, 0.6), (skills, 0.5)) if chance(rng, p)]
    if chance(rng, 0.3) and before[-1].kind != "interests":
        teaching = Section("teaching", heading_of(rng, tables, lang, "teaching"))
        for _ in range(rng.randint(1, 3)):
            when = rng.randint(phd - 3, year)
            teaching.entries.append(cvitem(str(when), f"{rng.choice(cv['courses'])}, {rng.choice(cv['universities'])}"))
        after.insert(0, teaching)
    return before, after


def build_cjk_cv(rng: random.Random, resources: Resources, fmt: str, entries: int | None = None) -> Doc:
    """A CJK-language CV in format ``fmt`` (tex, md, html or txt)."""
    tables = resources.tables
    spec = cjk_spec(tables)
    lang = weighted(rng, spec["weights"])
    layout = weighted(rng, spec["layouts"][fmt])
    as_of = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 12))
    owner = person_of(make_name(rng, tables, lang), lang)
    pool = []
    while len(pool) < rng.randint(4, 14):
        person = person_of(make_name(rng, tables, lang), lang)
        if person.native != owner.native and person not in pool:
            pool.append(person)
    style = draw_style(rng, tables, lang)
    field_name = rng.choice(spec["english_fields"])
    first = as_of.year - rng.randint(3, 15)
    target = entries or rng.randint(5, 30)
    kinds = {"journal": 1.0, "books": 0.4, "conference": 0.4, "under_review": 0.5, "in_progress": 0.4}
    present = [k for k in SECTION_KINDS if k == "journal" or chance(rng, kinds[k])]
    share = {k: (3 if k == "journal" else 1) for k in present}
    nested = chance(rng, 0.75)
    parts = []
    used: set[str] = set()
    for kind in present:
        n = max(1, round(target * share[kind] / sum(share.values())))
        years = [rng.randint(first, as_of.year) for _ in range(n)]
        heading = heading_of(rng, tables, lang, kind)
        parts.append(publication_part(rng, tables, style, owner, pool, field_name, kind, years, heading, used))
    if nested:
        research = Section("publications", heading_of(rng, tables, lang, "research"), children=parts)
        publications = [research]
    else:
        for part in parts:
            part.level = 1
        publications = parts
    number_labels(rng, layout, publications)
    before, after = other_sections(rng, tables, lang, as_of, pool, style, owner)
    title = rng.choice(spec["cv"][lang]["titles"])
    email = f"{owner.given.replace('-', '').lower()}.{owner.family.lower()}@{rng.choice(spec['cv'][lang]['email_domains'])}"
    header = [[Seg(title)], [Seg(email)]]
    doc = Doc(kind="cjk_cv", fmt=fmt, layout=layout, lang=lang, field=field_name, as_of=as_of, owner=owner,
              title="".join(owner.native or ()), header=header, sections=before + publications + after, description=[], params={})
    doc.params = {"kind": "cjk_cv", "layout": layout, "note_form": weighted(rng, spec["note_forms"][fmt]), "lang": lang, "field": field_name, "entry_style": style.entry_style,
                  "venue_mark": style.venue_mark, "english_names": style.english_names, "owner_bold": style.owner_bold,
                  "note_rate": style.note_rate, "nested": nested, "note_texts": [t for s in doc.sections for p in s.walk()
                                                                                 for e in p.entries if isinstance(e, CvItem) for _, t in e.notes]}
    if entries is not None:
        doc.params["entries"] = entries
    return doc


def number_labels(rng: random.Random, layout: str, sections: list[Section]) -> None:
    """Labels of numbered layouts: 1, 2, 3 per subsection (or running through the list, or counting down)."""
    if layout not in ("cvitem_numbered",):
        return
    running = chance(rng, 0.3)
    reverse = chance(rng, 0.2)
    count = 0
    parts = [p for s in sections for p in s.walk() if p.entries]
    total = sum(len(p.entries) for p in parts)
    for part in parts:
        if not running:
            count = 0
        for index, entry in enumerate(part.entries):
            count += 1
            entry.label = str(total - count + 1 if reverse and running else len(part.entries) - index if reverse else count)


def describe_cjk_cv(doc: Doc) -> str:
    """The meta's "format" line of a CJK-language CV."""
    params = doc.params
    language = {"ko": "Korean", "ja": "Japanese", "zh": "Chinese"}[doc.lang]
    fmt = {"txt": "plain text", "md": "Markdown", "html": "HTML", "tex": "LaTeX (moderncv-like)"}[doc.fmt]
    return (f"synthetic {language}-language {fmt} CV, layout '{doc.layout}'; entries in script and in English mixed "
            f"('{params['entry_style']}', venue {params['venue_mark']}); note blocks after {params['note_rate']:.0%} of the publications "
            "(summary / role lines, not gold); education and employment as \\cventry lines, talks under their own heading (not gold)")
