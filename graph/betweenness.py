"""Betweenness of actors over the graph of actors and what links them, in arrays.

Each agreement, project or actor link is a node between its actors (an "item"), so the graph
grows with memberships, not with the pairs of a framework agreement's thousands of parties.
An actor's betweenness counts, for each unordered pair of other actors, the share of their
shortest paths that run through it; a path goes through one shared item per step, so two
actors sharing two agreements are joined by two paths. Above a work budget the breadth-first
searches start from a seeded sample of actors; the sums are scaled by actors / sample, and
each estimate comes with its standard error (spread of the per-source sums / sqrt(sample)).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

WORK = 20_000_000  # link visits one ranking may make: sources x memberships
MIN_SAMPLE = 32
SEED = 20251016

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Score:
    key: str
    degree: int  # distinct partners
    betweenness: float
    error: float  # standard error of the estimate; 0 when exact


@dataclass(frozen=True)
class Scores:
    ranked: list[Score]  # the best `keep`, highest betweenness first
    actors: int  # actors with at least one partner
    links: int  # linked pairs of actors
    memberships: int
    sampled_sources: int | None  # None when exact

    def normalized(self, betweenness: float) -> float:
        pairs = (self.actors - 1) * (self.actors - 2) / 2
        return betweenness / pairs if pairs > 0 else 0.0

    def degree_centrality(self, degree: int) -> float:
        return degree / (self.actors - 1) if self.actors > 1 else 0.0


@dataclass(frozen=True)
class _Graph:
    keys: list[str]  # actors first (0..actors-1), then one node per item
    actors: int
    start: Ints  # CSR offsets
    ends: Ints  # CSR neighbours

    def around(self, nodes: Ints) -> tuple[Ints, Ints]:
        """Every (node, neighbour) pair of `nodes`, as two arrays."""
        first, last = self.start[nodes], self.start[nodes + 1]
        counts = last - first
        owner = np.repeat(nodes, counts)
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        return owner, self.ends[np.repeat(first, counts) + offsets]


def _graph(groups: Sequence[Sequence[str]]) -> _Graph:
    groups = [sorted(set(g)) for g in groups]
    groups = [g for g in groups if len(g) > 1]
    keys = sorted({key for g in groups for key in g})
    index = {key: i for i, key in enumerate(keys)}
    actors = len(keys)
    a = np.fromiter((index[k] for g in groups for k in g), dtype=np.int64)
    item = np.repeat(np.arange(actors, actors + len(groups)), [len(g) for g in groups])
    source, target = np.concatenate([a, item]), np.concatenate([item, a])
    order = np.argsort(source, kind="stable")
    nodes = actors + len(groups)
    start = np.zeros(nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(source, minlength=nodes), out=start[1:])
    return _Graph(keys, actors, start, target[order].astype(np.int64))


def _dependencies(graph: _Graph, source: int, is_actor: Floats) -> Floats:
    """One Brandes pass from `source`: each node's share of the shortest paths to actors."""
    n = len(graph.start) - 1
    dist = np.full(n, -1, dtype=np.int64)
    sigma = np.zeros(n)
    dist[source], sigma[source] = 0, 1.0
    frontier = np.array([source], dtype=np.int64)
    levels: list[tuple[Ints, Ints]] = []
    depth = 0
    while frontier.size:
        owner, reached = graph.around(frontier)
        fresh = dist[reached] == -1
        dist[reached[fresh]] = depth + 1
        onward = dist[reached] == depth + 1
        owner, reached = owner[onward], reached[onward]
        sigma += np.bincount(reached, weights=sigma[owner], minlength=n)
        levels.append((owner, reached))
        frontier = np.unique(reached)
        depth += 1
    delta = np.zeros(n)
    for owner, reached in reversed(levels):
        share = sigma[owner] / sigma[reached] * (is_actor[reached] + delta[reached])
        delta += np.bincount(owner, weights=share, minlength=n)
    delta[source] = 0.0
    return delta[: graph.actors]


def rank(groups: Sequence[Sequence[str]], keep: int, work: int = WORK) -> Scores:
    """Betweenness of every actor in `groups` (each the actors of one item), the best `keep`."""
    graph = _graph(groups)
    actors = graph.actors
    memberships = int(graph.start[actors])
    n = len(graph.start) - 1
    is_actor = np.zeros(n)
    is_actor[:actors] = 1.0
    sources: Sequence[int] = range(actors)
    sampled: int | None = None
    if actors * max(memberships, 1) > work:
        sampled = min(actors, max(MIN_SAMPLE, work // max(memberships, 1)))
        sources = random.Random(SEED).sample(range(actors), sampled)  # noqa: S311 (reproducible)
    total = np.zeros(actors)
    squares = np.zeros(actors)
    for source in sources:
        delta = _dependencies(graph, source, is_actor)
        total += delta
        if sampled is not None:
            squares += delta * delta
    k = len(sources) or 1
    scale = 0.5 * actors / k  # each pair is met from both ends when every actor is a source
    between = total * scale
    if sampled is None:
        error = np.zeros(actors)
    else:
        spread = np.sqrt(np.maximum(squares / k - (total / k) ** 2, 0.0))
        error = 0.5 * actors * spread / np.sqrt(k)
    degrees = _all_degrees(graph)
    order = sorted(range(actors), key=lambda i: (-between[i], -degrees[i], graph.keys[i]))
    ranked = [
        Score(graph.keys[i], degrees[i], float(between[i]), float(error[i])) for i in order[:keep]
    ]
    return Scores(ranked, actors, sum(degrees) // 2, memberships, sampled)


def _all_degrees(graph: _Graph, chunk: int = 4_096) -> list[int]:
    """Distinct partners of every actor: (actor, partner) pairs through items, deduplicated."""
    n = len(graph.start) - 1
    degrees = np.zeros(graph.actors, dtype=np.int64)
    for first in range(0, graph.actors, chunk):
        owner, items = graph.around(np.arange(first, min(first + chunk, graph.actors)))
        item_owner, partner = graph.around(items)
        # item_owner repeats each of `items` in order, once per partner: map back to actors.
        counts = graph.start[items + 1] - graph.start[items]
        actor = np.repeat(owner, counts)
        del item_owner
        pairs = np.unique(actor * n + partner)
        degrees += np.bincount(pairs // n, minlength=graph.actors)
    return [int(d) - 1 if d else 0 for d in degrees]  # less the actor itself
