#!/usr/bin/env python3
"""Small jobs through the service's HTTP API, and numpy's peer on the same rows (run by service_bench.sh).

    small_jobs.py PORT KEY_FILE CSV MODE

MODE "search": a 4-candidate x 3-fold learning-rate search with refit (SGD, 300 epochs, tolerance 0) on the CSV,
timed from submit to the client seeing SUCCEEDED (GET polled every 20 ms; each GET also moves the search on).
Prints "search <seconds>".
MODE "jobs N": N single 300-epoch SGD jobs one after the other, each followed by long polls; prints the median of
each part of a job's life in milliseconds: submit (POST answered), queued (createdAt to startedAt), run
(startedAt to finishedAt) and of it train (the result's durationMs), wake (finishedAt to the client's answer).
MODE "numpy": numpy's peer (no service): the same grid, 3 folds and refit, each fit 300 full-batch GD
iterations of X'(Xw - y)/n on standardized columns. scikit-learn's GridSearchCV over SGDRegressor is the peer
the goal names; when it is importable it is timed too.
"""
import http.client
import json
import statistics
import sys
import time
from datetime import datetime

GRID = [0.001, 0.003, 0.01, 0.03]
EPOCHS = 300


def client(port, key_file):
    key = open(key_file).read().strip()
    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}

    def request(method, path, body=None):
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        if r.status >= 300:
            raise SystemExit(f"{method} {path}: {r.status} {data[:300]!r}")
        return json.loads(data) if data else None

    return request


def upload(port, key_file, csv):
    key = open(key_file).read().strip()
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("POST", "/api/v1/datasets?name=small", body=open(csv, "rb").read(),
                 headers={"Authorization": "Bearer " + key, "Content-Type": "text/csv"})
    return json.loads(conn.getresponse().read())["id"]


def base(dataset):
    return {"datasetId": dataset, "target": "y", "model": "linear",
            "optimizer": {"algorithm": "sgd", "learningRate": 0.01, "maxIterations": EPOCHS, "tolerance": 0}}


def search(request, dataset):
    body = {"name": "bench", "base": base(dataset), "grid": {"optimizer.learningRate": GRID}, "folds": 3,
            "metric": "rmse", "refit": True}
    start = time.perf_counter()
    s = request("POST", "/api/v1/searches", json.dumps(body))
    while s["status"] not in ("SUCCEEDED", "FAILED", "CANCELLED"):
        time.sleep(0.02)
        s = request("GET", f"/api/v1/searches/{s['id']}")
    elapsed = time.perf_counter() - start
    if s["status"] != "SUCCEEDED":
        raise SystemExit(f"search {s['id']} ended {s['status']}: {s.get('error')}")
    return elapsed


def ts(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def jobs(request, dataset, n):
    parts = {k: [] for k in ("total", "submit", "queued", "run", "train", "wake")}
    for _ in range(n):
        t0 = time.time()
        job = request("POST", "/api/v1/jobs", json.dumps(base(dataset)))
        t1 = time.time()
        while job["status"] not in ("SUCCEEDED", "FAILED", "CANCELLED"):
            job = request("GET", f"/api/v1/jobs/{job['id']}?waitSeconds=10")
        t2 = time.time()
        result = request("GET", f"/api/v1/jobs/{job['id']}/result")
        created, started, finished = ts(job["createdAt"]), ts(job["startedAt"]), ts(job["finishedAt"])
        for k, v in (("total", t2 - t0), ("submit", t1 - t0), ("queued", started - created),
                     ("run", finished - started), ("train", result["durationMs"] / 1e3), ("wake", t2 - finished)):
            parts[k].append(v * 1e3)
    print(" ".join(f"{k}={statistics.median(v):.1f}" for k, v in parts.items()))


def numpy_peer(csv):
    import numpy as np
    data = np.loadtxt(csv, delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1]
    n = len(y)
    folds = np.random.default_rng(1).permutation(n) % 3

    def fit(Xtr, ytr, lr):
        mu, sd = Xtr.mean(axis=0), Xtr.std(axis=0)
        Z = np.hstack([np.ones((len(ytr), 1)), (Xtr - mu) / sd])
        w = np.zeros(Z.shape[1])
        for _ in range(EPOCHS):
            w -= lr * (Z.T @ (Z @ w - ytr)) / len(ytr)
        return w, mu, sd

    def rmse(model, Xte, yte):
        w, mu, sd = model
        Z = np.hstack([np.ones((len(yte), 1)), (Xte - mu) / sd])
        return float(np.sqrt(np.mean((Z @ w - yte) ** 2)))

    def run():
        scores = []
        for lr in GRID:
            s = [rmse(fit(X[folds != f], y[folds != f], lr), X[folds == f], y[folds == f]) for f in range(3)]
            scores.append(np.mean(s))
        fit(X, y, GRID[int(np.argmin(scores))])

    times = []
    for _ in range(5):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    print(f"numpy_gd {statistics.median(times):.4f}")
    try:
        from sklearn.linear_model import SGDRegressor
        from sklearn.model_selection import GridSearchCV
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
    except ImportError:
        print("sklearn none")
        return
    pipe = make_pipeline(StandardScaler(), SGDRegressor(max_iter=EPOCHS, tol=None, random_state=1))
    grid = GridSearchCV(pipe, {"sgdregressor__eta0": GRID}, cv=3, scoring="neg_root_mean_squared_error",
                        refit=True)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        grid.fit(X, y)
        times.append(time.perf_counter() - t)
    print(f"sklearn {statistics.median(times):.4f}")


def main():
    if sys.argv[1] == "numpy":
        numpy_peer(sys.argv[2])
        return
    port, key_file, csv, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    request = client(port, key_file)
    dataset = upload(port, key_file, csv)
    if mode == "search":
        print(f"search {search(request, dataset):.4f}")
    elif mode == "searches":
        times = [search(request, dataset) for _ in range(int(sys.argv[5]))]
        print(" ".join(f"{t:.4f}" for t in times))
    else:
        jobs(request, dataset, int(sys.argv[5]))


if __name__ == "__main__":
    main()
