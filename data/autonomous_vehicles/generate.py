#!/usr/bin/env python3
"""Generate the "autonomous vehicles: collision risk" data set with highway-env.

Each output row is one policy step (1 Hz) of the ego vehicle in one simulated
episode: the ego state, the relative kinematics of the K=5 nearest other road
users (highway-env ``Kinematics`` observation, ``absolute=False``,
``normalize=False``) and the label ``crash_within_n`` (1 if the ego vehicle
crashes within the next N=3 policy steps, the current step's transition
included).

Scenarios (highway-env ids) and traffic densities are defined in ``SCENARIOS``
below; the driving-policy mix in ``POLICY_MIX``.  Everything is seeded from the
master seed (``SEED``, or ``--seed``): the episode's env reset seed and the
policy's random generator are derived from (seed, scenario, density, episode
index) with ``numpy.random.SeedSequence``, so each episode is independent of
the others, of the order they run in and of the number of worker processes.
The rows are written in a fixed order (scenario, density, episode, step) into a
gzip file whose header carries no timestamp or file name (``mtime=0``), so the
output bytes are reproducible: same seed + same pinned requirements
(requirements.txt) => same SHA-256.

Usage (from this directory, in a venv with requirements.txt installed)::

    python generate.py                      # default seed, writes collisions.csv.gz
    python generate.py --workers 2          # same bytes, two processes
    python generate.py --seed 7 --output other.csv.gz
    python generate.py --episodes-scale 0.05 --output smoke.csv.gz  # quick smoke run

It prints a per scenario x density summary (episodes, rows, crash rate,
positive-label rate) and the SHA-256 of the output.  No rendering is done;
``SDL_VIDEODRIVER=dummy`` is set before pygame is imported.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import math
import os
import resource
import sys
import time
import warnings
import zlib

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
warnings.filterwarnings("ignore")

import gymnasium as gym  # noqa: E402
import highway_env  # noqa: E402,F401  (registers the environments)
import numpy as np  # noqa: E402
from highway_env.vehicle.behavior import IDMVehicle  # noqa: E402

gym.logger.min_level = gym.logger.ERROR  # silence "-v0 is out of date" notices

# --------------------------------------------------------------------------
# Recorded constants
# --------------------------------------------------------------------------
SEED = 20240611  # master seed of the published file
N_HORIZON = 3  # label horizon in policy steps (1 Hz -> 3 s)
K_NEIGHBOURS = 5  # nearest other road users recorded per row
MAX_STEPS = 40  # hard cap on policy steps per episode
POLICY_FREQUENCY = 1  # Hz (highway-env default)
SIMULATION_FREQUENCY = 5  # Hz (as highway-fast-v0; swept-polygon collision checks)

# Kinematics observation: ego row + other road users, unnormalised, relative.
# highway-env orders the other rows by distance *along the ego lane*, which on
# the curved/crossing roads of the roundabout and intersection can rank a car
# 150 m to the side first; so we observe up to OBS_CANDIDATES of them (all that
# are within highway-env's 200 m perception distance in practice) and keep the
# K nearest by Euclidean distance (stable sort, ties keep highway-env's order).
OBS_CANDIDATES = 64
OBSERVATION = {
    "type": "Kinematics",
    "vehicles_count": OBS_CANDIDATES + 1,
    "features": ["presence", "x", "y", "vx", "vy"],
    "absolute": False,
    "normalize": False,
    "clip": False,
    "see_behind": True,
    "order": "sorted",
}

# Highway-like scenarios get a wider speed set so "SLOWER" can really slow down.
HIGHWAY_SPEEDS = [10.0, 15.0, 20.0, 25.0, 30.0]

# scenario -> env id, number of episodes per density, base config, density configs
SCENARIOS: dict[str, dict] = {
    "highway": {
        "env_id": "highway-fast-v0",
        "episodes": 100,
        "config": {
            "lanes_count": 3,
            "duration": 30,
            "action": {"type": "DiscreteMetaAction", "target_speeds": HIGHWAY_SPEEDS},
        },
        "densities": {
            "low": {"vehicles_count": 10, "vehicles_density": 0.7},
            "medium": {"vehicles_count": 20, "vehicles_density": 1.0},
            "high": {"vehicles_count": 30, "vehicles_density": 1.5},
        },
    },
    "merge": {
        "env_id": "merge-generic-v0",
        "episodes": 380,
        "config": {
            "lanes_count": 2,
            "action": {"type": "DiscreteMetaAction", "target_speeds": HIGHWAY_SPEEDS},
        },
        "densities": {
            "low": {"vehicles_count": 3},
            "medium": {"vehicles_count": 6},
            "high": {"vehicles_count": 10},
        },
    },
    "roundabout": {
        "env_id": "roundabout-generic-v0",
        "episodes": 230,
        "config": {"duration": 17},
        "rule_based_max_speed": 8.0,  # careful drivers keep to the middle target speed
        "densities": {
            "low": {"vehicles_count": 3},
            "medium": {"vehicles_count": 6},
            "high": {"vehicles_count": 10},
        },
    },
    "intersection": {
        "env_id": "intersection-v0",
        "episodes": 210,
        "config": {"duration": 13},
        "densities": {
            "low": {"initial_vehicle_count": 5, "spawn_probability": 0.3},
            "medium": {"initial_vehicle_count": 10, "spawn_probability": 0.6},
            "high": {"initial_vehicle_count": 15, "spawn_probability": 0.9},
        },
    },
}
DENSITIES = ("low", "medium", "high")

# Share of episodes per driving policy (exact counts per scenario x density).
POLICY_MIX = (("rule_based", 0.60), ("aggressive", 0.30), ("random", 0.10))

COLUMNS = (
    ["episode_id", "step", "scenario", "density", "policy"]
    + ["ego_speed", "ego_heading", "ego_lane"]
    + [
        f"v{i}_{f}"
        for i in range(1, K_NEIGHBOURS + 1)
        for f in ("present", "dx", "dy", "dvx", "dvy")
    ]
    + ["crash_within_n"]
)

# IntersectionEnv overwrites these IDMVehicle *class* attributes at reset; they
# are restored before every reset so an episode never depends on the previous one.
_IDM_DEFAULTS = {
    name: getattr(IDMVehicle, name)
    for name in ("DISTANCE_WANTED", "COMFORT_ACC_MAX", "COMFORT_ACC_MIN")
}


def _stable_id(name: str) -> int:
    return zlib.crc32(name.encode("ascii"))


def episode_seed_sequence(seed: int, scenario: str, density: str, index: int):
    return np.random.SeedSequence([seed, _stable_id(scenario), _stable_id(density), index])


def policy_assignment(seed: int, scenario: str, density: str, n: int) -> list[str]:
    """Exact policy shares for one scenario x density, in a seeded random order."""
    counts = [int(round(share * n)) for _, share in POLICY_MIX]
    counts[0] += n - sum(counts)
    names = [name for (name, _), c in zip(POLICY_MIX, counts) for _ in range(c)]
    rng = np.random.default_rng(
        np.random.SeedSequence([seed, _stable_id(scenario), _stable_id(density), 0xC0FFEE])
    )
    order = rng.permutation(n)
    return [names[i] for i in order]


# --------------------------------------------------------------------------
# Driving policies (privileged access to the simulator state, like a perfect
# perception stack). Actions are highway-env discrete meta-actions.
# --------------------------------------------------------------------------
class Policy:
    def __init__(
        self, kind: str, rng: np.random.Generator, env, max_speed: float = math.inf
    ) -> None:
        self.kind = kind
        self.max_speed = max_speed
        self.rng = rng
        self.env = env.unwrapped
        self.idx = self.env.action_type.actions_indexes  # name -> int
        if kind == "rule_based":
            self.headway = rng.uniform(1.2, 2.0)  # desired time gap [s]
            self.ttc = rng.uniform(3.0, 4.5)  # brake if time-to-collision below [s]
            self.horizon = 3.0  # conflict look-ahead [s]
            self.conflict_dist = 4.0  # [m] predicted centre distance
            self.lapse = 0.02  # prob. of a random action (inattention)
            self.lane_change_prob = 0.8
        elif kind == "aggressive":
            self.headway = rng.uniform(0.3, 0.8)
            self.ttc = rng.uniform(1.0, 2.0)
            self.horizon = 1.0
            self.conflict_dist = 2.5
            self.lapse = 0.0
            self.weave = rng.uniform(0.1, 0.3)  # prob. of an unforced lane change
        elif kind != "random":
            raise ValueError(kind)

    # -- helpers ------------------------------------------------------------
    def _a(self, name: str, fallback: str = "IDLE") -> int:
        return self.idx.get(name, self.idx[fallback])

    def _gap(self, ego, lane_index):
        """(front gap [m], closing speed [m/s], rear gap [m], rear closing speed) on a lane."""
        road = self.env.road
        front, rear = road.neighbour_vehicles(ego, lane_index)
        lane = road.network.get_lane(lane_index)
        f_gap, f_close, r_gap, r_close = math.inf, 0.0, math.inf, 0.0
        if front is not None:
            f_gap = ego.lane_distance_to(front, lane) - (ego.LENGTH + front.LENGTH) / 2
            f_close = ego.speed - getattr(front, "speed", 0.0)
        if rear is not None:
            r_gap = -ego.lane_distance_to(rear, lane) - (ego.LENGTH + rear.LENGTH) / 2
            r_close = getattr(rear, "speed", 0.0) - ego.speed
        return f_gap, f_close, r_gap, r_close

    def _conflicts(self, ego) -> tuple[bool, bool]:
        """Constant-velocity prediction over the look-ahead horizon.

        Returns (brake, evade): ``brake`` if we would run into someone (closest
        approach in front of us), ``evade`` if someone would run into us from the
        side/behind (then stopping does not help; clearing the area does).
        """
        direction = ego.direction
        normal = np.array([-direction[1], direction[0]])
        brake = evade = False
        for other in self.env.road.close_objects_to(ego, 80.0, see_behind=True, sort=False):
            p = other.position - ego.position
            if float(p @ direction) < -ego.LENGTH:
                continue  # clearly behind us: their job
            w = getattr(other, "velocity", np.zeros(2)) - ego.velocity
            ww = float(w @ w)
            t = 0.0 if ww < 1e-9 else min(max(-float(p @ w) / ww, 0.0), self.horizon)
            q = p + w * t
            if float(np.linalg.norm(q)) < self.conflict_dist:
                if float(q @ direction) > 1.0 or abs(float(q @ normal)) < 1.0:
                    brake = True
                else:
                    evade = True
        return brake, evade

    # -- decision -----------------------------------------------------------
    def act(self) -> int:
        env = self.env
        n_actions = env.action_space.n
        if self.kind == "random":
            return int(self.rng.integers(n_actions))
        if self.lapse and self.rng.random() < self.lapse:
            return int(self.rng.integers(n_actions))

        ego = env.vehicle
        v = max(ego.speed, 1.0)
        lane_index = ego.target_lane_index or ego.lane_index
        f_gap, f_close, _, _ = self._gap(ego, lane_index)
        ttc = f_gap / f_close if f_close > 0.1 else math.inf
        brake, evade = self._conflicts(ego)
        danger = f_gap < self.headway * v or ttc < self.ttc or brake
        lateral = "LANE_LEFT" in self.idx
        available = set(env.get_available_actions())

        if self.kind == "rule_based":
            if lateral and (danger or f_gap < 2.5 * self.headway * v):
                best = self._best_lane(ego, lane_index, f_gap, safe_rear=True)
                if best is not None and self.rng.random() < self.lane_change_prob:
                    return best
            if danger or ego.target_speed > self.max_speed + 0.1:
                return self._a("SLOWER")
            faster_ok = ego.target_speed < self.max_speed - 0.1
            if faster_ok and (evade or f_gap > 3.0 * self.headway * v) and self._a("FASTER") in available:
                return self._a("FASTER")
            return self._a("IDLE")

        # aggressive
        if lateral and (f_gap < 3.0 * v or self.rng.random() < self.weave):
            best = self._best_lane(ego, lane_index, f_gap, safe_rear=False)
            if best is not None:
                return best
        if danger:
            return self._a("SLOWER")
        if self._a("FASTER") in available:
            return self._a("FASTER")
        return self._a("IDLE")

    def _best_lane(self, ego, lane_index, current_gap, safe_rear: bool):
        network = self.env.road.network
        best, best_gap = None, current_gap
        for side in network.side_lanes(lane_index):
            if not network.get_lane(side).is_reachable_from(ego.position):
                continue
            if network.get_lane(side).forbidden and safe_rear:
                continue  # a careful driver does not enter a closing ramp lane
            f_gap, _, r_gap, r_close = self._gap(ego, side)
            if safe_rear:
                ok = r_gap > max(8.0, 2.0 * r_close) and f_gap > 0.8 * ego.speed
            else:
                ok = r_gap > 1.0 and f_gap > 2.0
            if ok and f_gap > best_gap + 5.0:
                best, best_gap = side, f_gap
        if best is None:
            return None
        return self._a("LANE_LEFT" if best[2] < lane_index[2] else "LANE_RIGHT")


# --------------------------------------------------------------------------
# Episode simulation
# --------------------------------------------------------------------------
_ENV_CACHE: dict[tuple[str, str], gym.Env] = {}


def make_env(scenario: str, density: str) -> gym.Env:
    key = (scenario, density)
    if key not in _ENV_CACHE:
        spec = SCENARIOS[scenario]
        config = {
            "observation": dict(OBSERVATION),
            "policy_frequency": POLICY_FREQUENCY,
            "simulation_frequency": SIMULATION_FREQUENCY,
        }
        config.update(spec["config"])
        config.update(spec["densities"][density])
        _ENV_CACHE[key] = gym.make(spec["env_id"], config=config, render_mode=None)
    return _ENV_CACHE[key]


def f4(x: float) -> str:
    """At most 4 decimals, no trailing zeros, no negative zero."""
    s = ("%.4f" % x).rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def wrap_angle(a: float) -> float:
    return (a + math.pi) % (2 * math.pi) - math.pi


def run_episode(task: tuple) -> tuple[list[list[str]], int, int, float]:
    """Simulate one episode.

    Returns (rows, crashed_in_episode, crashed_in_lookahead, cpu_seconds).
    """
    cpu0 = time.process_time()
    seed, scenario, density, index, policy_name = task
    seq = episode_seed_sequence(seed, scenario, density, index)
    env_seed_seq, policy_seq = seq.spawn(2)
    env_seed = int(env_seed_seq.generate_state(1)[0])

    for name, value in _IDM_DEFAULTS.items():
        setattr(IDMVehicle, name, value)
    env = make_env(scenario, density)
    obs, _ = env.reset(seed=env_seed)
    max_speed = SCENARIOS[scenario].get("rule_based_max_speed", math.inf)
    policy = Policy(policy_name, np.random.default_rng(policy_seq), env, max_speed)
    ego = env.unwrapped.vehicle

    states: list[list[str]] = []
    crash_step = None  # index of the transition during which the ego crashed
    done = ego.crashed
    step = 0
    while not done and step < MAX_STEPS:
        row = [f4(ego.speed), f4(wrap_angle(ego.heading)), str(int(ego.lane_index[2]))]
        others = np.asarray(obs[1:], dtype=np.float64)
        others = others[others[:, 0] > 0.5]
        nearest = np.argsort(np.hypot(others[:, 1], others[:, 2]), kind="stable")
        for i in range(K_NEIGHBOURS):
            if i >= len(nearest):
                row += ["0", "0", "0", "0", "0"]
            else:
                _, dx, dy, dvx, dvy = (float(x) for x in others[nearest[i]])
                row += ["1", f4(dx), f4(dy), f4(dvx), f4(dvy)]
        states.append(row)
        obs, _, terminated, truncated, _ = env.step(policy.act())
        ego = env.unwrapped.vehicle
        if ego.crashed:
            crash_step = step
        step += 1
        done = terminated or truncated or ego.crashed

    # Right-censoring fix: if the episode ended without a crash (time limit,
    # ramp passed, destination reached), keep simulating N-1 more steps with the
    # same policy (not recorded) so the last rows' labels are also exact.
    lookahead_crash = 0
    if crash_step is None and states:
        for extra in range(N_HORIZON - 1):
            obs, *_ = env.step(policy.act())
            if env.unwrapped.vehicle.crashed:
                crash_step = step + extra
                lookahead_crash = 1
                break

    episode_id = f"{scenario}-{density}-{index:06d}"
    rows = []
    for t, state in enumerate(states):
        label = int(crash_step is not None and t <= crash_step < t + N_HORIZON)
        rows.append([episode_id, str(t), scenario, density, policy_name] + state + [str(label)])
    crashed = int(crash_step is not None and not lookahead_crash)
    return rows, crashed, lookahead_crash, time.process_time() - cpu0


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------
def build_tasks(seed: int, scale: float, scenarios: list[str]) -> list[tuple]:
    tasks = []
    for scenario in scenarios:
        n = max(1, int(round(SCENARIOS[scenario]["episodes"] * scale)))
        for density in DENSITIES:
            for index, pol in enumerate(policy_assignment(seed, scenario, density, n)):
                tasks.append((seed, scenario, density, index, pol))
    return tasks


def main(argv: list[str] | None = None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED, help=f"master seed (default {SEED})")
    parser.add_argument(
        "--output", default=os.path.join(here, "collisions.csv.gz"), help="output .csv.gz path"
    )
    parser.add_argument("--workers", type=int, default=1, help="worker processes (output is identical)")
    parser.add_argument(
        "--episodes-scale", type=float, default=1.0, help="multiply episode counts (smoke tests)"
    )
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help="comma-separated subset of scenarios"
    )
    args = parser.parse_args(argv)
    scenarios = [s for s in args.scenarios.split(",") if s]
    for s in scenarios:
        if s not in SCENARIOS:
            parser.error(f"unknown scenario {s!r}")

    tasks = build_tasks(args.seed, args.episodes_scale, scenarios)
    t0, c0 = time.time(), time.process_time()
    if args.workers > 1:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(args.workers) as pool:
            results = list(pool.imap(run_episode, tasks, chunksize=8))
    else:
        results = [run_episode(t) for t in tasks]
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - c0 + child.ru_utime + child.ru_stime
    wall = time.time() - t0

    # Write CSV (deterministic order = task order) into a reproducible gzip.
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    stats: dict[tuple[str, str], list[int]] = {}
    cell_cpu: dict[tuple[str, str], float] = {}
    for task, (rows, crashed, look, ep_cpu) in zip(tasks, results):
        writer.writerows(rows)
        cell_cpu[(task[1], task[2])] = cell_cpu.get((task[1], task[2]), 0.0) + ep_cpu
        st = stats.setdefault((task[1], task[2]), [0, 0, 0, 0, 0])
        st[0] += 1
        st[1] += crashed
        st[2] += look
        st[3] += len(rows)
        st[4] += sum(int(r[-1]) for r in rows)
    data = text.getvalue().encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    payload = buf.getvalue()
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "wb") as fh:
        fh.write(payload)
    digest = hashlib.sha256(payload).hexdigest()

    # Summary (markdown table, pasted into README.md)
    print("| scenario | density | episodes | crash episodes | crash rate | rows | positives | positive rate |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    tot = [0, 0, 0, 0, 0]
    for (scenario, density), st in stats.items():
        tot = [a + b for a, b in zip(tot, st)]
        print(
            f"| {scenario} | {density} | {st[0]} | {st[1]} | {st[1] / st[0]:.1%} | "
            f"{st[3]} | {st[4]} | {st[4] / max(st[3], 1):.2%} |"
        )
    print(
        f"| **all** | | {tot[0]} | {tot[1]} | {tot[1] / tot[0]:.1%} | {tot[3]} | {tot[4]} | "
        f"{tot[4] / max(tot[3], 1):.2%} |"
    )
    by_policy: dict[str, list[int]] = {}
    for task, (rows, crashed, _, _) in zip(tasks, results):
        bp = by_policy.setdefault(task[4], [0, 0, 0, 0])
        bp[0] += 1
        bp[1] += crashed
        bp[2] += len(rows)
        bp[3] += sum(int(r[-1]) for r in rows)
    print()
    print("| policy | episodes | crash rate | rows | positive rate |")
    print("|---|---:|---:|---:|---:|")
    for name, _ in POLICY_MIX:
        if name in by_policy:
            bp = by_policy[name]
            print(f"| {name} | {bp[0]} | {bp[1] / bp[0]:.1%} | {bp[2]} | {bp[3] / max(bp[2], 1):.2%} |")
    print()
    print(f"seed={args.seed} N={N_HORIZON} rows={tot[3]} lookahead_crashes={tot[2]}")
    print(f"bytes={len(payload)} sha256={digest} file={args.output}")
    for (scenario, density), c in cell_cpu.items():
        st = stats[(scenario, density)]
        print(
            f"cpu {scenario:12s} {density:6s} {c:7.1f}s {1000 * c / max(st[3], 1):5.1f} ms/row",
            file=sys.stderr,
        )
    print(f"wall={wall:.1f}s cpu={cpu:.1f}s python={sys.version.split()[0]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
