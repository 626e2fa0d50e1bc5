#!/usr/bin/env bash
# One training run of the Thai recognizer on a lent GPU machine, inside one device `run` call
# (a call may last 10 minutes; docs/experiments/device-training.md). Renderers fill data/thai_rec with fresh
# training shards on all but two cores while the trainer reads them; the run stops, checkpointed,
# after TRAIN_MIN minutes, and its checkpoints and log land in $OUT/$RUN (fetched back by the tool).
# Stage first, here: bash scripts/device/prep.sh. Any variable below can be set in front of the call.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/device_out}
RUN=${RUN:-thai_rec_dev}                      # the run's folder under $OUT
ARCH=${ARCH:-crnn_m}
INIT=${INIT-.dev/warm_start.pt}              # warm start, staged by prep.sh (INIT= : from scratch)
TRAIN_MIN=${TRAIN_MIN:-7.5}
TOTAL_STEPS=${TOTAL_STEPS:-16000}             # the cosine's length (the run stops on time before)
LR=${LR:-4e-4}
START=${START:-3000}                          # first shard index: samples no earlier cycle saw
WORKERS=${WORKERS:-$(( $(nproc) > 3 ? $(nproc) - 2 : 1 ))}
TRAIN_ARGS=${TRAIN_ARGS:---hard-aug 0.2 --shear-aug 0.25 --glare-aug 0.1}
PY=${PY:-python3}
export PYTHONUNBUFFERED=1
[ -d .dev/lib ] && export LD_LIBRARY_PATH="$PWD/.dev/lib:${LD_LIBRARY_PATH:-}"
if [ -f .dev/fonts.tar.xz ]; then  # staged by scripts/device/prep.sh: Debian's fonts, then data/fonts
  mkdir -p /tmp/devfonts /usr/share/fonts/truetype data/fonts
  tar -C /tmp/devfonts -xJf .dev/fonts.tar.xz
  cp -rn /tmp/devfonts/sys/. /usr/share/fonts/truetype/
  cp -rn /tmp/devfonts/data/. data/fonts/
fi
mkdir -p "$OUT/$RUN" data/thai_rec
trap 'pkill -f scripts.synthesis.thai.dataset || true' EXIT  # the renderers outlive a failed step otherwise
$PY - <<'PY'
from PIL import features
assert features.check("raqm"), "Pillow's raqm layout is missing: Thai marks would not stack (libfribidi?)"
from scripts.synthesis.thai import fonts
got = f"{len(fonts.train_families())} {len(fonts.heldout_families())}"
want = open(".dev/families").read().strip() if __import__("os").path.exists(".dev/families") else got
assert got == want, f"font families found {got}, staged {want} (train/held-out): not the same data"
import torch
print("families", got, "| cuda", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")
PY
[ -f data/thai_rec/val_00000.pkl ] || \
  setsid nohup $PY -m scripts.synthesis.thai.dataset --out data/thai_rec --split val --balanced > "$OUT/$RUN/render_val.log" 2>&1 &
for w in $(seq 0 $((WORKERS - 1))); do
  setsid nohup $PY -m scripts.synthesis.thai.dataset --out data/thai_rec --split train --start $((START + w)) \
    --step "$WORKERS" --count 1000 > "$OUT/$RUN/render_$w.log" 2>&1 &
done
for _ in $(seq 120); do [ -f data/thai_rec/val_00000.pkl ] && break; sleep 1; done
# shellcheck disable=SC2086  # TRAIN_ARGS is a list of options
$PY -m scripts.training.train_recognizer --arch "$ARCH" --out "$OUT/$RUN" --data data/thai_rec \
  --opt-state /tmp/opt_state.pt ${INIT:+--init "$INIT"} --lr "$LR" --warmup 100 \
  --total-steps "$TOTAL_STEPS" --val-every 1000 --ckpt-minutes 2 --threads 2 \
  --max-minutes "$TRAIN_MIN" --wait-for-data 120 $TRAIN_ARGS 2>&1 | tail -n 40
pkill -f "scripts.synthesis.thai.dataset" || true
echo "train shards rendered: $(find data/thai_rec -name 'train_*.pkl' | wc -l)"
# the render logs are many small files: one summary instead (the tool fetches at most 8 files)
tail -q -n 1 "$OUT/$RUN"/render_*.log > "$OUT/$RUN/renders.txt" 2>/dev/null || true
rm -f "$OUT/$RUN"/render_*.log
ls -la "$OUT/$RUN"
