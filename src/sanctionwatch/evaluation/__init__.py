"""Evaluation on real data: each module measures one capability next to a baseline in the same run.

The ``sanctionwatch eval ...`` commands print these figures; ``bench/`` and ``tests/eval/`` call
the same functions.
"""
