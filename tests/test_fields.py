"""The field tagger's features and its tagging of hand-written references."""

from __future__ import annotations

from bibexport.extract.fields import sequence_features, tag, tokenize

REFERENCE = ("J. Doe and A. Smith. Counting the Lakes of a Dry Valley. In Proceedings of the Workshop on "
             "Arid Places, Tucson, pages 12-19, 2019.")


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


def test_a_reference_in_the_common_style_is_tagged_field_by_field() -> None:
    tokens = tokenize(REFERENCE)
    labels, _ = tag(tokens)
    fields: dict[str, list[str]] = {}
    for token, label in zip(tokens, labels):
        fields.setdefault(label, []).append(token.text)
    assert " ".join(fields["author"]) == "J. Doe and A. Smith."
    assert " ".join(fields["title"]) == "Counting the Lakes of a Dry Valley."
    assert " ".join(fields["container-title"]).endswith("Workshop on Arid Places,")
    assert fields["date"] == ["2019."]
