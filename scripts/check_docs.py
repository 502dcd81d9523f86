"""Checks the built docs site in a real browser (headless Chromium), offline.

    python scripts/check_docs.py [SITE_DIR] [--out DIR]

Opens the home page, one family page and the 404 page of a site built by
`mkdocs build` (default `out/site`) from disk, with no network, and checks in the
rendered DOM that:

- the formulas rendered: `<math>` elements (MathML, written at build time by
  docs/hooks.py) laid out by the browser, fractions with the numerator above the
  denominator, and no raw TeX (`\\(`, `\\[`, `$$`, `\\frac`, ...) left in the text outside code;
- every `<img>` loaded (`naturalWidth > 0`) and every stylesheet loaded;
- no script or stylesheet comes from the network.

It saves screenshots of the home page and the family page in `--out` (default
`out/docs-check`). Exits 0 when every check passes, 1 otherwise; when no Chromium is
installed (`apt-get install chromium`), it says so and exits 0 (skipped). scripts/test.sh
runs it once after building the site.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"home": "index.html", "family": "activations/smooth.html", "404": "404.html"}
SCREENSHOTS = ("home", "family")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Run in the page once it has loaded; writes its findings as JSON in <pre id="docs-check">.
PROBE = r"""
<script>
window.addEventListener("load", () => {
  const outside = document.body.cloneNode(true);
  outside.querySelectorAll("pre, code, script, style, math").forEach((e) => e.remove());
  const text = outside.textContent;
  const maths = [...document.querySelectorAll("math")];
  const fractions = [...document.querySelectorAll("mfrac")].map((f) => {
    const [num, den] = [...f.children].map((c) => c.getBoundingClientRect());
    return num && den && num.bottom <= den.top + 1 && num.width > 0 && den.width > 0;
  });
  const remote = [...document.querySelectorAll("script[src], link[rel=stylesheet]")]
    .map((e) => e.src || e.href)
    .filter((u) => !u.startsWith("file:"));
  const result = {
    math: maths.length,
    math_elements: maths.filter((m) => window.MathMLElement && m instanceof MathMLElement).length,
    math_laid_out: maths.filter((m) => m.getBoundingClientRect().width > 0).length,
    math_with_tex: maths.filter((m) => /\\[A-Za-z]/.test(m.textContent)).length,
    fractions: fractions.length,
    fractions_stacked: fractions.filter(Boolean).length,
    raw_tex: (text.match(/\\\(|\\\)|\\\[|\\\]|\$\$|\\(frac|begin|text|operatorname)\b/g) || []).slice(0, 5),
    images: [...document.images].map((i) => [i.getAttribute("src"), i.complete && i.naturalWidth > 0]),
    stylesheets: [...document.querySelectorAll("link[rel=stylesheet]")].map((l) => {
      try {
        return [l.getAttribute("href"), l.sheet !== null && l.sheet.cssRules.length > 0];
      } catch (e) {
        return [l.getAttribute("href"), false]; // not loaded: no rules to read
      }
    }),
    remote: remote,
  };
  const pre = document.createElement("pre");
  pre.id = "docs-check";
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
});
</script>
"""


def find_browser() -> str | None:
    """The Chromium executable: `$CHROMIUM`, or the first of `BROWSERS` on the PATH."""
    if os.environ.get("CHROMIUM"):
        return shutil.which(os.environ["CHROMIUM"])
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def _chromium(browser: str, profile: Path, *args: str) -> str:
    command = [
        browser,
        "--headless",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=10000",
        # The site's own files count as one origin, so the probe can read the rules of the
        # stylesheets that loaded (a missing one has none).
        "--allow-file-access-from-files",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


def probe(browser: str, site: Path, page: str, profile: Path) -> dict:
    """The probe's findings on `page` of a copy of `site` (the probe added to the copy)."""
    path = site / page
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
    dom = _chromium(browser, profile, "--dump-dom", path.as_uri())
    found = re.search(r'<pre id="docs-check">(.*?)</pre>', dom, re.S)
    if not found:
        raise RuntimeError(f"{page}: the probe did not run (no #docs-check in the DOM)")
    return json.loads(html.unescape(found.group(1)))


def problems(name: str, page: str, r: dict) -> list[str]:
    """What is wrong on one page, from the probe's findings."""
    out = []
    if name == "family":
        if r["math"] == 0:
            out.append("no <math> element: the formulas were not rendered")
        if r["fractions"] == 0:
            out.append("no fraction (<mfrac>) found to check the layout of")
    if r["math_elements"] != r["math"]:
        out.append(f"{r['math'] - r['math_elements']} <math> elements not taken as MathML by the browser")
    if r["math_laid_out"] != r["math"]:
        out.append(f"{r['math'] - r['math_laid_out']} <math> elements with no width (not rendered)")
    if r["math_with_tex"]:
        out.append(f"{r['math_with_tex']} formulas still hold TeX commands")
    if r["fractions_stacked"] != r["fractions"]:
        out.append(f"{r['fractions'] - r['fractions_stacked']} fractions not laid out in two rows")
    if r["raw_tex"]:
        out.append(f"raw TeX in the text: {r['raw_tex']}")
    out += [f"image not loaded: {src}" for src, ok in r["images"] if not ok]
    out += [f"stylesheet not loaded: {href}" for href, ok in r["stylesheets"] if not ok]
    out += [f"loads from the network: {url}" for url in r["remote"]]
    return [f"{page}: {p}" for p in out]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "out" / "site"), help="built site")
    parser.add_argument("--out", default=str(ROOT / "out" / "docs-check"), help="screenshots folder")
    args = parser.parse_args(argv)
    site, out = Path(args.site), Path(args.out)
    missing = [p for p in PAGES.values() if not (site / p).is_file()]
    if missing:
        print(f"check_docs: FAILED: {site} lacks {', '.join(missing)} (build the site first)")
        return 1
    browser = find_browser()
    if browser is None:
        print(
            "check_docs: SKIPPED: no Chromium found (apt-get install chromium, or set CHROMIUM=); "
            "the built site was not checked in a browser."
        )
        return 0
    out.mkdir(parents=True, exist_ok=True)
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(site, copy)
        for name in SCREENSHOTS:
            shot = out / f"{name}.png"
            shot.unlink(missing_ok=True)
            _chromium(
                browser,
                Path(tmp) / "profile",
                "--window-size=1280,1600",
                f"--screenshot={shot}",
                (site / PAGES[name]).resolve().as_uri(),
            )
            if not shot.is_file() or shot.stat().st_size < 10_000:
                found.append(f"{PAGES[name]}: no screenshot, or a blank one ({shot})")
        for name, page in PAGES.items():
            r = probe(browser, copy, page, Path(tmp) / "profile")
            print(
                f"check_docs: {page}: {r['math']} formulas ({r['fractions']} fractions), "
                f"{len(r['images'])} images, {len(r['stylesheets'])} stylesheets"
            )
            found += problems(name, page, r)
    for p in found:
        print(f"check_docs: FAILED: {p}")
    if not found:
        print(f"check_docs: OK (screenshots in {out})")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
