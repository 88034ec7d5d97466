"""The download portal: each site head, examiner and établissement fetches
their own documents; the chef de bureau sees who has.

- :mod:`~scheduler.portal.store`: the database (SQLite or PostgreSQL), insert-only;
- :mod:`~scheduler.portal.access`: personal links (signed, expiring, revocable) and the password;
- :mod:`~scheduler.portal.publishing`: ``oraux publier``, a plan version put on the portal;
- :mod:`~scheduler.portal.notices`: what changed for each recipient since the parent version;
- :mod:`~scheduler.portal.web`: the pages (Flask), served by waitress (``oraux portail``).
"""
