#!/usr/bin/python3
"""Runs duplex_export.build_engines (this file keeps the command line `python3 tensorrt-engines/build_engines.py`)."""
import sys

from duplex_export.build_engines import main

if __name__ == "__main__":
    sys.exit(main())
