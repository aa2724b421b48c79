"""Nine replica sites the crawler has never seen, their ground truth, and the crawl scenario
that scores an archive built from registry entries alone (tests/test_unseen_sites.py,
benchmarks/unseen_sites.py)."""
