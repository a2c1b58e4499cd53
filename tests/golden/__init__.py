"""Golden REST bodies: what each endpoint answers through the real gateway, with the values that
change from run to run (ids, instants, durations, ports) replaced by placeholders.

``python -m tests.golden --update`` records them under ``tests/golden/bodies/``;
``tests/golden/test_golden.py`` replays the same calls and compares byte for byte, so a refactor
of the protos or the servicers that changes a REST body fails.
"""
