"""Sample robot behaviours that use duplex-node."""
