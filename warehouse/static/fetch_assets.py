"""Fetch the Data Docs assets of ``vendor.json`` from the npm registry into ``vendor/`` (``make assets``).

Great Expectations' Data Docs load bootstrap, jQuery, bootstrap-table, popper.js, Font Awesome
and bootstrap-datepicker from CDNs, so without internet they render as bare links.  This runs
at install time (never at run time): ``npm pack`` of the exact versions, then only the files the
pages use are kept.  Idempotent: when ``vendor/.manifest`` records this manifest and every file
is there, nothing is fetched.  Any failure exits non-zero with a message (``make`` stops).

    python3 warehouse/static/fetch_assets.py [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "vendor.json"
VENDOR = HERE / "vendor"
STAMP = VENDOR / ".manifest"


def wanted(manifest: dict) -> list[Path]:
    return [VENDOR / p["dir"] / f for p in manifest["packages"] for f in p["files"]]


def up_to_date(manifest_bytes: bytes, manifest: dict) -> bool:
    digest = hashlib.sha256(manifest_bytes).hexdigest()
    return STAMP.exists() and STAMP.read_text().strip() == digest and all(p.is_file() for p in wanted(manifest))


def fetch(manifest: dict) -> None:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("assets: npm is needed to fetch the Data Docs assets from the npm registry "
                 "(Debian: apt-get install npm)")
    with tempfile.TemporaryDirectory(prefix="newsflow-assets-") as tmp:
        specs = [p["npm"] for p in manifest["packages"]]
        proc = subprocess.run([npm, "pack", "--silent", "--pack-destination", tmp, *specs],
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            sys.exit(f"assets: npm pack {' '.join(specs)} failed:\n{proc.stderr.strip()[-2000:]}")
        tarballs = proc.stdout.split()
        if len(tarballs) != len(specs):
            sys.exit(f"assets: npm pack returned {tarballs!r} for {specs!r}")
        staging = Path(tmp) / "vendor"
        for pkg, tgz in zip(manifest["packages"], tarballs):
            with tarfile.open(Path(tmp) / tgz) as tar:
                for name in pkg["files"]:
                    try:
                        member = tar.getmember(f"package/{name}")
                    except KeyError:
                        sys.exit(f"assets: {pkg['npm']} has no {name}")
                    src = tar.extractfile(member)
                    if src is None:
                        sys.exit(f"assets: {pkg['npm']}: {name} is not a file")
                    out = staging / pkg["dir"] / name
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(src.read())
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        shutil.copytree(staging, VENDOR)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="fetch again even when up to date")
    args = parser.parse_args()
    raw = MANIFEST.read_bytes()
    manifest = json.loads(raw)
    if not args.force and up_to_date(raw, manifest):
        print(f"assets: up to date in {VENDOR}")
        return
    fetch(manifest)
    missing = [str(p) for p in wanted(manifest) if not p.is_file()]
    if missing:
        sys.exit(f"assets: missing after fetch: {missing}")
    STAMP.write_text(hashlib.sha256(raw).hexdigest() + "\n")
    size = sum(p.stat().st_size for p in wanted(manifest))
    print(f"assets: {len(wanted(manifest))} files ({size / 1e6:.1f} MB) from {len(manifest['packages'])} npm packages "
          f"in {VENDOR}")


if __name__ == "__main__":
    main()
