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
