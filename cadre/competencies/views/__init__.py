"""Web pages of the competencies app, one module per concept."""
