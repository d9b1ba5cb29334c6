#!/usr/bin/env python3
"""Check that every collection in requirements.yml is installed at a satisfying version.

Reads what ansible-galaxy sees locally (no Galaxy server is contacted) and
exits 1 with one line per missing or out-of-range collection.
"""
import json
import subprocess
import sys
from pathlib import Path

import yaml
from ansible.galaxy.dependency_resolution.versioning import meets_requirements


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    wanted = yaml.safe_load((root / "requirements.yml").read_text())["collections"]
    out = subprocess.run(
        [str(Path(sys.executable).parent / "ansible-galaxy"), "collection", "list", "--format", "json"],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout
    installed = {}
    for path_entries in json.loads(out).values():
        for name, meta in path_entries.items():
            installed.setdefault(name, meta["version"])
    problems = []
    for item in wanted:
        name, spec = item["name"], str(item.get("version", "*"))
        have = installed.get(name)
        if have is None:
            problems.append(f"{name}: not installed (wanted {spec}); it ships with the pinned 'ansible' package: run 'make setup'")
        elif not meets_requirements(have, spec):
            problems.append(f"{name}: {have} installed, {spec} wanted; pin a matching 'ansible' release in requirements-dev.txt")
        else:
            print(f"ok  {name} {have} ({spec})")
    for line in problems:
        print(f"MISSING  {line}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
