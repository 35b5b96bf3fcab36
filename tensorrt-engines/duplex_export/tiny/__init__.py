"""The tiny random-weight test model: modules, seeded weights, export, checks and reference loop."""
