"""Extract the PyPI-packaged Thai fonts into ``data/fonts/`` (git-ignored).

Uses pip (the registry's ordinary client) to fetch three wheels, then copies their font files:
``fontpkg-kanit==2.0`` -> kanit/, ``fontpkg-sarabun==1.0`` -> sarabun/ (both OFL-1.1) and
``odoo-addon-l10n-th-fonts==18.0.1.0.0.2`` -> sipa/ (the SIPA national TH fonts only; the
proprietary AngsanaNew and Webdings in that wheel are skipped).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from scripts.synth.fonts import PYPI_DIR

WHEELS = {
    "fontpkg-kanit==2.0": ("kanit", "fontpkg_kanit/files/"),
    "fontpkg-sarabun==1.0": ("sarabun", "fontpkg_sarabun/files/"),
    "odoo-addon-l10n-th-fonts==18.0.1.0.0.2": ("sipa", "odoo/addons/l10n_th_fonts/static/fonts/TH"),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", tmp, *WHEELS], check=True)
        for whl in Path(tmp).glob("*.whl"):
            for spec, (sub, prefix) in WHEELS.items():
                if whl.name.startswith(spec.split("==")[0].replace("-", "_")):
                    out = PYPI_DIR / sub
                    out.mkdir(parents=True, exist_ok=True)
                    with zipfile.ZipFile(whl) as z:
                        for name in z.namelist():
                            if name.startswith(prefix) and name.lower().endswith((".ttf", ".otf")):
                                (out / Path(name).name).write_bytes(z.read(name))
    print(sorted(str(p.relative_to(PYPI_DIR)) for p in PYPI_DIR.rglob("*.ttf")))


if __name__ == "__main__":
    main()
