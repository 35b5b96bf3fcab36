#!/usr/bin/python3
"""Runs duplex_export.release.harness (so that `python3 tensorrt-engines/release_harness.py` works from anywhere)."""
import sys

from duplex_export.release.harness import main

if __name__ == "__main__":
    sys.exit(main())
