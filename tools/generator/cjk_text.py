"""Korean, Japanese and Chinese text for CJK-language CVs: names in script with their romanisation,
titles, venues, CV lines and note prose, all drawn from ``data/generator/cjk.json``."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from .tables import Tables, chance

# Korean particles that depend on whether the word before ends in a final consonant (batchim):
# the form after a consonant first, after a vowel second.
_PARTICLES = {"을": ("을", "를"), "이": ("이", "가"), "은": ("은", "는"), "과": ("과", "와"), "으로": ("으로", "로")}
_SLOT = re.compile(r"\{(\w+?)(\d?)(?::(\w+))?\}")


@dataclass(frozen=True)
class CjkName:
    """A CJK person: family and given in script, and their romanised forms (given first in English)."""

    family: str
    given: str
    family_roman: str
    given_roman: str
    spaced: bool = False  # "田中 太郎" rather than "田中太郎"

    @property
    def native(self) -> str:
        """The name as a CJK text prints it: family first, mostly without a space."""
        return f"{self.family} {self.given}" if self.spaced else self.family + self.given


def cjk_spec(tables: Tables) -> dict[str, Any]:
    """The CJK table (``cjk.json``)."""
    return tables.cjk


def has_batchim(word: str) -> bool:
    """True when a Korean word ends in a syllable with a final consonant (Latin letters and digits: by sound, roughly)."""
    last = word.rstrip()[-1:]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    return last.lower() in "lmnkpt0136789"


def particle(word: str, name: str) -> str:
    """The Korean particle ``name`` (을, 이, 은, 과, 으로) in the form that follows ``word``."""
    after_consonant, after_vowel = _PARTICLES[name]
    if name == "으로" and word.endswith(("ㄹ", "일", "물", "할")):
        return after_vowel
    return after_consonant if has_batchim(word) else after_vowel


def fill_slots(rng: random.Random, pattern: str, vocab: dict[str, list[str]], extra: dict[str, str] | None = None) -> str:
    """Fill ``{a}``, ``{b2}`` (a second, different ``b``) and ``{a:을}`` (with a Korean particle) slots."""
    chosen: dict[str, list[str]] = {}
    extra = extra or {}

    def one(match: re.Match[str]) -> str:
        name, part = match.group(1), match.group(3)  # group 2: the digit of a second draw (b2)
        if name in extra:
            word = extra[name]
        else:
            options = [w for w in vocab.get(name, [name]) if w not in chosen.get(name, [])] or vocab.get(name, [name])
            word = rng.choice(options)
            chosen.setdefault(name, []).append(word)
        return word + (particle(word, part) if part else "")

    return _SLOT.sub(one, pattern)


def make_name(rng: random.Random, tables: Tables, lang: str) -> CjkName:
    """A synthetic name of the language: family from the family table (two syllables sometimes), given from
    syllables (Korean, Chinese) or whole given names (Japanese)."""
    spec = cjk_spec(tables)["names"][lang]
    if spec["family2"] and chance(rng, spec["family2_rate"]):
        family, family_roman = rng.choice(spec["family2"])
    else:
        family, family_roman = rng.choice(spec["family"])
    if "given_whole" in spec:
        given, given_roman = rng.choice(spec["given_whole"])
    else:
        count = rng.choice(spec["given_syllables"])
        syllables = rng.sample(spec["given"], count)
        given = "".join(s for s, _ in syllables)
        romans = [r for _, r in syllables]
        hyphen = lang == "ko" and count == 2 and chance(rng, 0.3)
        given_roman = "-".join(romans) if hyphen else romans[0] + "".join(r.lower() for r in romans[1:])
    return CjkName(family, given, family_roman, given_roman, spaced=chance(rng, spec["space_rate"]))


def make_title(rng: random.Random, tables: Tables, lang: str) -> str:
    """A title in the language."""
    vocab = cjk_spec(tables)["titles"][lang]
    return fill_slots(rng, rng.choice(vocab["patterns"]), vocab)


def make_venue(rng: random.Random, tables: Tables, lang: str, kind: str, year: int) -> str:
    """A journal or conference name in the language (``kind`` journal or conference)."""
    spec = cjk_spec(tables)
    venues = spec["venues"][lang]
    pattern = rng.choice(venues[kind])
    values = {"f": rng.choice(spec["fields"][lang]), "y": str(year), "n": str(rng.randint(8, 45)), "season": rng.choice(venues["season"])}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), pattern).replace("  ", " ").strip()


def make_publisher(rng: random.Random, tables: Tables, lang: str) -> str:
    """A publisher of the language's books."""
    return rng.choice(cjk_spec(tables)["venues"][lang]["publisher"])


def cv_line(rng: random.Random, tables: Tables, lang: str, key: str) -> str:
    """One of the language's CV phrases (``key`` in cjk.json's ``cv`` table), its slots filled."""
    spec = cjk_spec(tables)
    cv = spec["cv"][lang]
    extra = {"course": rng.choice(cv["courses"]), "univ": rng.choice(cv["universities"]), "f": rng.choice(spec["fields"][lang])}
    return fill_slots(rng, rng.choice(cv[key]), spec["titles"][lang], extra)


def note_prose(rng: random.Random, tables: Tables, lang: str, sentences: int) -> str:
    """A summary note of 1-3 sentences in the language (never gold)."""
    spec = cjk_spec(tables)
    chosen = rng.sample(spec["notes"][lang]["sentences"], sentences)
    joiner = " " if lang == "ko" else ""
    return joiner.join(fill_slots(rng, s, spec["titles"][lang]) for s in chosen)


def role_list(rng: random.Random, tables: Tables, lang: str) -> str:
    """A comma list of contribution roles in the language."""
    roles = cjk_spec(tables)["notes"][lang]["roles"]
    return ", ".join(rng.sample(roles, rng.randint(2, min(6, len(roles)))))


def date_text(tables: Tables, lang: str, year: int, month: int) -> str:
    """A year and month as CV margins print them ("2024. 8.", "2024年8月")."""
    return cjk_spec(tables)["cv"][lang]["date"].replace("{y}", str(year)).replace("{m}", str(month))
