"""The released MiniCPM-o 4.5 model: its modules as graphs, a complete package from a checkpoint, checks."""
