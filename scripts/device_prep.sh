#!/usr/bin/env bash
# Stage, on this machine, what a lent GPU machine needs to render and train the Thai recognizer
# (issue 3; training/DEVICE.md): the Debian font files the training and held-out families resolve
# to, DejaVu Sans (the renderer's Latin fallback) and libfribidi (Pillow's raqm layout loads it at
# run time) go to .dev/ (git-ignored through .git/info/exclude). Costs no device time.
#   bash scripts/device_prep.sh        # then: run(command="bash scripts/device_train.sh",
#                                      #            carry=[".dev", "data/fonts"], timeout_s=590)
set -euo pipefail
cd "$(dirname "$0")/.."
grep -qx '/.dev/' .git/info/exclude 2>/dev/null || echo '/.dev/' >> .git/info/exclude
rm -rf .dev && mkdir -p .dev/fonts .dev/lib
python - <<'PY'
import os, shutil
from scripts.synth import fonts, render
files = {render.DEFAULT_FALLBACK}
fams = fonts.train_families() + fonts.heldout_families()
for fam in fams:
    for face in fonts.faces(fam):
        files.update(p for p in (face.path, face.fallback) if p)
root = "/usr/share/fonts/truetype/"
n = 0
for p in sorted(files):
    if p.startswith(root):  # data/fonts travels as it is (carry it)
        dst = os.path.join(".dev/fonts", os.path.relpath(p, root))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(p, dst)
        n += 1
open(".dev/families", "w").write(f"{len(fonts.train_families())} {len(fonts.heldout_families())}\n")
print(f"{n} system font files staged; {len(fams)} families ({open('.dev/families').read().strip()} train/held-out)")
PY
cp -L "$(ldconfig -p | awk '/libfribidi.so.0 /{print $NF; exit}')" .dev/lib/libfribidi.so.0
du -sh .dev data/fonts
