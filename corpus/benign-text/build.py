#!/usr/bin/env python3
"""Rebuilds openapi-strings.txt and generated.txt (handwritten.txt is edited by hand).

Run from the repository root: python3 corpus/benign-text/build.py
Deterministic: the same inputs give the same files.
"""
import glob
import hashlib
import itertools
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TEXT_KEYS = {"description", "summary", "title", "example", "x-example", "default"}


def strings(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v, key)
    elif isinstance(node, str) and key in TEXT_KEYS:
        yield node


def openapi_strings(limit=6000):
    seen = set()
    for path in sorted(glob.glob(os.path.join(ROOT, "corpus", "openapi-real-world", "**", "*.json"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for text in strings(doc):
            for line in text.replace("\r", "\n").split("\n"):
                line = line.strip()
                if 3 <= len(line) <= 300:
                    seen.add(line)
    # A stable sample, spread over all documents: order by a hash of the text.
    ordered = sorted(seen, key=lambda s: hashlib.sha256(s.encode("utf-8")).hexdigest())
    return ordered[:limit]


FIRST = ["Anne", "Brian", "Chloé", "Dmitri", "Eoin", "Fatima", "Grace", "Hiro", "Ines", "Jamal", "Kerry-Ann", "Liam",
         "Mei", "Nuala", "Óscar", "Priya", "Quinn", "Rory", "Saoirse", "Tomás"]
LAST = ["O'Brien", "D'Souza", "McDonald", "O'Neill", "Smith-Jones", "van der Berg", "D'Amico", "Ó Súilleabháin",
        "L'Estrange", "Nguyen", "O'Connor", "De'Ath", "Müller", "García", "N'Dour"]
DOMAINS = ["example.com", "example.org", "mail.example.net", "corp.example.co.uk"]
PRODUCTS = ["kettle", "backpack", "desk lamp", "onion slicer", "online course", "script notebook", "USB-C cable",
            "garden hose", "yoga mat", "coffee grinder"]
ADJ = ["durable", "lightweight", "stainless", "eco-friendly", "compact", "hand-made"]


def generated():
    out = []
    for f, l in itertools.product(FIRST, LAST):
        local = (f + "." + l).lower().replace("'", "").replace(" ", "")
        d = DOMAINS[len(out) % len(DOMAINS)]
        out.append(f"{f} {l}")
        out.append(f"{f} {l} <{local}@{d}>")
        out.append(f"\"{l}, {f}\" <{local}@{d}>")
    for i, (p, a) in enumerate(itertools.product(PRODUCTS, ADJ)):
        out.append(f"A {a} {p} - rated {3 + i % 3}/5 (<{10 + i} days delivery, >{90 + i % 10}% satisfied)")
        out.append(f"The {p}'s handle is {a}; price < ${20 + i} & weight > {i % 7 + 1} kg")
        out.append(f"{p.title()}: {a}, {i % 4 + 1}-pack. Use it online or offline; it's {a}!")
    for a, b in itertools.product(range(1, 21), range(2, 12)):
        out.append(f"x{a} < {b * 3} and y{b} > {a} so {a} <= {a + b}")
        out.append(f"if (i < {a}) {{ total += {b}; }} // loop {a}")
    for n in range(1, 101):
        out.append(f"{n} Main St, Apt {n % 9 + 1}B, Springfield <ZIP {10000 + n * 37}>")
        out.append(f"Re: order #{n * 113} - \"{FIRST[n % 20]}'s\" return request (ref <{n:04d}>)")
    return out


def write(name, lines):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")


if __name__ == "__main__":
    write("openapi-strings.txt", openapi_strings())
    write("generated.txt", generated())
