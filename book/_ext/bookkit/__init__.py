"""The book's build machinery (not part of the installed ``shared`` package).

* :mod:`bookkit.book` -- execute chapters with papermill, write the dashboard, the
  README status and the run-time page, and archive full-profile runs
  (``python -m bookkit.book``);
* :mod:`bookkit.claims_cli` -- list every claim of the committed notebooks;
* :mod:`bookkit.sphinx_fixes` -- a Sphinx extension that keeps the pages free of
  console errors (``_config.yml``, ``local_extensions``).

The Makefile puts ``book/_ext`` on ``PYTHONPATH``; chapters never import this package.
"""
