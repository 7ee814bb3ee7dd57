#!/usr/bin/env python3
"""Rebuilds cities.tsv.gz from reverse_geocoder's cities.csv (see ATTRIBUTION.md).

Usage: python3 vendor.py path/to/reverse_geocoder-4.1.1/cities.csv

Output columns (tab-separated, one place a line, source order kept):
name, admin1, country code, lat, lon, prominence
where prominence is the number of other places of the file within 15 km: the file has no
population column, and a place surrounded by many listed places is the core of a larger
urban area. The gazetteer uses it only to break ties between places of the same name.

Names and admin1 names never contain a comma, so that "City, Admin1, Country" always splits
back into its parts: "Washington, D.C." becomes the city "Washington" in the admin1
"District of Columbia" (as LinkedIn writes it), and any other comma becomes " - ".
"""
import csv
import gzip
import math
import re
import sys
from collections import defaultdict

RADIUS_KM = 15.0
CELL_DEG = 0.5


def haversine_km(a, b):
    la1, lo1 = map(math.radians, a)
    la2, lo2 = map(math.radians, b)
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def without_commas(text):
    return re.sub(r"\s*,\s*", " - ", text.strip())


def main(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    points = [(float(r["lat"]), float(r["lon"])) for r in rows]
    grid = defaultdict(list)
    cell = lambda p: (math.floor(p[0] / CELL_DEG), math.floor(p[1] / CELL_DEG))
    for i, p in enumerate(points):
        grid[cell(p)].append(i)
    out = []
    for i, (r, p) in enumerate(zip(rows, points)):
        cy, cx = cell(p)
        near = sum(
            1
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
            for j in grid.get((cy + dy, cx + dx), ())
            if j != i and haversine_km(p, points[j]) <= RADIUS_KM
        )
        name, admin1 = r["name"], r["admin1"]
        if (name, admin1, r["cc"]) == ("Washington, D.C.", "Washington, D.C.", "US"):
            name, admin1 = "Washington", "District of Columbia"
        name, admin1 = without_commas(name), without_commas(admin1)
        fields = [name, admin1, r["cc"], r["lat"], r["lon"], str(near)]
        assert not any("\t" in x or "\n" in x for x in fields), fields
        out.append("\t".join(fields))
    with gzip.GzipFile("cities.tsv.gz", "wb", compresslevel=9, mtime=0) as g:
        g.write(("\n".join(out) + "\n").encode("utf-8"))


if __name__ == "__main__":
    main(sys.argv[1])
