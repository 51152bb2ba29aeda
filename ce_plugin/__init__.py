"""CE Portal for Open edX: continuing-education credit claiming inside Open edX courses."""

__version__ = "0.1.0"
