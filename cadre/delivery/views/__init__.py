"""Delivery pages, one module per area: sessions, enrolments, rosters, instructors, the learner, calendars."""
