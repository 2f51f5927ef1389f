"""The bottom layer: errors, settings and every shared name, timestamps, URL safety, terminal safety.

It imports nothing else of ours, so every other package may import it.
"""

__version__ = "0.1.0"
