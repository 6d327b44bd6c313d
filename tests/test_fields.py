"""The field tagger's tagging of hand-written references."""

from __future__ import annotations

from bibexport.extract.fields import tag, tokenize

REFERENCE = ("J. Doe and A. Smith. Counting the Lakes of a Dry Valley. In Proceedings of the Workshop on "
             "Arid Places, Tucson, pages 12-19, 2019.")
# the same in the author-date style, the title set apart by a year and the venue by italics-free words
APA = "Doe, J., & Smith, A. (2019). Counting the lakes of a dry valley. Journal of Arid Places, 12(3), 45-60."


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
