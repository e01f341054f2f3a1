"""The gazetteers kept per driver go with their driver: a process that opens and closes drivers
keeps none of the closed ones' words, and a new driver reads its own graph's."""

from __future__ import annotations

import gc

from graph import gazetteer
from graph.db import Db, open_driver
from settings import Settings


async def test_a_closed_driver_leaves_no_gazetteer_behind(seeded: Db, settings: Settings) -> None:
    kept = gazetteer.cached_drivers()
    for _ in range(3):
        driver = open_driver(settings)
        try:
            words = await gazetteer.get(Db(driver, settings.neo4j_database, 30.0))
            assert words.knows("plasturgie")
            assert gazetteer.cached_drivers() == kept + 1
        finally:
            await driver.close()
        del driver
        gc.collect()
        assert gazetteer.cached_drivers() == kept
