#!/usr/bin/env python3
"""A bounded, constant-rate HTTP load that counts what it got (standard library only).

Runs on the probe against the server under test. It stops by itself after
--seconds or --max-requests, whichever comes first (or, with --stop-file, as soon
as that file exists and --min-requests were sent), and prints one JSON object:
requests sent, answers by status, failures (connection errors, timeouts, and any
status outside --ok), the values of --watch-header seen, and the longest gap
between two good answers.

  http_load.py --url https://NAME/health/ready/ --resolve NAME:443:ADDR \
               --rate 10 --seconds 30 --max-requests 2000 [--cafile F | --insecure]
"""
import argparse
import collections
import http.client
import json
import os
import socket
import ssl
import sys
import threading
import time
import urllib.parse


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", action="append", required=True, help="URL to ask (repeat to rotate over several)")
    p.add_argument("--resolve", default="", help="HOST:PORT:ADDRESS, as curl's --resolve")
    p.add_argument("--rate", type=float, default=10.0, help="requests per second, in total")
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--max-requests", type=int, default=2000)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--ok", default="200", help="comma list of the statuses that count as success")
    p.add_argument("--watch-header", default="", help="response header whose values are collected")
    p.add_argument("--header", action="append", default=[], help="request header 'Name: value' (repeatable)")
    p.add_argument("--stop-file", default="", help="stop once this file exists (and --min-requests were sent)")
    p.add_argument("--min-requests", type=int, default=0)
    p.add_argument("--cafile", default="")
    p.add_argument("--insecure", action="store_true")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    if args.seconds > 900 or args.max_requests > 100000:
        sys.exit("http_load.py: bounded load only (at most 900 s and 100000 requests)")
    ok_statuses = {int(s) for s in args.ok.split(",")}
    resolve = {}
    if args.resolve:
        host, port, address = args.resolve.split(":")
        resolve[(host, int(port))] = address
    if args.insecure:
        context = ssl._create_unverified_context()  # noqa: S323 - self-signed test certificates
    else:
        context = ssl.create_default_context(cafile=args.cafile or None)

    lock = threading.Lock()
    statuses = collections.Counter()
    errors = collections.Counter()
    watched = collections.Counter()
    state = {"sent": 0, "failed": 0, "last_ok": None, "max_gap": 0.0}
    extra_headers = dict(h.split(": ", 1) for h in args.header)
    interval = 1.0 / args.rate
    start = time.monotonic()
    deadline = start + args.seconds

    def one(index):
        url = urllib.parse.urlsplit(args.url[index % len(args.url)])
        port = url.port or (443 if url.scheme == "https" else 80)
        address = resolve.get((url.hostname, port), url.hostname)
        conn = http.client.HTTPConnection(url.hostname, port, timeout=args.timeout)
        try:
            # The socket goes to the resolved address; SNI and the certificate use the name.
            sock = socket.create_connection((address, port), timeout=args.timeout)
            conn.sock = context.wrap_socket(sock, server_hostname=url.hostname) if url.scheme == "https" else sock
            path = url.path + (("?" + url.query) if url.query else "")
            conn.request("GET", path or "/", headers={"Connection": "close", **extra_headers})
            response = conn.getresponse()
            response.read()
            status = response.status
            header = response.getheader(args.watch_header) if args.watch_header else None
            with lock:
                statuses[status] += 1
                if header:
                    watched[header] += 1
                now = time.monotonic()
                if status in ok_statuses:
                    if state["last_ok"] is not None:
                        state["max_gap"] = max(state["max_gap"], now - state["last_ok"])
                    state["last_ok"] = now
                else:
                    state["failed"] += 1
        except Exception as exc:  # every failure is counted, none stops the load
            with lock:
                errors[type(exc).__name__] += 1
                state["failed"] += 1
        finally:
            conn.close()

    def worker(offset):
        index = offset
        while True:
            due = start + index * interval
            if due >= deadline or index >= args.max_requests:
                return
            if args.stop_file and index >= args.min_requests and os.path.exists(args.stop_file):
                return
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            with lock:
                state["sent"] += 1
            one(index)
            index += args.threads

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({
        "sent": state["sent"],
        "failed": state["failed"],
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": dict(errors),
        "watched": dict(watched),
        "max_gap_seconds": round(state["max_gap"], 3),
        "seconds": round(time.monotonic() - start, 1),
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
