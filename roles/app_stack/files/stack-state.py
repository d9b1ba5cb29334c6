"""The stack as it runs, in one JSON document on stdout, for app_stack to decide what
to bring up without a Docker module per question (each costs 0.3-0.8 s).

    python3 -c "$(cat stack-state.py)" --project-dir DIR --project NAME
        [--rendered [--profile P ...]] [--record NAME=FILE ...]

containers: the project's running containers (id, name, service, health: healthy,
unhealthy, starting or none, image id, the org.si-gouvernance labels);
images: every local image's repo:tag and id; with --rendered, services: the
project as Compose renders it from DIR (docker compose config); with --record,
records: {NAME: that JSON file's content, {} when it does not exist}.
"""
import argparse
import json
import subprocess
import sys


def run(*argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--project-dir", required=True)
    p.add_argument("--project", required=True)
    p.add_argument("--rendered", action="store_true")
    p.add_argument("--profile", action="append", default=[])
    p.add_argument("--record", action="append", default=[])
    args = p.parse_args()
    ids = run("docker", "ps", "--quiet", "--no-trunc", "--filter", f"label=com.docker.compose.project={args.project}").split()
    containers = []
    for c in json.loads(run("docker", "inspect", *ids)) if ids else []:
        labels = c["Config"]["Labels"] or {}
        containers.append({
            "id": c["Id"],
            "name": c["Name"].lstrip("/"),
            "service": labels.get("com.docker.compose.service", ""),
            "health": (c["State"].get("Health") or {}).get("Status", "none"),
            "image": c["Image"],
            "labels": {k: v for k, v in labels.items() if k.startswith("org.si-gouvernance.")},
        })
    images = {}
    for line in run("docker", "image", "ls", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").splitlines():
        name, image_id = line.rsplit(" ", 1)
        images[name] = image_id
    state = {"containers": sorted(containers, key=lambda c: c["name"]), "images": images}
    if args.rendered:
        profiles = [arg for profile in args.profile for arg in ("--profile", profile)]
        state["services"] = json.loads(run("docker", "compose", "--project-directory", args.project_dir, *profiles,
                                           "config", "--format", "json"))["services"]
    state["records"] = {}
    for record in args.record:
        name, path = record.split("=", 1)
        try:
            with open(path) as f:
                state["records"][name] = json.load(f)
        except (OSError, ValueError):
            state["records"][name] = {}
    json.dump(state, sys.stdout)


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        sys.exit(f"stack-state: {' '.join(exc.cmd[:4])} failed (exit {exc.returncode}): {exc.stderr.strip()[-600:]}")
