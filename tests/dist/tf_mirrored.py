"""tf.distribute.MirroredStrategy over 2 logical CPU devices vs one device.

KERAS_BACKEND=tensorflow python tests/dist/tf_mirrored.py
"""

import json
import os
import sys

os.environ["KERAS_BACKEND"] = "tensorflow"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tensorflow as tf

cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

import numpy as np  # noqa: E402
from common import activation_params, build, fit_losses  # noqa: E402

single = build()
single_losses = fit_losses(single, jit_compile=False)
single_params = activation_params(single)

strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
with strategy.scope():
    mirrored = build()
    replicas = strategy.num_replicas_in_sync
    mirrored_losses = fit_losses(mirrored, jit_compile=False)
mirrored_params = activation_params(mirrored)

print(
    "RESULT"
    + json.dumps(
        {
            "replicas": replicas,
            "single": single_losses,
            "mirrored": mirrored_losses,
            "max_param_diff": max(
                float(np.abs(single_params[k] - mirrored_params[k]).max()) for k in single_params
            ),
        }
    )
)
