#!/usr/bin/env bash
# Cold fraud runs on the committed sample, one per orchestrator / DirectRunner mode.
# Prints per-component and total wall time and the peak RSS of the main process.
set -euo pipefail
cd "$(dirname "$0")/.."
out_root="${1:-$(mktemp -d)}"
configs=(
  "local|--direct_running_mode=in_memory --direct_num_workers=1"
  "local|--direct_running_mode=multi_threading --direct_num_workers=2"
  "local|--direct_running_mode=multi_processing --direct_num_workers=2"
  "beam|--direct_running_mode=in_memory --direct_num_workers=1"
)
for config in "${configs[@]}"; do
  orchestrator="${config%%|*}"
  beam_args="${config#*|}"
  out="$out_root/$orchestrator-$(echo "$beam_args" | tr -c 'a-z0-9' '_')"
  rm -rf "$out"
  /usr/bin/time -f "peak_rss_kb %M" .venv/bin/python -m pipelines run --domain fraud \
    --orchestrator "$orchestrator" --beam-args "$beam_args" --output-dir "$out" > "$out.txt" 2>&1
  echo "== --orchestrator $orchestrator --beam-args '$beam_args'"
  grep -E "finished in|wall time|peak_rss_kb" "$out.txt"
done
