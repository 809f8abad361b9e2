"""From syntax to the checked model: names resolved and typed, units, validity checks, dependency order, testset checks."""
