#!/usr/bin/env python3
"""Writes apps/vn_places.inc, the place names the petition generator (`pakn gen`) draws from.

Usage: scripts/gen-places.py UNITS_JSON [--out apps/vn_places.inc] [--max-wards 30]
                             [--license LICENSE-units]

UNITS_JSON is units-2026-07-25.json, the 34 provinces and 3,321 wards after the 2025
reorganization (see data/vn-admin-units/README.md). It comes from the public repository
thanglequoc/vietnamese-provinces-database under the MIT licence, copyright (c) 2021 Thang Le Quoc
(data/vn-admin-units/LICENSE-units). The generated file contains a subset of that data, so it
carries the copyright and permission notice in full (read from --license, by default the
LICENSE-units file beside UNITS_JSON), as the MIT licence requires.

The program must not read the data set at run time, so the subset is compiled in. Every province
is kept; wards are sampled evenly over each province's code-sorted list (so both phường and xã,
urban and rural, are represented) to keep the file small. The output is deterministic: same
input and options, same bytes.

The latitude/longitude of each province's administrative centre is not in the data set; the
approximate values below were entered by hand and are only meant to place synthetic petitions
roughly in the right province (the generator adds jitter).
"""

import argparse
import json
import os
import sys
import unicodedata

# Province code -> approximate (lat, lon) of the administrative centre, degrees.
CENTRES = {
    "01": (21.0285, 105.8542), "04": (22.6657, 106.2577), "08": (21.8236, 105.2142),
    "11": (21.3860, 103.0230), "12": (22.3964, 103.4582), "14": (21.3256, 103.9188),
    "15": (21.7229, 104.9113), "19": (21.5942, 105.8482), "20": (21.8537, 106.7615),
    "22": (20.9517, 107.0800), "24": (21.2731, 106.1946), "25": (21.3227, 105.4020),
    "31": (20.8449, 106.6881), "33": (20.6464, 106.0511), "37": (20.2506, 105.9745),
    "38": (19.8067, 105.7852), "40": (18.6796, 105.6813), "42": (18.3428, 105.9057),
    "44": (17.4689, 106.6223), "46": (16.4637, 107.5909), "48": (16.0544, 108.2022),
    "51": (15.1214, 108.8044), "52": (13.7830, 109.2197), "56": (12.2388, 109.1967),
    "66": (12.6667, 108.0500), "68": (11.9404, 108.4583), "75": (10.9574, 106.8427),
    "79": (10.7769, 106.7009), "80": (10.5359, 106.4137), "82": (10.3600, 106.3600),
    "86": (10.2537, 105.9722), "91": (10.0125, 105.0809), "92": (10.0452, 105.7469),
    "96": (9.1769, 105.1524),
}


def c_string(text):
    """A C++ string literal; the text is UTF-8 NFC without quotes or backslashes in practice,
    but escape them anyway so odd input cannot break the build."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fix_full_name(full_name):
    # The source writes one ward as "xã Bắc Sơn"; every other full name starts with a
    # capitalized unit type, and petitions copy the name verbatim.
    return full_name[:1].upper() + full_name[1:]


def sample(items, limit):
    if limit <= 0 or len(items) <= limit:
        return list(items)
    # Evenly spaced indices, first and last included.
    return [items[(i * (len(items) - 1)) // (limit - 1)] for i in range(limit)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("units_json")
    parser.add_argument("--out", default="apps/vn_places.inc")
    parser.add_argument("--max-wards", type=int, default=30,
                        help="wards kept per province (0 = all)")
    parser.add_argument("--license", help="the data's licence (default: LICENSE-units beside "
                        "UNITS_JSON)")
    args = parser.parse_args()
    license_path = args.license or os.path.join(os.path.dirname(os.path.abspath(args.units_json)),
                                                "LICENSE-units")
    with open(license_path, encoding="utf-8") as f:
        license_text = f.read().strip()
    if "Thang Le Quoc" not in license_text:
        sys.exit(f"{license_path} does not look like the data's licence")

    with open(args.units_json, encoding="utf-8") as f:
        provinces = json.load(f)
    provinces.sort(key=lambda p: p["Code"])
    if len(provinces) != 34:
        sys.exit(f"expected 34 provinces, found {len(provinces)}")

    def nfc(s):
        return unicodedata.normalize("NFC", s)

    province_rows, ward_rows = [], []
    for p in provinces:
        code = p["Code"]
        if code not in CENTRES:
            sys.exit(f"no centre coordinates for province {code} {p['Name']}")
        wards = sorted(p["Wards"], key=lambda w: w["Code"])
        chosen = sample(wards, args.max_wards)
        lat, lon = CENTRES[code]
        # The slug feeds synthetic host names such as dichvucong.hanoi.gov.vn.
        slug = p["CodeName"].replace("_", "")
        province_rows.append(
            f"    {{{c_string(code)}, {c_string(nfc(p['FullName']))}, "
            f"{c_string(nfc(p['Name']))}, {c_string(slug)}, "
            f"{round(lat * 1e6)}, {round(lon * 1e6)}, {len(ward_rows)}, {len(chosen)}}},")
        for w in chosen:
            ward_rows.append(
                f"    {{{c_string(w['Code'])}, {c_string(nfc(fix_full_name(w['FullName'])))}, "
                f"{c_string(nfc(w['Name']))}}},")

    license_comment = "\n".join(("//   " + line).rstrip() for line in license_text.splitlines())
    header = f"""\
// GENERATED by scripts/gen-places.py from units-2026-07-25.json; do not edit by hand.
//   scripts/gen-places.py UNITS_JSON --out apps/vn_places.inc --max-wards {args.max_wards}
// Vietnamese administrative units after the 2025 reorganization: all 34 provinces and up to
// {args.max_wards} wards each ({len(ward_rows)} wards in total).
// Data: public repository thanglequoc/vietnamese-provinces-database, file
// json/simplified_json_generated_data_vn_units_2026-07-25__20_49_07.json (see
// data/vn-admin-units/README.md), under this licence:
//
{license_comment}
//
// Centre coordinates are hand-entered approximations (micro-degrees), not part of that data.
// Strings are UTF-8 (NFC); the including file defines VnProvince and VnWard.
"""
    body = ("inline constexpr VnProvince kVnProvinces[] = {\n" + "\n".join(province_rows) +
            "\n};\n\ninline constexpr VnWard kVnWards[] = {\n" + "\n".join(ward_rows) + "\n};\n")
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(header + "\n" + body)
    print(f"{args.out}: {len(province_rows)} provinces, {len(ward_rows)} wards", file=sys.stderr)


if __name__ == "__main__":
    main()
