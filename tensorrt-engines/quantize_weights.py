#!/usr/bin/python3
"""Runs duplex_export.quantize_weights (this file keeps the command line `python3 tensorrt-engines/quantize_weights.py`)."""
import sys

from duplex_export.quantize_weights import main

if __name__ == "__main__":
    sys.exit(main())
