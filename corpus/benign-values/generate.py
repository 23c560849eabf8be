#!/usr/bin/env python3
"""Builds values.txt: ordinary request values for measuring false positives of the injection
detectors. Deterministic (fixed seed, sorted inputs): running it again gives the same file.

Parts (see SOURCE.md):
  1. names        - given names x surnames, many with apostrophes, hyphens, particles
  2. addresses    - street addresses, PO boxes, unit numbers in several national styles
  3. prose        - sentences that use SQL words as English (select, or, and, union, drop, ...)
  4. products     - catalogue titles and descriptions with inch/foot marks, quotes, sizes
  5. code-like    - harmless technical text: expressions, paths, versions, markup-free snippets
  6. identifiers  - emails, URLs, dates, times, phone numbers, UUIDs, money, JSON-ish snippets
  7. openapi      - every string value found under example/examples/default/enum/x-example in the
                    OpenAPI descriptions under corpus/openapi-oai and corpus/openapi-real-world

Usage: python3 generate.py   (from this folder; writes values.txt next to this script)
"""
import json
import os
import random
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)
rng = random.Random(20261128)

GIVEN = """James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan
Joseph Jessica Thomas Sarah Charles Karen Siobhan Aoife Niamh Seamus Padraig Ciaran Giuseppe Francesca Luca Chiara
Jean-Luc Marie-Claire Anne-Sophie Zoë Chloé José María Jürgen Søren Åsa Björn Dmitri Olga Wei Mei Hiroshi Yuki
Mohammed Fatima Aisha Omar Priya Rahul Anand Deepa Kwame Ama Chidi Ngozi D'Andre De'Shawn Ja'Marr Le'Veon Sha'Carri
Mo Al Ed Or Andy Ella Orla Ana Dora Sol Una""".split()
SURNAMES = """O'Brien O'Neil O'Connor O'Reilly O'Sullivan O'Malley O'Hara O'Donnell D'Angelo D'Amico D'Arcy D'Souza
DiMaggio McDonald MacLeod McAllister Fitzgerald Smith-Jones Garcia-Lopez van der Berg von Trapp de la Cruz
Dell'Orto Dall'Acqua L'Estrange N'Diaye M'Bala Ng Li Wu Or Union Selby Drummond Anderson Sanderson Fromm Wheeler
Ordway Tableman Grant Case Orderly Byrd Groupman Lime Having Limerick Ander Orr Andrade Del'Orso Nu'uanu Ka'ahumanu
Kaʻiulani Mañana Østergaard Müller-Lüdenscheidt Saint-Exupéry d'Artagnan dos Santos al-Rashid ibn Saud bin Laden""".split()
TITLES = ["", "", "", "Dr. ", "Mr. ", "Mrs. ", "Ms. ", "Prof. ", "Sr. ", "Fr. "]
SUFFIX = ["", "", "", "", " Jr.", " Sr.", " III", ", PhD", ", M.D.", " (she/her)"]


def names():
    out = []
    for g in GIVEN:
        for s in rng.sample(SURNAMES, 9):
            out.append(f"{rng.choice(TITLES)}{g} {s}{rng.choice(SUFFIX)}")
    out += [s for s in SURNAMES]
    out += [f"{s}, {g}" for g, s in zip(GIVEN, rng.sample(SURNAMES * 3, len(GIVEN)))]
    out += ["O'Brien", "D'Angelo", "Y'all", "Jack-O'-Lantern", "Rock 'n' Roll", "Ma'am", "Ne'er-do-well",
            "o'clock", "will-o'-the-wisp", "Hawai'i", "Côte d'Ivoire", "Guinea-Bissau", "Martha's Vineyard"]
    return out


STREETS = """Main Elm Oak Maple Pine Cedar Union Church Market High Station Mill Bridge Water King Queen Victoria
Orchard Selby Grant Drummond O'Connell D'Olier Mary's Saint Patrick's Lover's Farmer's Hunter's Lake Park Hill""".split()
TYPES = ["St", "St.", "Street", "Ave", "Avenue", "Rd", "Road", "Blvd", "Ln", "Lane", "Dr", "Way", "Court", "Place", "Terrace"]
CITIES = ["Springfield, IL 62704", "Dublin 2, Ireland", "Cork T12 X70A", "London SW1A 1AA", "Paris 75001",
          "Berlin 10117", "Union City, NJ 07087", "Orlando, FL 32801", "Portland, OR 97201", "Andover, MA 01810",
          "Selby YO8 4AA", "Grand Union, NY", "Baton Rouge, LA 70801", "Coeur d'Alene, ID 83814",
          "Land O' Lakes, FL 34639", "Lake Havasu City, AZ 86403", "St. John's, NL A1C 5M2"]


def addresses():
    out = []
    for _ in range(700):
        n = rng.randint(1, 9999)
        unit = rng.choice(["", "", "", f", Apt {rng.randint(1, 40)}{rng.choice('ABCD')}", f" #{rng.randint(1, 900)}",
                           f", Suite {rng.randint(100, 999)}", f", Unit {rng.randint(1, 30)}", ", 2nd Floor", ", Flat 3/2"])
        out.append(f"{n} {rng.choice(STREETS)} {rng.choice(TYPES)}{unit}")
        if rng.random() < 0.4:
            out.append(f"{n} {rng.choice(STREETS)} {rng.choice(TYPES)}{unit}, {rng.choice(CITIES)}")
    out += [f"PO Box {rng.randint(1, 99999)}" for _ in range(40)]
    out += [f"c/o {g} {s}, {rng.randint(1, 300)} {rng.choice(STREETS)} {rng.choice(TYPES)}" for g, s in
            zip(rng.sample(GIVEN, 40), rng.sample(SURNAMES * 2, 40))]
    return out


PROSE = [
    "Please select your size from the drop-down menu",
    "Select one or more options and press continue",
    "Select all that apply",
    "(select all that apply)",
    "You can pick red or blue, and we will ship it on Monday",
    "The union meeting is at 5 pm; bring your card",
    "Credit union members get 2% off",
    "Drop off your keys at the front desk",
    "Please drop me a line when you arrive",
    "Drop the table cloth in the laundry bin",
    "I'd like to order by phone, not online",
    "Order by 3 pm for same-day shipping",
    "Sort by price or by rating",
    "Group by colour, then by size",
    "Where is the nearest store?",
    "Where's George?",
    "Insert the card into the slot and wait",
    "Update me when the order ships, or call me",
    "Delete my account and all my data, please",
    "From 9 to 5, Monday to Friday",
    "Join us for dinner at 7 and bring a friend",
    "Having fun? Tell your friends!",
    "Limit 2 per customer",
    "Limit one coupon per order, while supplies last",
    "Between you and me, this is the best one",
    "It's not about the money -- it's about the principle",
    "Don't forget: it's 50% off today only!",
    "He said 'hello' and walked away",
    "She said \"no\" -- then changed her mind",
    "I was born in '85 and moved in '99",
    "Sleep well; see you tomorrow",
    "I need 8 hours of sleep (at least)",
    "Wait for delay notices before you go",
    "Execute the plan as agreed",
    "Declare your goods at customs",
    "The table is 6' long and 3' wide",
    "Exec summary attached; see page 2",
    "Union Station, Track 4",
    "True or false: the earth is round",
    "Null and void",
    "Is it 1 or 2?",
    "Yes and no",
    "Black and white or colour?",
    "This or that, whichever is cheaper",
    "Choose A, B or C",
    "Cash or card?",
    "Shut down the computer before you leave",
    "Grant access to the shared folder, please",
    "Like and subscribe!",
    "Case closed",
    "In case of fire, use the stairs",
    "All in all, a great stay",
    "Not bad at all",
    "If it's raining, we'll meet indoors",
    "Load the dishwasher, then start it",
    "Set the table for six",
    "Create an account or sign in",
    "Alter the hem by 2 inches",
    "Truncated text… read more",
    "Values: honesty, respect, care",
    "Top 10 places to visit in 2024",
    "Begin at the beginning; end at the end",
    "Call me at 5; I'll be home",
    "Show me the money",
    "Use the side door; the front one is locked",
    "Replace the filter every 3 months",
    "Having said that, I agree",
    "As for me and my house",
    "Key to my heart",
    "Thanks!! :) See you at 10:30 -- bring snacks",
    "5 stars - would order again!!!",
    "Rate 1-5 (5 = best)",
    "Q&A at 3pm in room 4",
    "R&D department, 2nd floor",
    "AT&T / T-Mobile / Verizon",
    "Ben & Jerry's",
    "Tom and Jerry (1940)",
    "M*A*S*H",
    "Who's on first?",
    "What's up?",
    "#1 best seller",
    "#hashtag #blessed",
    "Use code SAVE20 at checkout -- expires Friday",
    "1 or 2 tablespoons of sugar",
    "3 to 5 business days",
    "Mix 1 part vinegar and 2 parts water",
    "Between 10 and 20 people",
    "Ages 3 and up",
    "Select from: small, medium, large",
    "Orders from abroad may take longer",
    "Please delete from my cart the second item",
]
SUBJECTS = ["I", "We", "My partner", "The kids", "Our team", "The customer", "Everyone", "Nobody"]
VERBS = ["selected", "ordered", "dropped", "joined", "grouped", "updated", "deleted", "inserted", "declared",
         "executed", "created", "altered", "granted", "loaded", "replaced", "shut down", "limited", "united"]
OBJECTS = ["the blue one", "two items", "the table", "the union", "the order", "our plans", "the old account",
           "a new card", "the files", "the group", "3 tickets", "the 'premium' plan", "the \"deluxe\" box",
           "O'Brien's order", "a 6' ladder", "the 12\" pizza"]
TAILS = ["", ".", "!", " yesterday.", " and it arrived late.", " or so I thought.", " -- twice.", "; thanks!",
         " (again).", ", but it didn't work.", " and then we left."]


def prose():
    out = list(PROSE)
    for _ in range(900):
        out.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}")
    return out


ITEMS = ["T-shirt", "Hoodie", "Poster", "Frame", "Necklace", "Ladder", "Table runner", "Pillow", "Rug", "Mug",
         "Cable", "Monitor", "Drill bit", "Shelf", "Dress", "Jeans", "Boots", "Tent", "Sleeping bag", "Union Jack flag"]
ADJ = ["Vintage", "Men's", "Women's", "Kids'", "Hand-made", "Organic", "Heavy-duty", "Limited edition", "Classic",
       "Select", "Premium", "Drop-shoulder", "Select-fit", "All-weather", "Grand Union"]


def products():
    out = []
    for _ in range(700):
        w, h = rng.randint(2, 60), rng.randint(2, 80)
        size = rng.choice([f'{w}" x {h}"', f"{w}' x {h}'", f"{w} x {h} cm", f"{w}\"", f"{w}'{rng.randint(0, 11)}\"",
                           f"size {rng.choice(['S', 'M', 'L', 'XL', '10', '12'])}", f"{w} oz", f"{w}-pack"])
        extra = rng.choice(["", " - free shipping", " (set of 2)", " w/ gift box", " -- sale!", ", 100% cotton",
                            " and matching case", " or similar", " #2", ", 2nd edition", " 'as new'", ' "like new"'])
        out.append(f"{rng.choice(ADJ)} {rng.choice(ITEMS)} {size}{extra}")
    out += ['MATS 5" BY 7"', "12\" or 14\" pizza", "3/4\" drill bit", "1/2 lb burger", "6'2\" tall",
            "Rock 'n' Roll Hall of Fame tee", "Levi's 501 jeans", "Kellogg's Corn Flakes 500g",
            "Ben & Jerry's Chunky Monkey", "Children's book: 'Where's Wally?'", "The Hitchhiker's Guide"]
    return out


def code_like():
    out = ["a = b + c", "x == y", "i++", "if (x > 3) return y;", "foo(bar)", "array[0]", "user.name",
           "C#", "C++", "F#", "x -- y", "^[a-z]+$", "\\d{3}-\\d{4}", "/usr/local/bin",
           "C:\\Program Files\\App", "~/.bashrc", "npm install --save-dev", "git commit -m 'fix'",
           "docker run -p 8080:80 nginx", "ls -la | grep log", "SELECT-ALL button", "ORDER-123", "DROP-45",
           "v1.2.3", "1.0.0-beta+exp.sha.5114f85", "#FF5733", "rgb(255, 87, 51)", "calc(100% - 20px)",
           "margin: 0 auto;", "font-family: 'Helvetica Neue', sans-serif", "Ctrl+Alt+Del", "Cmd+Shift+4",
           "2 + 2 = 4", "E = mc^2", "a^2 + b^2 = c^2", "f(x) = 3x + 1", "sin(x)/x", "n! / (k! * (n-k)!)",
           "x >= 10 && y <= 5", "50% off", "100%", "3 < 5 > 1", "1/2 cup", "key=value", "a|b|c",
           "name:john", "@john_doe", "@@handle", "$5.99", "$$$", "€10,00", "user@example.com", "<not html>",
           "==> next", "-->", "<--", "/* note */", "TODO: fix", "// comment", "#include", "select_all()",
           "union_find", "drop_shadow", "order_by_date", "is_null", "not_found", "and_then", "or_else"]
    for _ in range(250):
        a, b = rng.randint(0, 999), rng.randint(0, 999)
        out.append(rng.choice([f"{a} + {b}", f"{a}-{b}", f"{a}x{b}", f"{a} / {b}", f"({a}, {b})", f"[{a}, {b}]",
                               f"{a}..{b}", f"{a}:{b}", f"v{a}.{b}", f"#{a}", f"{a}%", f"~{a}", f"{a} * {b}"]))
    return out


def identifiers():
    out = []
    for _ in range(300):
        g = rng.choice(GIVEN).lower().replace("'", "").replace("é", "e")
        s = rng.choice(SURNAMES).lower().replace("'", "")
        out.append(rng.choice([f"{g}.{s}@example.com", f"{g}+news@mail.example.org", f"{g[0]}{s}@corp.example",
                               f"{g}_{rng.randint(1, 99)}@example.net", f"\"{g} {s}\" <{g}@example.com>"]))
    for _ in range(300):
        out.append(rng.choice([
            f"https://www.example.com/products/{rng.randint(1, 9999)}?ref=home&sort=price",
            f"https://shop.example.org/search?q={rng.choice(['red+dress', 'union+jack', 'select+fit', 'drop+earrings'])}&page={rng.randint(1, 9)}",
            f"http://localhost:{rng.randint(1024, 65535)}/api/v1/orders/{rng.randint(1, 500)}",
            f"/images/{rng.randint(1, 999)}/thumb.jpg", f"ftp://files.example.net/pub/{rng.randint(1, 99)}.tar.gz",
            f"https://example.com/#section-{rng.randint(1, 20)}",
            f"mailto:{rng.choice(GIVEN).lower().replace(chr(39), '')}@example.com"]))
    for _ in range(300):
        y, m, d = rng.randint(1950, 2030), rng.randint(1, 12), rng.randint(1, 28)
        out.append(rng.choice([f"{y}-{m:02d}-{d:02d}", f"{m}/{d}/{y % 100:02d}", f"{d}.{m}.{y}",
                               f"{y}-{m:02d}-{d:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
                               f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(['AM', 'PM'])}",
                               f"+1 ({rng.randint(200, 999)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
                               f"+353 {rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                               f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-4{rng.getrandbits(12):03x}-a{rng.getrandbits(12):03x}-{rng.getrandbits(48):012x}",
                               f"${rng.randint(1, 9999)}.{rng.randint(0, 99):02d}",
                               f"{y}--{y + rng.randint(1, 9)}",
                               f"{rng.randint(1, 99)}-{rng.randint(1, 99)}"]))
    for _ in range(200):
        k = rng.choice(["name", "select", "order", "union", "or", "and", "where", "from", "drop"])
        v = rng.choice(["\"O'Brien\"", "1", "true", "null", "\"a or b\"", "[1, 2, 3]", "{\"x\": 1}", "\"drop zone\""])
        out.append(rng.choice([f"{{\"{k}\": {v}}}", f"[{v}, {v}]", f"{{\"{k}\":{v},\"id\":{rng.randint(1, 99)}}}"]))
    return out


def openapi_values():
    out = set()

    def walk(node, under_example):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, under_example or k in ("example", "examples", "default", "enum", "x-example", "value"))
        elif isinstance(node, list):
            for v in node:
                walk(v, under_example)
        elif isinstance(node, str) and under_example:
            line = node.strip()
            if line and "\n" not in line and "\r" not in line and len(line) <= 300:
                out.add(line)

    for folder in ("openapi-oai", "openapi-real-world"):
        for root, _, files in sorted(os.walk(os.path.join(CORPUS, folder))):
            for f in sorted(files):
                path = os.path.join(root, f)
                try:
                    with open(path, encoding="utf-8") as fh:
                        doc = json.load(fh) if f.endswith(".json") else yaml.safe_load(fh) if f.endswith((".yaml", ".yml")) else None
                except Exception:  # noqa: BLE001 - a description that does not parse contributes nothing
                    continue
                walk(doc, False)
    return sorted(out)


def main():
    parts = [names(), addresses(), prose(), products(), code_like(), identifiers(), openapi_values()]
    seen = set()
    lines = []
    for part in parts:
        for v in part:
            v = v.replace("\n", " ").replace("\r", " ")
            if v and v not in seen:
                seen.add(v)
                lines.append(v)
    with open(os.path.join(HERE, "values.txt"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"{len(lines)} values", file=sys.stderr)


if __name__ == "__main__":
    main()
