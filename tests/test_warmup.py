"""Start-up planning sends every statement whose text does not depend on the selection, so a
first call after a start finds them planned."""

from __future__ import annotations

import pytest

from graph import brokers, expertise, resolution, timeline, warmup
from graph.db import Db

pytestmark = pytest.mark.usefixtures("seeded")


async def test_start_up_plans_the_fixed_statements(db: Db) -> None:
    await warmup.warm(db)
    sent = {call.statement for call in db.calls}
    assert resolution.RESOLVE + expertise._GATHER in sent
    assert brokers._BOUND in sent
    assert brokers._GROUPS in sent
    timelines = {text for text in sent if "AS themeFound" in text}
    assert len(timelines) == 4  # with or without an actor, oldest or newest first
    assert all(text.startswith(timeline._statement("all", False)[:40]) for text in timelines)
    # The stored ranking is left alone: reading it may start a refresh.
    assert not any("BrokerScores" in text for text in sent)
