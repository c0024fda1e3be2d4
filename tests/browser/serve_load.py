"""A bounded load test of `agrimatch serve` on loopback (standard library only):

    python3 tests/browser/serve_load.py AGRIMATCH SCENARIO [CLIENTS] [REQUESTS] [DISTINCT]

Starts `AGRIMATCH serve SCENARIO --listen 127.0.0.1:0` (workspace in a
temporary folder), plans a fixed set of what-ifs once with `AGRIMATCH plan
--changes --json` for their reference costs, then sends REQUESTS what-ifs
(default 400) from CLIENTS threads (default 8), cycling through the
first DISTINCT what-ifs (default all) over loopback, each thread
taking the next request of one shared list in turn. Every answer must be
200 with the reference cost to 1e-9 relative; none may be lost. Prints the
p50, p95 and largest latency per what-if, end to end (connection, HTTP,
planning). Exits 1 on any wrong or missing answer. Bounded: a fixed count
of requests, each with a 120 s socket timeout; the server is stopped at the end.
"""
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time


def what_ifs(scenario):
    """The shipped change files, and harvest cuts per farm and product."""
    files = []
    for folder in ("changes", "trucks"):
        path = os.path.join(scenario, folder)
        if os.path.isdir(path):
            files += [os.path.join(path, f) for f in sorted(os.listdir(path)) if f.endswith(".csv")]
    texts = [(os.path.basename(f), open(f, "rb").read()) for f in files]
    # Trucks make the plan a search, not one LP: a different kind of question.
    texts = [(name, text) for name, text in texts if b"truck_kg" not in text]
    farms = [line.split(",")[0] for line in open(os.path.join(scenario, "farms.csv"), encoding="utf-8").read().split("\n")[1:] if line]
    for i, farm in enumerate(farms):
        factor = [0.5, 0.7, 0.9, 1.2][i % 4]
        text = f"target,selector,field,op,value\nsupply,farm={farm},quantity_kg,scale,{factor}\n".encode()
        texts.append((f"harvest-{farm}-{factor}.csv", text))
    return texts


def main():
    agrimatch, scenario = sys.argv[1], sys.argv[2]
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 400
    work = tempfile.mkdtemp()
    server = None
    try:
        questions = what_ifs(scenario)
        if len(sys.argv) > 5:
            questions = questions[:int(sys.argv[5])]
        reference = {}
        for name, text in questions:
            path = os.path.join(work, name)
            open(path, "wb").write(text)
            out = subprocess.run([agrimatch, "plan", scenario, "--changes", path, "--json", "--out",
                                  os.path.join(work, "plan-" + name)], capture_output=True, check=True)
            reference[name] = json.loads(out.stdout)["objective"]
        server = subprocess.Popen([agrimatch, "--lang", "en", "serve", scenario, "--listen", "127.0.0.1:0",
                                   "--workspace", os.path.join(work, "desk")], stdout=subprocess.PIPE)
        line = server.stdout.readline().decode()
        address = re.search(r"http://([^/\s]+)", line).group(1)
        host, port = address.rsplit(":", 1)
        plan = [questions[i % len(questions)] for i in range(count)]
        lock = threading.Lock()
        latencies, wrong = [], []
        next_index = [0]

        def client():
            while True:
                with lock:
                    if next_index[0] >= len(plan):
                        return
                    name, text = plan[next_index[0]]
                    next_index[0] += 1
                started = time.perf_counter()
                try:
                    connection = http.client.HTTPConnection(host, int(port), timeout=120)
                    connection.request("POST", "/api/whatif", body=text, headers={"Content-Type": "text/csv"})
                    response = connection.getresponse()
                    body = response.read()
                    connection.close()
                    seconds = time.perf_counter() - started
                    cost = json.loads(body)["summary"]["objective"] if response.status == 200 else None
                except (OSError, ValueError, KeyError) as e:
                    seconds, cost = time.perf_counter() - started, None
                    body = str(e).encode()
                expected = reference[name]
                with lock:
                    latencies.append(seconds)
                    if cost is None or abs(cost - expected) > 1e-9 * max(1.0, abs(expected)):
                        wrong.append(f"{name}: expected {expected}, got {body[:200]!r}")

        threads = [threading.Thread(target=client) for _ in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        latencies.sort()
        pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
        print(f"serve load: {os.path.basename(os.path.normpath(scenario))}, {clients} clients, "
              f"{len(latencies)} of {count} what-ifs answered ({len(questions)} different), "
              f"{len(wrong)} wrong; p50 {pick(0.50):.3f} s, p95 {pick(0.95):.3f} s, "
              f"max {latencies[-1]:.3f} s; {count / wall:.1f} what-ifs per second over {wall:.1f} s")
        for w in wrong[:10]:
            print("wrong:", w)
        return 1 if wrong or len(latencies) != count else 0
    finally:
        if server is not None:
            server.kill()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
