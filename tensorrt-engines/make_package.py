#!/usr/bin/python3
"""Runs duplex_export.release.make_package (so that `python3 tensorrt-engines/make_package.py` works from anywhere)."""
import sys

from duplex_export.release.make_package import main

if __name__ == "__main__":
    sys.exit(main())
