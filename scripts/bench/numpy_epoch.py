#!/usr/bin/env python3
"""numpy's full-batch linear-regression epoch, X.T @ (X @ w - y) / n, on the engine benchmark's shapes.

Run by dev.estimator.engine.bench.EpochBenchmark (./mvnw -B -Pbench verify -DskipTests), which sets
OPENBLAS_NUM_THREADS / OMP_NUM_THREADS / MKL_NUM_THREADS to --threads and removes OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE from this process's environment. Prints the BLAS in use and one line per shape:

    RESULT <rows>x<p> <threads> <median ms>
"""
import argparse
import os
import statistics
import sys
import time


def openblas_runtime():
    """(library, core type, threads) of each OpenBLAS loaded in this process, asked through ctypes."""
    import ctypes
    found = []
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line})
    except OSError:
        return found
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in (("scipy_openblas", "64_"), ("scipy_openblas", ""), ("openblas", "64_"),
                               ("openblas", "")):
            try:
                corename = getattr(lib, f"{prefix}_get_corename{suffix}")
                num_threads = getattr(lib, f"{prefix}_get_num_threads{suffix}")
            except AttributeError:
                continue
            corename.restype = ctypes.c_char_p
            found.append((path, corename().decode(), num_threads()))
            break
    return found


def blas_info(np):
    try:
        from threadpoolctl import threadpool_info
        for pool in threadpool_info():
            print(f"threadpoolctl: {pool.get('internal_api')} {pool.get('version')} "
                  f"threads={pool.get('num_threads')} arch={pool.get('architecture')} "
                  f"lib={pool.get('filepath')}")
        return
    except ImportError:
        pass
    print("threadpoolctl not installed; numpy.show_config():")
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        print(f"  blas: {blas.get('name')} {blas.get('version')} openblas config: "
              f"{blas.get('openblas configuration', '')}")
    except TypeError:
        np.show_config()
    for path, core, threads in openblas_runtime():
        print(f"  runtime: {path.rsplit('/', 1)[-1]} core={core} threads={threads}")
    print("  env: " + " ".join(f"{k}={os.environ.get(k, '-')}" for k in
                              ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", default="1000000x16,200000x100")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()

    import numpy as np
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}, requested threads {args.threads}")
    blas_info(np)

    rng = np.random.default_rng(20240607)
    for shape in args.shapes.split(","):
        n, p = (int(v) for v in shape.lower().split("x"))
        X = rng.uniform(-1.0, 1.0, size=(n, p))          # C order: row-major, like the engine
        w = rng.uniform(-1.0, 1.0, size=p) / np.sqrt(p)
        y = X @ rng.uniform(-1.0, 1.0, size=p) + 0.1 * rng.uniform(-1.0, 1.0, size=n)

        def epoch():
            return X.T @ (X @ w - y) / n

        end = time.perf_counter() + max(0.5, args.seconds / 2)
        while time.perf_counter() < end:
            epoch()
        times = []
        end = time.perf_counter() + args.seconds
        while len(times) < 15 or time.perf_counter() < end:
            t0 = time.perf_counter()
            epoch()
            times.append((time.perf_counter() - t0) * 1e3)
        print(f"RESULT {n}x{p} {args.threads} {statistics.median(times):.4f}", flush=True)


if __name__ == "__main__":
    main()
