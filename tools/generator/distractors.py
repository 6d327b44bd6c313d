"""What a CV holds besides publications: contact lines, bio, education, employment, talks, awards, ..."""

from __future__ import annotations

import random
import re
import unicodedata

from .model import Entry, Pub, Section, Seg, plain_text
from .people import Career
from .plan import Plan, heading
from .publications import draw_years, pub_is_tex_safe, render_pub_entries
from .records import fill_placeholders, synth_pub
from .tables import Tables, chance, fill_numbers
from .titles import make_title


def year_range(rng: random.Random, start: int, end: int | None, present: str) -> str:
    """"2015–2020", "2019–present", "09/2018 – 08/2021"."""
    dash = rng.choice(["–", "-", " – ", "--"]).replace("--", "–")
    if chance(rng, 0.2):
        a = f"{rng.randint(1, 12):02d}/{start}"
        b = f"{rng.randint(1, 12):02d}/{end}" if end else present
        return f"{a}{dash}{b}"
    return f"{start}{dash}{end if end else present}"


def text_entry(text: str, margin: str | None = None, marks: tuple[str, ...] = ()) -> Entry:
    """A distractor entry of plain text (lines separated by newlines)."""
    segs: list[Seg] = []
    for index, line in enumerate(text.split("\n")):
        if index:
            segs.append(Seg("\n", kind="br"))
        segs.append(Seg(line, marks if index == 0 else ()))
    return Entry(segs, None, margin=margin)


def present_word(lang: str) -> str:
    """"present" in the document's language."""
    return {"de": "heute", "fr": "présent", "es": "presente", "pt": "presente", "it": "oggi", "ja": "現在", "ko": "현재", "zh": "至今"}.get(lang, "present")


def education_section(rng: random.Random, tables: Tables, plan: Plan, career: Career, thesis: Pub | None) -> Section:
    """Degrees with years, advisors and dissertation titles (not publications; a listed PhD
    thesis may be named again here, at the same university and year)."""
    entries = []
    reuse = thesis is not None and thesis.year is not None and chance(rng, 0.5)
    year = thesis.year if reuse else career.last_year - rng.randint(0, 12)
    thesis_title = thesis.title if reuse else None
    for level in ["phd", "master", "bachelor"][: rng.randint(1, 3)]:
        degree = rng.choice(tables.cv["degrees"][level])
        university = thesis.publisher if reuse and level == "phd" and thesis.publisher else "{university}"
        line = fill_placeholders(rng, tables, career, f"{degree}, {university}")
        extras = []
        if level == "phd" and chance(rng, 0.7):
            extras.append(fill_placeholders(rng, tables, career, rng.choice(tables.cv["education_extras"][:2])))
            title = thesis_title or make_title(rng, tables, tables.venues["fields"][career.field]["titles"])
            extras.append(rng.choice(["Dissertation: “{t}”", "Thesis: {t}", "Dissertation: \"{t}\""]).replace("{t}", title))
        elif chance(rng, 0.3):
            extras.append(fill_placeholders(rng, tables, career, rng.choice(tables.cv["education_extras"])))
        start = year - {"phd": 5, "master": 2, "bachelor": 4}[level]
        entries.append(text_entry("\n".join([line] + extras), year_range(rng, start, year, present_word(plan.lang))))
        year = start
    return Section("education", heading(rng, tables, "education", plan.lang), 1, entries)


def employment_section(rng: random.Random, tables: Tables, plan: Plan, career: Career) -> Section:
    """Positions with date ranges."""
    entries = []
    end: int | None = None
    year = career.last_year
    for _ in range(rng.randint(1, 5)):
        start = year - rng.randint(1, 5)
        place = rng.choice(tables.venues["universities"] + tables.cv["companies"])
        text = f"{rng.choice(tables.cv['positions'])}, {place}"
        if chance(rng, 0.4):
            text += "\n" + fill_placeholders(rng, tables, career, rng.choice(tables.cv["departments"]))
        entries.append(text_entry(text, year_range(rng, start, end, present_word(plan.lang))))
        end, year = start, start
    return Section("employment", heading(rng, tables, "employment", plan.lang), 1, entries)


def talk_section(rng: random.Random, tables: Tables, plan: Plan, career: Career, kind: str, pub_titles: list[str]) -> Section:
    """Talks or posters written in the same style as the papers (never gold)."""
    count = rng.randint(2, 12)
    talks = []
    for year in sorted(draw_years(rng, career, count), reverse=plan.newest_first):
        talk = synth_pub(rng, tables, career, "poster" if kind == "posters" else "talk", year)
        if pub_titles and chance(rng, 0.08):
            talk.title = rng.choice(pub_titles)  # a talk about a paper: same title, not a publication
        if plan.tex and not pub_is_tex_safe(talk):
            continue
        talks.append(talk)
    entries = render_pub_entries(rng, tables, plan, talks)
    for entry in entries:
        entry.gold = None
        entry.title = next((t.title for t in talks if t.title.lower() in plain_text(entry.segs).lower()), None)
    return Section(kind, heading(rng, tables, kind, plan.lang), 1, entries)


def list_section(rng: random.Random, tables: Tables, plan: Plan, career: Career, kind: str) -> Section:
    """Awards, grants, teaching, service, students, software, skills, memberships, referees, media, news."""
    cv = tables.cv
    lines: list[tuple[str, str | None]] = []
    count = rng.randint(2, 7)
    for year in sorted(draw_years(rng, career, count), reverse=True):
        if kind == "awards":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["awards"]), year), str(year)))
        elif kind == "grants":
            title = make_title(rng, tables, tables.venues["fields"][career.field]["titles"])
            amount = f"{rng.choice(cv['currencies'])}{rng.randint(20, 2500) * 1000:,}"
            text = f"“{title}”, {rng.choice(cv['grant_agencies'])}, {rng.choice(cv['grant_roles'])}, {amount}"
            lines.append((text, year_range(rng, year, year + rng.randint(1, 5), present_word(plan.lang))))
        elif kind == "teaching":
            term = fill_placeholders(rng, tables, career, rng.choice(cv["terms"]), year)
            code = fill_numbers(rng, rng.choice(cv["course_codes"]))
            course = fill_placeholders(rng, tables, career, rng.choice(cv["courses"]))
            lines.append((f"{code}: {course} ({rng.choice(cv['teaching_roles'])})", term))
        elif kind == "service":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["service"]), year), str(year) if chance(rng, 0.5) else None))
        elif kind == "students":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["students"]), year), None))
        elif kind == "software_list":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["software"]), year), None))
        elif kind == "skills":
            lines.append((rng.choice(cv["skills"]), None))
        elif kind == "memberships":
            lines.append((rng.choice(cv["memberships"]), f"{year}–"))
        elif kind == "referees":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["referees"]), year), None))
        elif kind == "media":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["media"]), year), None))
        elif kind == "news":
            month = rng.randint(1, 12)
            date = rng.choice([f"{tables.conventions['months']['short_nodot'][month - 1]} {year}", f"{year}-{month:02d}", f"[{month:02d}/{year}]", f"{tables.conventions['months']['long'][month - 1]} {rng.randint(1, 28)}, {year}"])
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["news"]), year), date))
    unique = list(dict.fromkeys(lines))
    entries = [text_entry(text, margin) for text, margin in unique]
    return Section(kind, heading(rng, tables, kind, plan.lang), 1, entries)


def about_section(rng: random.Random, tables: Tables, plan: Plan, career: Career) -> Section:
    """A short bio paragraph."""
    templates = rng.sample(tables.cv["bio"], rng.randint(1, 2))
    text = " ".join(fill_placeholders(rng, tables, career, t) for t in templates)
    return Section("about", heading(rng, tables, "about", plan.lang) if chance(rng, 0.7) else None, 1, [], [], [Seg(text)])


def header_lines(rng: random.Random, tables: Tables, plan: Plan, career: Career) -> list[list[Seg]]:
    """Name-less contact lines under the document's title (position, address, email, web)."""
    if plan.owner is None:
        return []
    contact = tables.cv["contact"]
    labels = contact["labels"].get(plan.lang, contact["labels"]["en"])
    user = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", plan.owner.family.lower()).encode("ascii", "ignore").decode()) or "owner"
    lines = [[Seg(f"{rng.choice(tables.cv['positions'])}, {rng.choice(tables.venues['universities'])}")]]
    if chance(rng, 0.5):
        lines.append([Seg(fill_placeholders(rng, tables, career, rng.choice(tables.cv["departments"])))])
    if chance(rng, 0.4):
        lines.append([Seg(fill_numbers(rng, rng.choice(contact["street"])) + ", " + rng.choice(tables.cv["cities"]))])
    email = f"{user}@{rng.choice(contact['email_domains'])}"
    lines.append([Seg(f"{labels[0]}: "), Seg(email, link=f"mailto:{email}")] if chance(rng, 0.6) else [Seg(email, link=f"mailto:{email}")])
    if chance(rng, 0.4):
        lines.append([Seg(f"{labels[1]}: {fill_numbers(rng, rng.choice(contact['phone_forms']))}")])
    if chance(rng, 0.5):
        site = f"https://{user}.github.io"
        lines.append([Seg(f"{labels[2]}: "), Seg(site, link=site)])
    return lines
