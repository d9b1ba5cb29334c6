#!/usr/bin/env python3
"""Read the stack's wiring (inventories/shared/group_vars/all/stack.yml) for scripts.

The wiring is the one source of the stack's shared facts; shell scripts read it
here instead of copying its values.

  wiring.py get KEY[.SUBKEY...]   a literal value (a Jinja template is refused)
  wiring.py secrets               one line per secret: name vault_var min_length
  wiring.py secret-env SERVICE    one line per secret SERVICE receives: VAR=/run/secrets/name
"""
import pathlib
import sys

import yaml

WIRING = pathlib.Path(__file__).resolve().parent.parent / "inventories/shared/group_vars/all/stack.yml"


def load():
    with WIRING.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def get(data, dotted):
    value = data
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            sys.exit(f"wiring.py: {dotted} is not in {WIRING}")
        value = value[part]
    if isinstance(value, str) and "{{" in value:
        sys.exit(f"wiring.py: {dotted} is a template ({value!r}); scripts read literal values only")
    return value


def main(argv):
    data = load()
    if len(argv) == 2 and argv[0] == "get":
        value = get(data, argv[1])
        print(value if not isinstance(value, (dict, list)) else yaml.safe_dump(value).strip())
    elif argv == ["secrets"]:
        for s in data["stack_secrets"]:
            print(s["name"], s["vault_var"], s["min_length"])
    elif len(argv) == 2 and argv[0] == "secret-env":
        for s in data["stack_secrets"]:
            if argv[1] in s["services"]:
                print(f"{s['services'][argv[1]]}=/run/secrets/{s['name']}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
