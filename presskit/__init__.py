"""presskit: one structured press release in, a complete release pack out."""

__version__ = "0.1.0"
