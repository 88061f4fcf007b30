"""Data Docs that open without internet: local copies of the CDN assets, relative links.

GX 1.24.1 pages load their CSS and JS from CDNs (bootstrap, jQuery, bootstrap-table, popper.js,
Font Awesome, bootstrap-datepicker) and the logo from S3; offline the index is blank.  ``make
assets`` fetches those files from the npm registry at install time into
``warehouse/static/vendor`` (manifest: ``warehouse/static/vendor.json``); after each build,
``localise`` copies them to ``<site>/static/vendor`` and rewrites every page's links to relative
paths.  Nothing is fetched here.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parents[1] / "warehouse" / "static"
VENDOR = STATIC / "vendor"
MANIFEST = STATIC / "vendor.json"
GX_IMAGES = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"
_SRI = re.compile(r'\s+(?:integrity="[^"]*"|crossorigin="[^"]*")')
_REMOTE = re.compile(r'(?:src|href)="(https?://[^"]+)"')


class AssetsMissing(RuntimeError):
    """The vendored assets are not installed (``make assets`` was not run)."""


@lru_cache(maxsize=1)
def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def assets_installed() -> bool:
    m = manifest()
    return all((VENDOR / p["dir"] / f).is_file() for p in m["packages"] for f in p["files"])


def remote_links(page: str) -> list[str]:
    """Every http(s) URL a page loads (src/href), except plain hyperlinks to web pages."""
    return [u for u in _REMOTE.findall(page) if re.search(r"\.(css|js|png|svg|ico|woff2?)(\?|$)|/npm/", u)]


def rewrite(page: str, to_vendor: str, to_images: str) -> str:
    """The page with CDN links replaced by ``to_vendor/<file>``, unused CDN scripts dropped, and
    subresource-integrity/crossorigin attributes removed (a file:// page cannot pass CORS)."""
    m = manifest()
    for url in m.get("dropped", []):
        page = re.sub(rf'<script src="{re.escape(url)}"></script>\s*', "", page)
    for url, local in m["urls"].items():
        page = page.replace(f'"{url}"', f'"{to_vendor}/{local}"')
    page = page.replace(GX_IMAGES, to_images)
    # only the tags whose links were made local lose their SRI attributes
    return re.sub(r"<(script|link)\b[^>]*>", lambda t: _SRI.sub("", t.group(0)) if "://" not in t.group(0) else t.group(0), page)


def localise(site_dir: Path) -> int:
    """Copies the assets into ``site_dir/static/vendor`` and rewrites every page; returns the
    number of pages changed.  Raises ``AssetsMissing`` when ``make assets`` has not run."""
    if not assets_installed():
        raise AssetsMissing(f"Data Docs assets are missing in {VENDOR}: run `make assets` "
                            "(the pages would need the internet to render)")
    site_dir = Path(site_dir)
    target = site_dir / "static" / "vendor"
    shutil.copytree(VENDOR, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".manifest"))
    changed = 0
    for page_path in site_dir.rglob("*.html"):
        if target in page_path.parents:
            continue
        page = page_path.read_text(encoding="utf-8")
        rel = Path(os.path.relpath(site_dir / "static", page_path.parent)).as_posix()
        new = rewrite(page, f"{rel}/vendor", f"{rel}/images/")
        if new != page:
            page_path.write_text(new, encoding="utf-8")
            changed += 1
        left = remote_links(new)
        if left:
            log.warning("Data Docs page %s still loads %s", page_path, left)
    return changed
