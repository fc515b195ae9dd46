"""Checks CI runs over the code itself: import contracts, size limits, error codes, the app diagram."""
