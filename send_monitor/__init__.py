"""send-monitor's entry layer: the command line, the demo and the local Prefect service."""

from foundation import __version__

__all__ = ["__version__"]
