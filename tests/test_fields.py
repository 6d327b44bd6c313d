"""The field tagger's features and its tagging of hand-written references."""

from __future__ import annotations

from bibexport.extract.fields import sequence_features, tag, tokenize

REFERENCE = ("J. Doe and A. Smith. Counting the Lakes of a Dry Valley. In Proceedings of the Workshop on "
             "Arid Places, Tucson, pages 12-19, 2019.")
# the same in the author-date style, the title set apart by a year and the venue by italics-free words
APA = "Doe, J., & Smith, A. (2019). Counting the lakes of a dry valley. Journal of Arid Places, 12(3), 45-60."


def _features(text: str) -> tuple[list[str], list[dict]]:
    tokens = tokenize(text)
    return [t.text for t in tokens], sequence_features(tokens)


def test_every_token_knows_the_segment_it_sits_in() -> None:
    words, features = _features(REFERENCE)
    lakes = features[words.index("Lakes")]
    # the title's segment: opened by "counting", closed by "valley.", after the authors' segment
    assert lakes["sg_open"] == "counting"
    assert lakes["sg_close"] == "valley"
    assert lakes["sg_end"] == "."
    assert lakes["sg_prev_open"] == "j"
    assert lakes["sg_next_open"] == "in"
    assert lakes["sg_len"] == "7-12"
    assert lakes["sg_at"] == "in"
    # the segment before it holds initials and "and"; the venue's segment holds a year and a range
    assert lakes["psg_initial"] == 1.0
    workshop = features[words.index("Workshop")]
    assert workshop["sg_open"] == "in" and workshop["sg_year"] == 1.0 and workshop["sg_prev_open"] == "counting"
    assert workshop["sg_left"] == "0"
    assert "sg_year" not in lakes


def test_the_first_segment_has_no_previous_one() -> None:
    words, features = _features(REFERENCE)
    assert features[0]["sg_prev_open"] == "^"
    assert features[0]["sg_at"] == "first"
    assert not any(name.startswith("psg_") for name in features[0])


def test_every_token_knows_its_clause_within_the_segment() -> None:
    words, features = _features(REFERENCE)
    tucson = features[words.index("Tucson,")]
    pages = features[words.index("12-19,")]
    assert tucson["cl_open"] == "tucson" and tucson["cl_len"] == "1"
    assert pages["cl_open"] == "pages" and pages["cl_len"] == "2"
    assert features[words.index("Arid")]["cl_open"] == "in"


def _tagged(text: str) -> dict[str, str]:
    tokens = tokenize(text)
    labels, _ = tag(tokens)
    fields: dict[str, list[str]] = {}
    for token, label in zip(tokens, labels):
        fields.setdefault(label, []).append(token.text)
    return {label: " ".join(words) for label, words in fields.items()}


def test_a_conference_reference_is_tagged_field_by_field() -> None:
    fields = _tagged(REFERENCE)
    assert fields["author"] == "J. Doe and A. Smith."
    assert fields["title"] == "Counting the Lakes of a Dry Valley."
    assert fields["container-title"].startswith("In Proceedings of the Workshop on Arid Places,")
    assert fields["page"].endswith("12-19,")
    assert fields["date"] == "2019."


def test_a_journal_reference_is_tagged_field_by_field() -> None:
    fields = _tagged(APA)
    assert fields["author"] == "Doe, J., & Smith, A."
    assert fields["date"] == "(2019)."
    assert fields["title"] == "Counting the lakes of a dry valley."
    assert fields["container-title"] == "Journal of Arid Places,"
    # "(3)," is volume or issue: AnyStyle's labels keep the issue in the volume, GROBID's do not
    # (relabel.py reads a bracketed number after the volume as the issue either way)
    assert fields["volume"].startswith("12") and "(3)," in fields["volume"] + fields.get("issue", "")
    assert fields["page"] == "45-60."
