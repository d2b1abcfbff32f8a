"""sorting.lexsort is np.lexsort, packed or not."""

from __future__ import annotations

import numpy as np
import pytest

from generator.sorting import lexsort


@pytest.mark.parametrize("seed", range(20))
def test_same_permutation_as_numpy(seed):
    gen = np.random.default_rng(seed)
    n = int(gen.integers(0, 3000))
    region = gen.integers(0, 5, n).astype(np.int8)
    wide = gen.integers(-(10**12), 10**12, n)
    narrow = gen.integers(1_788_000_000, 1_788_300_000, n)
    skill = gen.standard_normal(n).astype(np.float32)
    skill[gen.random(n) < 0.1] = 0.0
    skill[gen.random(n) < 0.05] = -0.0  # ties with 0.0, as in np.lexsort
    skill[gen.random(n) < 0.1] = 1.5  # more ties: their order must be kept
    constant = np.full(n, 7)
    for keys in [
        (skill, narrow, region),  # packed
        (narrow, wide),  # packed: 19 + 41 bits
        (wide, wide, region),  # too wide: np.lexsort itself
        (constant, region),
        (constant,),
        (skill,),
    ]:
        assert (lexsort(keys) == np.lexsort(keys)).all()


def test_nan_falls_back_to_numpy():
    skill = np.array([np.nan, 1.0, -1.0, np.nan], dtype=np.float32)
    assert (lexsort((skill,)) == np.lexsort((skill,))).all()
