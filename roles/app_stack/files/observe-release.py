#!/usr/bin/env python3
"""Watch a release that just took the traffic: for --seconds, ask --url (through
nginx) twice a second and look at the web container. Exit 1, naming the reason,
at the first answer that is not 200 from --release, or when the container
restarted or stopped; print what was seen and exit 0 otherwise."""
import argparse
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request


def container_state(container):
    out = subprocess.run(["docker", "inspect", "--format", "{{.State.Status}} {{.RestartCount}}", container],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return "gone", 0
    status, restarts = out.stdout.split()
    return status, int(restarts)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True)
    p.add_argument("--release", required=True)
    p.add_argument("--container", required=True)
    p.add_argument("--seconds", type=float, default=10)
    args = p.parse_args()
    deadline = time.monotonic() + args.seconds
    answers = 0
    while True:
        try:
            with urllib.request.urlopen(args.url, timeout=10) as response:
                release = response.headers.get("X-Release", "")
                status = response.status
        except urllib.error.HTTPError as exc:
            release, status = exc.headers.get("X-Release", ""), exc.code
        except OSError as exc:
            sys.exit(f"observe-release: {args.url} did not answer: {exc}")
        if status != 200 or release != args.release:
            sys.exit(f"observe-release: {args.url} answered {status} from release {release or 'unknown'}, "
                     f"not 200 from {args.release}")
        answers += 1
        state, restarts = container_state(args.container)
        if state != "running" or restarts > 0:
            sys.exit(f"observe-release: the new web container is {state} after {restarts} restart(s)")
        if time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    print(json.dumps({"answers": answers, "release": args.release, "seconds": args.seconds}))


if __name__ == "__main__":
    main()
