"""eventwire: news reporting in, structured and sourced event data out."""

__version__ = "0.1.0"
