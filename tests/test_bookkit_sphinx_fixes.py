"""The Sphinx extension that drops repeated head scripts (jupyter-book registers one
twice)."""

from types import SimpleNamespace

from bookkit.sphinx_fixes import _fix_pages
from bookkit.sphinx_fixes import dedupe_head_scripts
from bookkit.sphinx_fixes import setup

PAGE = """<html><head>
<script>const THEBE_JS_URL = "x"</script>
<script src="a.js"></script>
<script>const THEBE_JS_URL = "x"</script>
</head><body>
<script>const THEBE_JS_URL = "x"</script>
</body></html>"""


def test_repeated_head_scripts_are_kept_once_and_the_body_untouched():
    fixed = dedupe_head_scripts(PAGE)
    head, body = fixed.split("</head>")
    assert head.count("THEBE_JS_URL") == 1 and '<script src="a.js"></script>' in head
    assert body.count("THEBE_JS_URL") == 1
    assert dedupe_head_scripts("<p>no head</p>") == "<p>no head</p>"


def test_extension_rewrites_built_pages_only_after_a_clean_html_build(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(PAGE)
    app = SimpleNamespace(outdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    _fix_pages(app, RuntimeError("build failed"))
    assert page.read_text() == PAGE
    _fix_pages(app, None)
    assert page.read_text().split("</head>")[0].count("THEBE_JS_URL") == 1
    connected = []
    meta = setup(SimpleNamespace(connect=lambda event, fn: connected.append(event)))
    assert connected == ["build-finished"] and meta["parallel_read_safe"]
