"""The plan: the lowered rules (nodes.py) made from the checked model (lower.py); the one input of every
evaluator, generator and analysis."""
