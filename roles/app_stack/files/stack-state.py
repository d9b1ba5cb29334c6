"""The stack as it runs, in one JSON document on stdout, for app_stack to decide what
to bring up without a Docker module per question (each costs 0.3-0.8 s).

    python3 -c "$(cat stack-state.py)" PROJECT_DIR PROJECT running|rendered [PROFILE ...]

containers: the project's running containers (id, name, service, health: healthy,
unhealthy, starting or none, image id, the org.si-gouvernance labels);
images: every local image's repo:tag and id; with "rendered", services: the
project as Compose renders it from PROJECT_DIR (docker compose config, with the
profiles given).
"""
import json
import subprocess
import sys


def run(*argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def main():
    project_dir, project, what, *profiles = sys.argv[1:]
    ids = run("docker", "ps", "--quiet", "--no-trunc", "--filter", f"label=com.docker.compose.project={project}").split()
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
    if what == "rendered":
        profile_args = [arg for profile in profiles for arg in ("--profile", profile)]
        state["services"] = json.loads(run("docker", "compose", "--project-directory", project_dir, *profile_args,
                                           "config", "--format", "json"))["services"]
    json.dump(state, sys.stdout)


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        sys.exit(f"stack-state: {' '.join(exc.cmd[:4])} failed (exit {exc.returncode}): {exc.stderr.strip()[-600:]}")
