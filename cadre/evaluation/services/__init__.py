"""Evaluation services (every write is checked, validated field by field and, unless anonymous, audited)."""
