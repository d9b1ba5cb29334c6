#!/usr/bin/env python3
"""Drill helper, in the web container: insert rows one committed transaction at a
time and print the id of each row whose COMMIT the server acknowledged.

Runs at least MIN_SECONDS; once a write failed (the server killed), goes on until
5 s of writes succeeded again; never more than 120 s. Errors go to stderr.
Usage: committed_writes.py MIN_SECONDS
"""
import os
import sys
import time

import MySQLdb

MIN_SECONDS = float(sys.argv[1])
CAP_SECONDS = 120.0


def connect():
    with open(os.environ["DB_PASSWORD_FILE"]) as f:
        password = f.read().strip()
    return MySQLdb.connect(host=os.environ["DB_HOST"], port=int(os.environ.get("DB_PORT", 3306)),
                           user=os.environ["DB_USER"], password=password, database=os.environ["DB_NAME"],
                           autocommit=False, connect_timeout=2)


start = time.monotonic()
conn = connect()
conn.cursor().execute("CREATE TABLE IF NOT EXISTS drill_committed_writes (id INT PRIMARY KEY) ENGINE=InnoDB")
conn.commit()
next_id, failures, recovered_at = 1, 0, None
while True:
    elapsed = time.monotonic() - start
    if elapsed > CAP_SECONDS:
        break
    if elapsed > MIN_SECONDS and (failures == 0 or (recovered_at and time.monotonic() - recovered_at > 5)):
        break
    row = next_id
    next_id += 1  # a failed COMMIT may or may not have landed: that id is never reused
    try:
        if conn is None:
            conn = connect()
        conn.cursor().execute("INSERT INTO drill_committed_writes (id) VALUES (%s)", (row,))
        conn.commit()
    except MySQLdb.Error as exc:
        failures += 1
        recovered_at = None
        print(f"write {row} failed: {exc}", file=sys.stderr, flush=True)
        try:
            if conn is not None:
                conn.close()
        except MySQLdb.Error:
            pass
        conn = None
        time.sleep(0.2)
        continue
    if failures and recovered_at is None:
        recovered_at = time.monotonic()
    print(row, flush=True)
print(f"{failures} failed writes, {time.monotonic() - start:.1f} s", file=sys.stderr, flush=True)
