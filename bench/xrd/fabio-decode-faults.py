#!/usr/bin/python3
"""What fabio's decode-only figure measures: decodes the bench subset 3 times with fabio's dec_cbf32 and
prints per-round wall and CPU medians and the process's minor page faults. A fresh 10 MB output array per
call would fault about 2,400 pages each time; glibc hands numpy the block it just freed, so it does not.
Usage: fabio-decode-faults.py [DIR]   (DIR: the bench's subset20, default $TMPDIR/beamflow-xrd-bench/subset20)
"""
import glob, os, re, resource, statistics as st, sys, tempfile, time
from fabio.ext import byte_offset

d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(tempfile.gettempdir(), "beamflow-xrd-bench", "subset20")
blobs = []
for f in sorted(glob.glob(os.path.join(d, "*.cbf"))):
    raw = open(f, "rb").read()
    i = raw.find(b"\x0c\x1a\x04\xd5")
    n = int(re.search(rb"X-Binary-Size:\s*(\d+)", raw[:i]).group(1))
    blobs.append(raw[i + 4:i + 4 + n])
npix = 1679 * 1475
faults0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(3):
    wall, cpu = [], []
    for b in blobs:
        t, c = time.perf_counter(), time.process_time()
        byte_offset.dec_cbf32(b, npix)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
    print("wall median %.2f ms, min %.2f ms, cpu median %.2f ms" % (1e3 * st.median(wall), 1e3 * min(wall), 1e3 * st.median(cpu)))
print("minor page faults: %d during the decodes, %d in all" % (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults0, resource.getrusage(resource.RUSAGE_SELF).ru_minflt))
