#!/usr/bin/python3
"""Runs duplex_export.release.selftest (this file keeps the command line `python3 tensorrt-engines/release_selftest.py`)."""
import sys

from duplex_export.release.selftest import main

if __name__ == "__main__":
    sys.exit(main())
