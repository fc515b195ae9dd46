"""Cadre's tests, mirroring the apps of cadre/ (tests/<app>/ tests cadre/<app>/); tests/support holds the shared factories, worlds and clock helpers."""
