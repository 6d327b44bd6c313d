"""The CI subset of the fuzz campaign (benchmarks/fuzz_campaign.py runs it long): every
hostile case of issues #18 and #20 as a fixed seed, and a fixed sample of mutated inputs
of every reader, each read, written in every format and validated (see tests/fuzzing.py).
Timing is measured by the campaign, not here; a generous guard only catches hangs.
"""

from __future__ import annotations

import random

import pytest

from fuzzing import check_input, hostile_pairs, hostile_seeds, mutate, seeds
from hostile_inputs import shared_title_inputs

SEEDS = seeds()
HOSTILE = hostile_seeds()
PAIRS = hostile_pairs()
#: Far beyond any input here: a hang, not slowness (the campaign checks the budget).
HANG_SECONDS = 60


def _assert_clean(outcome, what: str) -> None:
    assert outcome.crash == "", f"{what}: {outcome.crash}"
    assert outcome.exit_code in (0, 3, 6), f"{what}: exit {outcome.exit_code}"
    assert outcome.problems == [], f"{what}: {outcome.problems}"
    assert outcome.seconds < HANG_SECONDS, f"{what}: {outcome.seconds:.1f} s"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_seed(name: str) -> None:
    reader, suffix, raw = HOSTILE[name]
    if len(raw) + len(PAIRS.get(name, b"")) > 5_000_000:
        pytest.skip("the 20 MB pair is run by the long campaign (a small pair below)")
    _assert_clean(check_input(raw, reader, suffix, second=PAIRS.get(name)), name)


def test_two_inputs_are_read_and_merged() -> None:
    """The campaign's pair seeds: the second input is read and merged with the first."""
    first, second = shared_title_inputs(20, 2_000)
    outcome = check_input(first.encode(), "csl-json", ".json", second=second.encode())
    _assert_clean(outcome, "pair")
    assert outcome.records == 20  # record i of each input is one paper: 40 read, 20 after the merge
    others = second.replace('"Author', '"Other')  # other people: nothing merges
    assert check_input(first.encode(), "csl-json", ".json", second=others.encode()).records == 40


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_mutated_hostile_seed(name: str) -> None:
    reader, suffix, raw = HOSTILE[name]
    if len(raw) > 200_000:
        pytest.skip("large seeds are mutated by the long campaign only")
    rng = random.Random(f"ci-{name}")
    for index in range(3):
        _assert_clean(check_input(mutate(raw, rng), reader, suffix), f"{name} #{index}")


@pytest.mark.parametrize("reader", sorted(SEEDS))
def test_mutated_inputs_of_every_reader(reader: str) -> None:
    suffix, seed = SEEDS[reader]
    rng = random.Random(f"ci-{reader}")
    for index in range(12):
        _assert_clean(check_input(mutate(seed, rng), reader, suffix), f"{reader} #{index}")
