#!/usr/bin/env python3
"""Count the security headers of each kind of response (standard library only).

Runs on the probe. Reads a JSON list of cases on stdin, each
  {"kind": "html", "url": "https://NAME/path", "method": "GET", "declared_bytes": 0,
   "until_status": 429, "max_requests": 200}
(method, declared_bytes (a Content-Length announced, no body sent), until_status and max_requests optional: with until_status
the request is repeated, at most max_requests times, until that status comes
back), sends them to ADDRESS (--address, so names need no DNS) and prints one
JSON object: per kind, the status and how many times each header of --headers
came back (0 when absent), and the values seen.
"""
import argparse
import http.client
import json
import socket
import ssl
import sys
import urllib.parse


def ask(case, address, context, timeout):
    url = urllib.parse.urlsplit(case["url"])
    port = url.port or (443 if url.scheme == "https" else 80)
    if url.scheme == "https":
        conn = _https(address, port, url.hostname, context, timeout)
    else:
        conn = http.client.HTTPConnection(address, port, timeout=timeout)
    path = url.path + ("?" + url.query if url.query else "")
    conn.putrequest(case.get("method", "GET"), path or "/", skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", url.hostname)
    conn.putheader("User-Agent", "header-count")
    if case.get("declared_bytes"):
        # A body announced, not sent: nginx judges Content-Length against its limit first.
        conn.putheader("Content-Type", "application/octet-stream")
        conn.putheader("Content-Length", str(int(case["declared_bytes"])))
    conn.endheaders()
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def _https(address, port, name, context, timeout):
    """A connection to ADDRESS that presents NAME (SNI, certificate check)."""

    class Conn(http.client.HTTPSConnection):
        def connect(self):
            raw = socket.create_connection((address, port), timeout)
            self.sock = context.wrap_socket(raw, server_hostname=name)

    return Conn(address, port, timeout=timeout, context=context)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--address", required=True)
    p.add_argument("--headers", required=True, help="comma list of header names to count")
    p.add_argument("--cafile", required=True)
    p.add_argument("--timeout", type=float, default=20.0)
    args = p.parse_args(argv)
    names = [h.strip() for h in args.headers.split(",") if h.strip()]
    context = ssl.create_default_context(cafile=args.cafile)
    out = {}
    for case in json.load(sys.stdin):
        tries = 0
        try:
            while True:
                tries += 1
                response = ask(case, args.address, context, args.timeout)
                until = case.get("until_status")
                if until is None or response.status == until or tries >= int(case.get("max_requests", 200)):
                    break
        except (OSError, http.client.HTTPException) as error:
            # Reported, not raised: the caller's assertion names the kind that failed.
            out[str(case["kind"])] = {"url": case["url"], "status": None, "requests": tries, "error": repr(error),
                                      "counts": {h: 0 for h in names}, "values": {h: [] for h in names}}
            continue
        out[str(case["kind"])] = {
            "url": case["url"],
            "status": response.status,
            "requests": tries,
            "counts": {h: len(response.msg.get_all(h) or []) for h in names},
            "values": {h: response.msg.get_all(h) or [] for h in names},
        }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
