"""Sanxin: the platform for new-energy industry alliances."""

__version__ = "0.1.0"
