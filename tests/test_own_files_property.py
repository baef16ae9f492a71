"""The property test (tests/own_files_property.py) under three hash seeds, each in its own process.

Every process reads the same derandomized examples back exactly; the digest of what they
read, label orders included, is the same for every ``PYTHONHASHSEED``: label ids never
depend on a set's iteration order.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

PROPERTY = Path(__file__).parent / "own_files_property.py"
HASH_SEEDS = ("0", "1", "4242")


def test_property_reads_back_exactly_and_identically_under_three_hash_seeds():
    results = {}
    for seed in HASH_SEEDS:
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, str(PROPERTY)], capture_output=True, text=True, env=env, timeout=600)
        assert run.returncode == 0, f"PYTHONHASHSEED={seed}:\n{run.stdout[-3000:]}\n{run.stderr[-6000:]}"
        results[seed] = json.loads(run.stdout.strip().splitlines()[-1])
    assert len({r["examples"] for r in results.values()}) == 1 and results["0"]["examples"] >= 100, results
    assert len({r["digest"] for r in results.values()}) == 1, results
