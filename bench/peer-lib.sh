# bench/peer-lib.sh — sourced by peer.sh and peer-write.sh: one measured
# run of a command, and the figures of a row.

# one <dir> <codes> <cmd...>: runs cmd once in dir, prints "<ms> <KiB>",
# or nothing when it fails (measure says why on stderr).
one() {
	d=$1 codes=$2
	shift 2
	(cd "$d" && "$BENCH_BIN/measure" -e "$codes" 1 -- "$@") |
	    sed -n 's/.*median_ms=\([^ ]*\).*peak_rss_kib=\([^ ]*\).*/\1 \2/p'
}

# stats <file of "ms KiB" lines>: "<median ms> <min ms> <max ms> <peak KiB>".
stats() {
	sort -n "$1" | awk '{ ms[NR] = $1; if ($2 > kib) kib = $2 }
	    END { if (NR == 0) { print "ERR ERR ERR ERR"; exit }
		m = NR % 2 ? ms[(NR + 1) / 2] : (ms[NR / 2] + ms[NR / 2 + 1]) / 2
		printf "%.1f %.1f %.1f %d\n", m, ms[1], ms[NR], kib }'
}
