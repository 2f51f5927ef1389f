"""Scorers for the parser and the differ against labelled sets (eval/ or any folder in that format)."""
