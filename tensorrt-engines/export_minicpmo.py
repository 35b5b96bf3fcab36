#!/usr/bin/python3
"""Runs duplex_export.export_minicpmo (this file keeps the command line `python3 tensorrt-engines/export_minicpmo.py`)."""
import sys

from duplex_export.export_minicpmo import main

if __name__ == "__main__":
    sys.exit(main())
