"""Synthetic titles (English from the vocabularies of titles.json, CJK) and their case habits."""

from __future__ import annotations

import random
import re

from .tables import Tables


def make_title(rng: random.Random, tables: Tables, group: str) -> str:
    """A synthetic title from the vocabulary of ``group`` (see titles.json)."""
    vocab = dict(tables.titles["shared"])
    vocab.update(tables.titles["groups"][group])
    pattern = rng.choice(tables.titles["patterns"])
    for _ in range(4):  # nested slots (a subtitle naming a context)
        pattern = re.sub(r"\{(\w+)\}", lambda m: _slot(rng, vocab, m.group(1)), pattern)
    return capitalise_first(pattern)


def _slot(rng: random.Random, vocab: dict[str, list[str]], name: str) -> str:
    key = name[0].lower() + name[1:]
    options = vocab.get(key) or vocab.get(key.rstrip("2")) or [name]
    word = rng.choice(options)
    return capitalise_first(word) if name[0].isupper() else word


def capitalise_first(text: str) -> str:
    """``text`` with its first character upper-cased ("graph models" -> "Graph models")."""
    return text[:1].upper() + text[1:] if text else text


def make_cjk_title(rng: random.Random, tables: Tables, lang: str) -> str:
    """A title in Japanese, Korean or Chinese script."""
    spec = tables.titles["cjk_titles"][lang]
    pattern = rng.choice(spec["patterns"])
    return re.sub(r"\{(\w)\}", lambda m: rng.choice(spec[m.group(1)]), pattern)


SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to via with vs over under per".split())


def title_case(text: str) -> str:
    """Title Case that keeps words with capitals inside (BERT, iPhone) and small words."""
    words = text.split(" ")
    out = []
    for position, word in enumerate(words):
        if any(c.isupper() for c in word[1:]) or not word:
            out.append(word)
        elif position > 0 and word.lower() in SMALL_WORDS and not out[-1].endswith(":"):
            out.append(word.lower())
        else:
            out.append("-".join(capitalise_first(part) for part in word.split("-")))
    return " ".join(out)


def cased_title(rng: random.Random, title: str, habit: str) -> str:
    """A title in the document's case habit: as written (synthetic titles are in sentence case,
    corpus titles as their source has them) or Title Case."""
    return title_case(title) if habit == "title" else title
