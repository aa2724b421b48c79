"""Offline replicas of the publishers' web sites.

The tests and the demo crawl these instead of the internet: one HTTP server
(:mod:`replicas.server`) answers for every real host name, dispatching on
the ``Host`` header, so the records keep the real URLs.  The pages are generated from
``<source_id>/content.yaml`` plus Jinja2 templates; :mod:`replicas.catalog`
tells what a correct crawl of them must yield.
"""
