#!/usr/bin/env python3
"""peak-rss.py FILE COMMAND [ARG...] — runs COMMAND and writes its peak
resident memory, in KiB, to FILE.

The command inherits standard input and output, and its exit status is
this script's, so it can stand in for the command itself (a test wraps
prio, or the command in a git hook, with it).  The peak is getrusage's
ru_maxrss of the waited-for child, the figure `/usr/bin/time -v` calls
"Maximum resident set size"; python3 is already needed by the tests,
GNU time is not.
"""
import resource
import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit("usage: peak-rss.py FILE COMMAND [ARG...]")
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc if rc >= 0 else 128 - rc)
