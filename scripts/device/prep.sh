#!/usr/bin/env bash
# Stage, on this machine, what a lent GPU machine needs to render and train the Thai recognizer
# (issue 3; docs/experiments/device-training.md), in .dev/ (git-ignored through info/exclude):
#   - fonts.tar.xz: every font file the training and held-out families resolve to, and DejaVu
#     Sans (the renderer's Latin fallback): Debian's under sys/, data/fonts' under data/ (xz: 8 MB
#     instead of 20.5; a call may send 64 MiB, the tracked tree is ~45 MiB);
#   - families: how many training and held-out families resolve here (the device run checks it);
#   - lib/libfribidi.so.0: Pillow's raqm layout loads it at run time;
#   - warm_start.pt: the shipped recognizer's checkpoint (m5 step 16000), which is kept in git
#     history only (docs/experiments/checkpoints.md), the device run's default warm start.
# Then it adds up what a call would send. Costs no device time.
#   bash scripts/device/prep.sh        # then: run(command="bash scripts/device/train.sh",
#                                      #            carry=[".dev"], timeout_s=590)
set -euo pipefail
cd "$(dirname "$0")/../.."
exclude=$(git rev-parse --git-path info/exclude)  # a worktree's .git is a file
grep -qx '/.dev/' "$exclude" 2>/dev/null || echo '/.dev/' >> "$exclude"
rm -rf .dev && mkdir -p .dev/lib
python - <<'PY'
import tarfile
from pathlib import Path
from scripts.synthesis.thai import fonts, render
files = {render.DEFAULT_FALLBACK}
for fam in fonts.train_families() + fonts.heldout_families():
    for face in fonts.faces(fam):
        files.update(p for p in (face.path, face.fallback) if p)
roots = {"sys": Path("/usr/share/fonts/truetype"), "data": fonts.PYPI_DIR.resolve()}
with tarfile.open(".dev/fonts.tar.xz", "w:xz", preset=9) as tf:
    for p in sorted(Path(f).resolve() for f in files):
        name = next((f"{k}/{p.relative_to(r)}" for k, r in roots.items() if p.is_relative_to(r)), None)
        if name is None:
            raise SystemExit(f"font outside the known folders: {p}")
        tf.add(p, arcname=name)
fams = f"{len(fonts.train_families())} {len(fonts.heldout_families())}"
Path(".dev/families").write_text(fams + "\n")
print(f"{len(files)} font files staged; families (train, held-out): {fams}")
PY
WARM_START=${WARM_START:-8fadfa7:training/thai_rec_m5/step16000.pt}  # commit:path in git history
git show "$WARM_START" > .dev/warm_start.pt
cp -L "$(ldconfig -p | awk '/libfribidi.so.0 /{print $NF; exit}')" .dev/lib/libfribidi.so.0
tree=$(git ls-files -z | xargs -0 stat -c %s | awk '{s+=$1} END {print s}')
extra=$(git ls-files -z --others --exclude-standard | xargs -0 -r stat -c %s | awk '{s+=$1} END {print s+0}')
dev=$(du -sb .dev | cut -f1)
total=$((tree + extra + dev))
echo "a call sends ~$((total / 1048576)) MiB: tracked $((tree / 1048576)), untracked $((extra / 1048576)), .dev $((dev / 1048576)) (limit 64)"
[ "$total" -lt $((64 * 1048576)) ] || { echo "over the 64 MiB a call may send: see docs/experiments/checkpoints.md"; exit 1; }
