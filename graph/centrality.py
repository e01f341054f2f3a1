"""Degree and betweenness centrality of an undirected graph given as an edge list (Brandes)."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Exact betweenness costs one BFS per node, about n * (n + m) steps; above this budget the
# BFS sources are a seeded sample of k nodes, chosen so that k * (n + m) stays within it.
EXACT_WORK = 2_000_000
MIN_SAMPLE = 16
SEED = 20251016


@dataclass(frozen=True)
class Centrality:
    key: str
    degree: int
    degree_centrality: float
    betweenness: float
    betweenness_normalized: float


@dataclass(frozen=True)
class Ranking:
    scores: list[Centrality]
    nodes: int
    edges: int
    sampled_sources: int | None  # None when betweenness is exact


def rank(edges: Iterable[tuple[str, str]], work: int = EXACT_WORK) -> Ranking:
    """Centralities of every node touched by `edges`, highest betweenness first.

    Betweenness counts, for each unordered pair of other nodes, the share of their shortest
    paths through the node (so b in a-b-c has 1); `betweenness_normalized` divides by the
    number of such pairs, (n-1)(n-2)/2. Above `work`, sources are sampled with a fixed seed
    and the sums scaled by n/k, as networkx does.
    """
    adjacency: dict[str, set[str]] = {}
    for source, target in edges:
        if source == target:
            continue
        adjacency.setdefault(source, set()).add(target)
        adjacency.setdefault(target, set()).add(source)
    nodes = sorted(adjacency)
    n = len(nodes)
    m = sum(len(neighbours) for neighbours in adjacency.values()) // 2
    sources: Sequence[str] = nodes
    sampled: int | None = None
    if n * (n + m) > work:
        sampled = min(n, max(MIN_SAMPLE, work // max(n + m, 1)))
        sources = random.Random(SEED).sample(nodes, sampled)  # noqa: S311 (reproducible)
    between = dict.fromkeys(nodes, 0.0)
    for source in sources:
        _accumulate(adjacency, source, between)
    # Each unordered pair is counted from both of its ends when every node is a source.
    scale = 0.5 * (n / len(sources) if sources else 1.0)
    pairs = (n - 1) * (n - 2) / 2
    scores = [
        Centrality(
            key=key,
            degree=len(adjacency[key]),
            degree_centrality=len(adjacency[key]) / (n - 1) if n > 1 else 0.0,
            betweenness=between[key] * scale,
            betweenness_normalized=between[key] * scale / pairs if pairs else 0.0,
        )
        for key in nodes
    ]
    scores.sort(key=lambda c: (-c.betweenness, -c.degree, c.key))
    return Ranking(scores, n, m, sampled)


def _accumulate(adjacency: dict[str, set[str]], source: str, between: dict[str, float]) -> None:
    """One Brandes pass: shortest-path counts from `source`, then dependencies back up."""
    order: list[str] = []
    parents: dict[str, list[str]] = {source: []}
    paths = {source: 1}
    distance = {source: 0}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        order.append(node)
        for neighbour in adjacency[node]:
            if neighbour not in distance:
                distance[neighbour] = distance[node] + 1
                paths[neighbour] = 0
                parents[neighbour] = []
                queue.append(neighbour)
            if distance[neighbour] == distance[node] + 1:
                paths[neighbour] += paths[node]
                parents[neighbour].append(node)
    dependency = dict.fromkeys(order, 0.0)
    for node in reversed(order):
        for parent in parents[node]:
            dependency[parent] += paths[parent] / paths[node] * (1.0 + dependency[node])
        if node != source:
            between[node] += dependency[node]
