#!/usr/bin/python
# -*- coding: utf-8 -*-
"""Write a set of secret files in one pass (one module call instead of one per file)."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: secret_files
short_description: Write several small secret files into one directory in one pass
description:
  - Each file gets exactly its content, owner, group and mode; a file is rewritten
    (atomically) only when its content differs, and its attributes are set only when they differ.
  - The contents are never logged or returned; only the names of the files that changed are.
  - Supports check mode (reports what a real run would change).
options:
  path:
    description: Directory holding the files (must exist).
    type: path
    required: true
  files:
    description: The files, as a dict of plain file names to contents.
    type: dict
    required: true
extends_documentation_fragment:
  - ansible.builtin.files
notes:
  - C(owner), C(group) and C(mode) apply to every file.
"""

RETURN = r"""
changed_files:
  description: Names of the files written or whose attributes were set.
  type: list
  elements: str
  returned: always
"""

import os
import tempfile

from ansible.module_utils.basic import AnsibleModule


def _differs(path, content):
    try:
        with open(path, "rb") as current:
            return current.read() != content
    except FileNotFoundError:
        return True


def main():
    module = AnsibleModule(
        argument_spec={
            "path": {"type": "path", "required": True},
            "files": {"type": "dict", "required": True, "no_log": True},
        },
        # owner, group, mode and the other file attributes, as every file module takes them.
        add_file_common_args=True,
        supports_check_mode=True,
    )
    directory = module.params["path"]
    if not os.path.isdir(directory):
        if module.check_mode:
            # A dry run on a fresh server: the directory is only "to be created".
            module.exit_json(changed=True, changed_files=sorted(module.params["files"]))
        module.fail_json(msg=f"{directory} is not a directory")
    changed = []
    for name, value in sorted(module.params["files"].items()):
        if not name or "/" in name or name in (".", ".."):
            module.fail_json(msg=f"invalid secret file name {name!r}: a plain file name is required")
        dest = os.path.join(directory, name)
        content = str(value).encode()
        attributes = module.load_file_common_arguments(module.params, path=dest)
        rewrite = _differs(dest, content)
        if rewrite and not module.check_mode:
            fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
            try:
                os.fchmod(fd, 0o400)
                with os.fdopen(fd, "wb") as out:
                    out.write(content)
                module.set_fs_attributes_if_different(dict(attributes, path=tmp), False)
                module.atomic_move(tmp, dest)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        attributes_changed = False
        if os.path.exists(dest):
            attributes_changed = module.set_fs_attributes_if_different(attributes, False)
        if rewrite or attributes_changed:
            changed.append(name)
    module.exit_json(changed=bool(changed), changed_files=changed)


if __name__ == "__main__":
    main()
