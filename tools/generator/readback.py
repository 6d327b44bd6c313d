"""Reading the gold back from a CSL-rendered entry: titles, names, venues, pages and numbers as printed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import Person, Pub, Seg

QUOTE_CLASS = "[\"'“”‘’«»„‚‹›「」『』]"
DASH_CLASS = "[-‐‑‒–—]"
ET_AL_TERMS = ("et al", "et. al", "u. a", "u.a", "and others", "& others", "y otros", "y col", "e outros", "e altri", "et coll",
               "m.fl", "m. fl", "mfl", "и др", "i in", "ym", "…", "...", "others", "ua", "e.a", "a kol", "és mtsai",
               "ve ark", "ja muut", "idr", "dkk", "等", "외", "ofl", "m.a", "e col", "és mts", "et alii", "og andre", "met anderen",
               "coauthors", "co-authors", "colleagues", "mit weiteren", "y cols", "et autres", "e altri", "и соавт", "ym.")
REPEATED_AUTHORS = re.compile(r"^\s*(?:\[\d+\]\s*|\d+\.\s*)?(?:[—–―-]{2,}|_{3,})")
LEADING_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+\.|\d+\)|\d+(?=\s))\s*")


def flex_pattern(value: str) -> str:
    """A regex for ``value`` that lets quotes, dashes and spaces vary as styles print them."""
    out = []
    for char in value:
        if char.isspace():
            out.append(r"\s+")
        elif re.fullmatch(QUOTE_CLASS, char):
            out.append(QUOTE_CLASS)
        elif re.fullmatch(DASH_CLASS, char):
            out.append(DASH_CLASS)
        else:
            out.append(re.escape(char))
    return "".join(out)


def find_flex(text: str, value: str, start: int = 0, word: bool = True) -> re.Match[str] | None:
    """``value`` in ``text`` from ``start``, case-insensitive, as a whole word when ``word``."""
    pattern = flex_pattern(value)
    if word:
        pattern = r"(?<![\w])" + pattern + r"(?![\w])"
    return re.compile(pattern, re.IGNORECASE).search(text, start)


def given_pattern(given: str) -> str:
    """A regex for a given name printed in full or as initials, with or without periods,
    spaces and hyphens ("Jean-Pierre", "J.-P.", "J-P", "JP")."""
    tokens = []
    for token in given.split():
        parts = [p.rstrip(".") for p in token.split("-") if p.rstrip(".")]
        if not parts:  # a token of punctuation only ("J. - F.")
            continue
        alternatives = [f"(?:{re.escape(p)}|{re.escape(p[0])}\\.?)" for p in parts]
        # later parts of a hyphenated name may be left out ("Ye-jin" -> "Y.")
        tokens.append(alternatives[0] + "".join(r"(?:(?:\.?\s?[-‐]\s?|\.?\s?)" + a + ")?" for a in alternatives[1:]))
    return r"(?:\.?\s*)".join(tokens) + r"\.?" if tokens else r"(?!)"


@dataclass
class LocatedNames:
    """Authors found in a rendered entry."""

    names: list[dict[str, str]]
    truncated: bool
    equal: list[str]
    end: int


def locate_one_name(text: str, person: Person, start: int) -> tuple[dict[str, str], int, int] | None:
    """One author's printed form at or after ``start``: (gold name, start, end of the name)."""
    match = find_flex(text, person.family, start)
    if match is None:
        return None
    family = match.group()
    if person.literal:
        return {"literal": family}, match.start(), match.end()
    gold = {"family": family}
    name_start, name_end = match.start(), match.end()
    if person.given:
        pattern = given_pattern(person.given)
        window = text[max(0, match.start() - 40): match.start()]
        before = re.search(r"(?:^|(?<=[\s,;&(]))(" + pattern + r")\s*$", window, re.IGNORECASE)
        after = re.match(r"\s*,?\s*(" + pattern + r")(?![\w])", text[match.end():], re.IGNORECASE)
        if before and before.group(1).strip():
            gold["given"] = _given_as_printed(before.group(1))
            name_start = match.start() - (len(window) - before.start(1))
        elif after and after.group(1).strip():
            gold["given"] = _given_as_printed(after.group(1))
            name_end = match.end() + after.end() - (len(after.group(1).strip()) - len(gold["given"]))
    return gold, name_start, name_end


def _given_as_printed(text: str) -> str:
    """A matched given name without the sentence's period after a full name ("Ulrike." -> "Ulrike";
    "J. A." keeps its initial's period)."""
    text = text.strip()
    last = re.split(r"[\s.\-‐]+", text.rstrip("."))[-1]
    if text.endswith(".") and len(last) > 1:
        return text[:-1]
    return text


def locate_names(text: str, people: list[Person]) -> LocatedNames | None:
    """The printed form of each author, in order, up to an "et al."; None when unclear."""
    names: list[dict[str, str]] = []
    equal: list[str] = []
    end = 0
    for index, person in enumerate(people):
        found = locate_one_name(text, person, end)
        if found is None or index > 0 and found[1] - end > 60:
            break
        gold, _, name_end = found
        if text[name_end: name_end + 1] in ("*", "†"):
            equal.append(gold.get("family") or gold.get("literal", ""))
        names.append(gold)
        end = name_end
    if not names:
        return None
    truncated = len(names) < len(people)
    if truncated:
        tail = text[end: end + 14].lower()
        if not any(term in tail for term in ET_AL_TERMS):
            return None
        if "…" in tail or "..." in tail:  # et-al-use-last: "A, B, … Z"
            found = locate_one_name(text, people[-1], end)
            if found is not None and found[1] - end < 20:
                names.append(found[0])
                end = found[2]
    return LocatedNames(names, truncated, equal, end)


def comparable(text: str) -> str:
    """An entry's text without its leading number (numbers move when entries do)."""
    return LEADING_NUMBER.sub("", text)


def locate_csl_gold(pub: Pub, plain: str, printed: set[str], previous: dict[str, Any] | None) -> dict[str, Any] | None:
    """The gold item of one rendered entry, read from its plain text; None when unclear."""
    item: dict[str, Any] = {"id": "", "type": pub.csl_type}
    title = find_flex(plain, pub.title, word=False)
    if title is None:
        return None
    item["title"] = title.group()
    names = locate_names(plain, pub.authors)
    if names is None and REPEATED_AUTHORS.match(plain) and previous and previous.get("author"):
        item["author"] = previous["author"]
        if previous.get("_authors_truncated"):
            item["_authors_truncated"] = True
    elif names is None:
        return None
    else:
        item["author"] = names.names
        if names.truncated:
            item["_authors_truncated"] = True
        if names.equal:
            item["_equal_contribution"] = names.equal
    outside = plain[: title.start()] + " " * (title.end() - title.start()) + plain[title.end():]
    if pub.year:
        year = re.search(rf"(?<!\d){pub.year}(?!\d)", outside)
        if year:
            parts = [pub.year]
            if "month" in printed:
                parts.append(pub.month)
                if "day" in printed:
                    parts.append(pub.day)
            item["issued"] = {"date-parts": [parts]}
    if "container" in printed:
        container = locate_container(pub, outside)
        if container is None:
            return None
        item.update(container)
    for variable, value in (("volume", pub.volume), ("issue", pub.issue)):
        if variable in printed and value:
            match = find_flex(outside, value) or (find_flex(outside, value.lstrip("0")) if value.lstrip("0") else None)
            if match:
                item[variable] = match.group()
    if "page" in printed and pub.page:
        page = locate_page(outside, pub.page)
        if page:
            item["page"] = page
    if "publisher" in printed and pub.publisher:
        match = find_flex(outside, pub.publisher)
        if match:
            item["publisher"] = match.group()
    if "doi" in printed and pub.doi and pub.doi.lower() in outside.lower():
        item["DOI"] = pub.doi
    if "number" in printed:
        item.update(locate_number(pub, outside))
    if "url" in printed and pub.url and pub.url in outside:
        item["URL"] = pub.url
    if pub.status and pub.status.lower() in outside.lower():
        item["status"] = pub.status
    return item


def locate_container(pub: Pub, text: str) -> dict[str, str] | None:
    """The printed venue (and a short name printed in parentheses after it)."""
    for form in dict.fromkeys([v for v in pub.venues.values()] + ([pub.acronym] if pub.acronym else [])):
        match = find_flex(text, form)
        if match:
            out = {"container-title": match.group()}
            if pub.acronym:
                short = re.match(r"\s*\((" + re.escape(pub.acronym) + r")\)", text[match.end():])
                if short:
                    out["container-title-short"] = short.group(1)
            return out
    return None


def locate_page(text: str, page: str) -> str | None:
    """The page (range) as printed: styles shorten ranges and change dashes."""
    first = re.split(r"[-–—]", page)[0].strip()
    if not first:
        return None
    best = None
    for match in re.finditer(rf"(?<![\w]){re.escape(first)}(?:\s*[-–—]+\s*(\w+))?(?![\w])", text):
        if match.group(1) or best is None:
            best = match.group()
            if match.group(1):
                break
    return best.replace(" ", "") if best else None


def locate_number(pub: Pub, text: str) -> dict[str, str]:
    """arXiv id (and class) or report/patent number as printed."""
    out: dict[str, str] = {}
    if pub.arxiv and pub.arxiv in text:
        out["number"] = pub.arxiv
        out["_arxiv"] = pub.arxiv
        if pub.arxiv_class and re.search(re.escape(pub.arxiv) + r"\s*\[" + re.escape(pub.arxiv_class) + r"\]", text):
            out["_arxiv_class"] = pub.arxiv_class
    elif pub.number and pub.number in text:
        out["number"] = pub.number
    return out


_INITIALS = re.compile(r"^[^\W\d_](?:[-‐]?[^\W\d_])*\.?$")


def strip_list_periods(golds: list[dict[str, Any]]) -> None:
    """In a style that writes initials without periods ("Cho JH"), the period after the last
    author's initials ends the list: "Reyes Herrera Í." is given "Í"."""
    inner = [a.get("given", "") for g in golds for a in g.get("author", [])[:-1] if _INITIALS.match(a.get("given", "") or "")]
    if len(inner) < 2 or any(given.endswith(".") for given in inner):
        return
    for gold in golds:
        last = (gold.get("author") or [{}])[-1]
        given = last.get("given", "")
        if given.endswith(".") and _INITIALS.match(given) and "." not in given[:-1]:
            last["given"] = given[:-1]


def separate_number(segs: list[Seg]) -> list[Seg]:
    """A space after a citation number the style glues to the first name ("1Sato T" -> "1 Sato T");
    such styles expect a left-margin display that plain output has not."""
    if segs and re.match(r"^\d+[^\W\d_]", segs[0].text):
        first = segs[0]
        number = re.match(r"^\d+", first.text).group()
        return [Seg(number + " " + first.text[len(number):], first.marks, first.link, first.kind, first.role)] + segs[1:]
    return segs
