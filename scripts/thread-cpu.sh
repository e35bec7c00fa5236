#!/usr/bin/env bash
# CPU time of a running JVM's threads over a window, grouped by thread name without its number
# (the six "projection-*" runners, "vert.x-eventloop-thread-*", "ranking-*", ...), from
# /proc/PID/task/*/stat: user and system ticks, so time in the kernel shows too. Linux only.
#
#   scripts/thread-cpu.sh PID [SECONDS]      e.g. during a bench: scripts/thread-cpu.sh $(pgrep -f BenchCli) 12
set -euo pipefail
pid="${1:?usage: scripts/thread-cpu.sh PID [SECONDS]}"
seconds="${2:-10}"
[ -d "/proc/$pid/task" ] || { echo "thread-cpu: no process $pid" >&2; exit 1; }
hz="$(getconf CLK_TCK)"
snapshot() { # tid name utime stime; the name is cut at 15 characters by the kernel
  for t in /proc/"$pid"/task/*; do
    stat="$(cat "$t/stat" 2>/dev/null)" || continue
    name="${stat#*(}"; name="${name%)*}"
    read -r -a f <<< "${stat##*) }"
    echo "${t##*/} ${name// /_} ${f[11]} ${f[12]}"
  done
}
before="$(snapshot)"
sleep "$seconds"
after="$(snapshot)"
awk -v hz="$hz" -v secs="$seconds" '
  NR == FNR { u[$1] = $3; s[$1] = $4; next }
  {
    group = $2; sub(/[-#]?[0-9]+$/, "", group)
    du = $3 - u[$1]; ds = $4 - s[$1]
    total[group] += du + ds; sys[group] += ds; all += du + ds
  }
  END {
    printf "%.2f cores over %d s\n", all / hz / secs, secs
    for (g in total) if (total[g] > 0) printf "%6.3f cores  %5.1f%%  (system %5.3f)  %s\n", total[g] / hz / secs, 100 * total[g] / all, sys[g] / hz / secs, g
  }' <(echo "$before") <(echo "$after") | sort -k1,1nr
