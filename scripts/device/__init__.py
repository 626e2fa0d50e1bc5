"""Shell scripts that stage and run recognizer training on a lent GPU machine.

See ``docs/experiments/device-training.md``.
"""
