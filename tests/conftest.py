import os

import keras
import numpy as np
import pytest

BACKEND = keras.backend.backend()


def pytest_report_header(config):
    return f"keras {keras.__version__}, backend {BACKEND}, KERAS_BACKEND={os.environ.get('KERAS_BACKEND')}"


@pytest.fixture(autouse=True)
def _fresh_state():
    keras.utils.set_random_seed(0)
    yield
    keras.config.set_dtype_policy("float32")
    keras.backend.clear_session(free_memory=False)  # gc.collect() per test costs ~0.5 s on torch


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def pytest_collection_modifyitems(config, items):
    """The tests marked `slow` (10-70 s each on 2 CPU cores: compiled whole models,
    subprocesses) run first, in file order: pytest-xdist hands each worker a contiguous
    first batch, so they start at once on one worker while the other takes the short ones,
    instead of one of them starting last and leaving a worker idle for its length."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
