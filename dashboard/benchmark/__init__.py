"""Benchmarks at scale: each page's callbacks, their bare SQL, the first render in Chromium, a worker's memory.

``python -m dashboard bench`` runs it (``run.run_benchmark``); ``pages`` says what is measured on each
page, ``worker`` measures one page in a process of its own, ``browser`` renders the pages in headless
Chromium against gunicorn, and ``report`` prints the table and writes ``docs/benchmarks.md``.
"""
