"""A small Sphinx extension that keeps the rendered book free of browser console errors.

jupyter-book 1.x registers sphinx-thebe's inline configuration script twice (once when
the documents are read, once more on pages with code cells), so pages declare ``const
THEBE_JS_URL`` twice and the browser logs a SyntaxError. After the build this extension
removes repeated, identical ``<script>`` lines from each page's ``<head>``.
"""

from __future__ import annotations

from pathlib import Path


def dedupe_head_scripts(html: str) -> str:
    """Return ``html`` with identical ``<script ...>...</script>`` head lines kept
    once."""
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    seen: set[str] = set()
    kept = []
    for line in html[:head_end].split("\n"):
        key = line.strip()
        if key.startswith("<script") and key.endswith("</script>"):
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return "\n".join(kept) + html[head_end:]


def _fix_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = dedupe_head_scripts(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def setup(app):
    app.connect("build-finished", _fix_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
