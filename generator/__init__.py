"""factcheck: publish fact-checks as a static website."""

__version__ = "0.1.0"
