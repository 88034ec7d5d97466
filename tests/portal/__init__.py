"""Tests of the download portal (scheduler/portal/): SQLite, PostgreSQL and Chromium."""
