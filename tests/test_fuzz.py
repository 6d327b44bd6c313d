"""The CI subset of the fuzz campaign (benchmarks/fuzz_campaign.py runs it long): every
hostile case of issues #18 and #20 as a fixed seed, and a fixed sample of mutated inputs
of every reader, each read, written in every format and validated (see tests/fuzzing.py).
Timing is measured by the campaign, not here; a generous guard only catches hangs.
"""

from __future__ import annotations

import random

import pytest

from fuzzing import check_input, hostile_pairs, hostile_seeds, mutate, seeds

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
    _assert_clean(check_input(raw, reader, suffix, second=PAIRS.get(name)), name)


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
