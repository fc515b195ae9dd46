"""xAPI statement validation: the syntax (``syntax``) and the validator walking a statement (``statements``)."""
