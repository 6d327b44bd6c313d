"""tools/train_tagger.py: the public labelled references are tokenised as documents are."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import train_tagger  # noqa: E402

from bibexport.extract.fields import tokenize  # noqa: E402


def test_labels_of_a_corpus_split_at_punctuation_move_onto_bibexports_tokens() -> None:
    # written the way GROBID's training strings come: every stop a token of its own
    text = "J. P. Quill. Acc. Moon Res. 10, 265 (1977);"
    corpus = [("J.", "author"), ("P.", "author"), ("Quill", "author"), (".", "other"), ("Acc.", "container-title"),
              ("Moon", "container-title"), ("Res.", "container-title"), ("10", "volume"), (",", "other"),
              ("265", "page"), ("(", "other"), ("1977", "date"), (");", "other")]
    tokens = tokenize(text)
    labels = train_tagger.projected_labels(text, corpus, tokens)
    assert [(t.text, label) for t, label in zip(tokens, labels)] == [
        ("J.", "author"), ("P.", "author"), ("Quill.", "author"), ("Acc.", "container-title"),
        ("Moon", "container-title"), ("Res.", "container-title"), ("10,", "volume"), ("265", "page"),
        ("(1977);", "date")]


def test_a_token_of_punctuation_only_keeps_its_own_label_and_a_mismatch_is_refused() -> None:
    text = "A Title ( 2001 )"
    corpus = [("A", "title"), ("Title", "title"), ("(", "other"), ("2001", "date"), (")", "other")]
    tokens = tokenize(text)
    assert train_tagger.projected_labels(text, corpus, tokens) == ["title", "title", "other", "date", "other"]
    # corpus tokens that are not the text's (a typo in the corpus): the string is left out
    assert train_tagger.projected_labels(text, [("A", "title"), ("Titel", "title")], tokens) is None
    assert train_tagger.projected_labels(text, [("A", "title")], tokens) is None  # the text goes on


def test_the_corpus_tokens_are_kept_for_training_unless_asked() -> None:
    tokens, labels = train_tagger._corpus_tokens([("Quill", "author"), (".", "other"), ("12(3):45", "volume")])
    assert [(t.text, t.start, t.end) for t in tokens] == [("Quill", 0, 5), (".", 6, 7), ("12", 8, 10), ("(3):", 10, 14),
                                                          ("45", 14, 16)]
    assert labels == ["author", "other", "volume", "volume", "volume"]
