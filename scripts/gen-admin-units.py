#!/usr/bin/env python3
"""Writes data/vn-admin-units/admin-units.inc, the administrative units the place index compiles in.

Usage: scripts/gen-admin-units.py UNITS_JSON OLD_TO_NEW_JSON
                                  [--out data/vn-admin-units/admin-units.inc]

UNITS_JSON is units-2026-07-25.json (the 34 provinces and 3,321 wards after the 2025
reorganization, from thanglequoc/vietnamese-provinces-database, MIT, LICENSE-units).
OLD_TO_NEW_JSON is old-to-new-2025-07-01.json (for each pre-2025 province, island district and
commune/ward, the new unit(s) it went into, from dvhcvn/20250701, MIT, LICENSE-old-to-new).
See data/vn-admin-units/README.md. The output holds all of the new units and, from the mapping,
every old unit's code, full name, province and new codes, so it carries both copyright and
permission notices in full (read from the LICENSE-* files beside each input), as MIT requires.

The program must not read the data set at run time, so the data is compiled in. The output is
deterministic (same inputs, same bytes) and checked: 34 provinces, 3,321 wards, every new code
the mapping names must exist.

Repairs, reported on stderr: the two sources disagree on two new codes (the mapping says 06970
for Xã Ba Chẽ and 23737 for Xã Ia Mơ, the unit list 06978 and 23938); a split whose code is not
in the unit list is resolved by its name within the new province, and the script fails if that
is not unique. One unit is written "xã Bắc Sơn"; its type is capitalized.
"""

import argparse
import json
import os
import sys
import unicodedata

WARD_TYPES = ("Phường", "Xã", "Đặc khu")


def nfc(s):
    return unicodedata.normalize("NFC", s)


def c_string(text):
    """A C++ string literal; escape quotes and backslashes so odd input cannot break the build."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read_license(data_path, name, must_contain):
    path = os.path.join(os.path.dirname(os.path.abspath(data_path)), name)
    with open(path, encoding="utf-8") as f:
        text = f.read().strip()
    if must_contain not in text:
        sys.exit(f"{path} does not look like the data's licence")
    return "\n".join(("//   " + line).rstrip() for line in text.splitlines())


def split_type(full_name, name):
    """("Phường", "Ba Đình") from "Phường Ba Đình"; the type must be a known one."""
    full_name = full_name[:1].upper() + full_name[1:]
    if not full_name.endswith(" " + name):
        sys.exit(f"full name {full_name!r} does not end with name {name!r}")
    unit_type = full_name[: -len(name) - 1]
    if unit_type not in WARD_TYPES:
        sys.exit(f"unknown unit type {unit_type!r} in {full_name!r}")
    return unit_type


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("units_json")
    parser.add_argument("old_to_new_json")
    parser.add_argument("--out", default="data/vn-admin-units/admin-units.inc")
    args = parser.parse_args()
    units_license = read_license(args.units_json, "LICENSE-units", "Thang Le Quoc")
    mapping_license = read_license(args.old_to_new_json, "LICENSE-old-to-new", "dvhcvn")

    with open(args.units_json, encoding="utf-8") as f:
        provinces = sorted(json.load(f), key=lambda p: p["Code"])
    with open(args.old_to_new_json, encoding="utf-8") as f:
        old_provinces = sorted(json.load(f)["data"], key=lambda p: p["level1_id"])

    province_rows, ward_rows = [], []
    ward_province = {}    # new ward code -> new province code
    ward_by_name = {}     # (new province code, NFC full name) -> [new ward codes]
    for p in provinces:
        province_rows.append(f"    {{{c_string(p['Code'])}, {c_string(nfc(p['Name']))}, "
                             f"{c_string(nfc(p['FullName']))}, {c_string(p['NameEn'])}}},")
        for w in sorted(p["Wards"], key=lambda w: w["Code"]):
            if w["ProvinceCode"] != p["Code"] or w["Code"] in ward_province:
                sys.exit(f"ward {w['Code']} is misplaced or repeated")
            name = nfc(w["Name"])
            unit_type = split_type(nfc(w["FullName"]), name)
            ward_province[w["Code"]] = p["Code"]
            ward_by_name.setdefault((p["Code"], f"{unit_type} {name}"), []).append(w["Code"])
            ward_rows.append(f"    {{{c_string(w['Code'])}, {c_string(p['Code'])}, "
                             f"{c_string(unit_type)}, {c_string(name)}}},")
    if len(province_rows) != 34 or len(ward_rows) != 3321:
        sys.exit(f"expected 34 provinces and 3321 wards, found {len(province_rows)} and "
                 f"{len(ward_rows)}")
    province_codes = {p["Code"] for p in provinces}

    def new_ward_code(split, new_province, old_name):
        code = split["new_id"]
        if code in ward_province:
            return code
        matches = ward_by_name.get((new_province, nfc(split["name"])), [])
        if len(matches) != 1:
            sys.exit(f"{old_name}: new code {code} ({split['name']}) is unknown")
        print(f"repaired: {old_name} -> {split['name']}: {code} -> {matches[0]}", file=sys.stderr)
        return matches[0]

    old_province_rows, old_unit_rows = [], []
    for op in old_provinces:
        if len(op["splits"]) != 1 or op["splits"][0]["new_id"] not in province_codes:
            sys.exit(f"old province {op['level1_id']} does not map to exactly one new province")
        new_province = op["splits"][0]["new_id"]
        old_province_rows.append(f"    {{{c_string(op['level1_id'])}, {c_string(nfc(op['name']))}, "
                                 f"{c_string(new_province)}}},")
        units = op.get("level2s", []) + op["level3s"]
        for u in sorted(units, key=lambda u: (len(u.get("level3_id", "")), u.get("level2_id") or
                                              u.get("level3_id"))):
            code = u.get("level3_id") or u["level2_id"]
            name = nfc(u["name"])
            codes = []
            for s in u["splits"]:
                c = new_ward_code(s, new_province, name)
                if c not in codes:
                    codes.append(c)
                if ward_province[c] != new_province:
                    print(f"note: {code} {name} ({op['name']}) -> {c}, in province "
                          f"{ward_province[c]}", file=sys.stderr)
            if not codes:
                sys.exit(f"old unit {code} {name} has no new unit")
            old_unit_rows.append(f"    {{{c_string(code)}, {c_string(op['level1_id'])}, "
                                 f"{c_string(name)}, {c_string(' '.join(codes))}}},")

    header = f"""\
// GENERATED by scripts/gen-admin-units.py; do not edit by hand.
//   scripts/gen-admin-units.py units-2026-07-25.json old-to-new-2025-07-01.json
// Vietnamese administrative units after the 2025 reorganization ({len(province_rows)} provinces,
// {len(ward_rows)} wards/communes/special zones) and the {len(old_province_rows)} provinces and
// {len(old_unit_rows)} island districts and communes/wards before it, each with the new unit(s)
// it went into. See data/vn-admin-units/README.md.
//
// New units: public repository thanglequoc/vietnamese-provinces-database, file
// json/simplified_json_generated_data_vn_units_2026-07-25__20_49_07.json, under this licence:
//
{units_license}
//
// Old-to-new mapping: public repository dvhcvn/20250701, file mapping/splits.json, under this
// licence:
//
{mapping_license}
//
// Strings are UTF-8 (NFC). The including file defines the row types:
//   ProvinceRow {{code, name, full_name, name_en}}
//   WardRow {{code, province_code, type, name}}          type: "Phường", "Xã" or "Đặc khu"
//   OldProvinceRow {{code, full_name, new_province_code}}
//   OldUnitRow {{code, old_province_code, full_name, new_ward_codes}}  codes space-separated,
//                                                                    in the mapping's order
"""
    body = "".join(
        f"\ninline constexpr {row_type} {name}[] = {{\n" + "\n".join(rows) + "\n};\n"
        for row_type, name, rows in (
            ("ProvinceRow", "kProvinceRows", province_rows),
            ("WardRow", "kWardRows", ward_rows),
            ("OldProvinceRow", "kOldProvinceRows", old_province_rows),
            ("OldUnitRow", "kOldUnitRows", old_unit_rows)))
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(header + body)
    print(f"{args.out}: {len(province_rows)} provinces, {len(ward_rows)} wards, "
          f"{len(old_province_rows)} old provinces, {len(old_unit_rows)} old units",
          file=sys.stderr)


if __name__ == "__main__":
    main()
