#!/usr/bin/env python3
"""Check that wscript and CMakeLists.txt list the same module, catalog and test sources.

Usage: check-build-lists.py MODULE_DIR
Exits 1 and prints the differences when the lists disagree.
"""
import ast
import re
import sys
from pathlib import Path


def cmake_list(text, name):
    m = re.search(r"set\(\s*" + re.escape(name) + r"\s+([^)]*)\)", text)
    if not m:
        raise SystemExit(f"CMakeLists.txt: no set({name} ...)")
    return [t for t in m.group(1).split() if not t.startswith("#")]


def cmake_call_sources(text, call, target):
    m = re.search(re.escape(call) + r"\(\s*" + re.escape(target) + r"\s+(?:STATIC\s+)?([^)]*)\)", text)
    if not m:
        raise SystemExit(f"no {call}({target} ...)")
    return [t for t in m.group(1).split() if t.endswith(".cc")]


def wscript_lists(text):
    tree = ast.parse(text)
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List):
            target = node.targets[0]
            key = ast.unparse(target)
            values = [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
            found[key] = values
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.BinOp):
            # t.source = [...] + catalog_sources
            left = node.value.left
            if isinstance(left, ast.List):
                found[ast.unparse(node.targets[0])] = [
                    e.value for e in left.elts if isinstance(e, ast.Constant)]
    return found


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    cmake = (root / "CMakeLists.txt").read_text()
    test_cmake = (root / "test" / "CMakeLists.txt").read_text()
    waf = wscript_lists((root / "wscript").read_text())
    pairs = [
        ("module sources", cmake_list(cmake, "sp_src"), waf.get("module.source")),
        ("module headers", cmake_list(cmake, "sp_hdr"), waf.get("headers.source")),
        ("catalog sources", cmake_call_sources(cmake, "add_library", "sockbench-catalog"),
         waf.get("catalog_sources")),
        ("test sources", ["test/" + s for s in cmake_call_sources(test_cmake, "add_executable",
                                                                   "sockbench-test")],
         waf.get("t.source")),
    ]
    bad = 0
    for what, from_cmake, from_waf in pairs:
        if from_waf is None:
            print(f"wscript: {what} not found")
            bad += 1
            continue
        if sorted(from_cmake) != sorted(from_waf):
            bad += 1
            print(f"{what} differ:")
            for f in sorted(set(from_cmake) - set(from_waf)):
                print(f"  only in CMakeLists.txt: {f}")
            for f in sorted(set(from_waf) - set(from_cmake)):
                print(f"  only in wscript: {f}")
        for f in from_cmake:
            if not (root / f).is_file():
                bad += 1
                print(f"{what}: {f} does not exist")
    print("build lists: %d checked, %s" % (len(pairs), "all equal" if not bad else f"{bad} problem(s)"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
