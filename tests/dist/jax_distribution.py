"""DataParallel and ModelParallel on 4 virtual CPU devices (JAX) vs one device.

XLA_FLAGS=--xla_force_host_platform_device_count=4 KERAS_BACKEND=jax python tests/dist/jax_distribution.py
"""

import json
import os
import sys

os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=4")
os.environ["KERAS_BACKEND"] = "jax"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keras
import numpy as np
from common import activation_params, build, build_ffn, fit_losses

devices = keras.distribution.list_devices("cpu")
assert len(devices) == 4, devices

single = build()
single_losses = fit_losses(single)
single_params = activation_params(single)
ffn_single_losses = fit_losses(build_ffn())

keras.distribution.set_distribution(keras.distribution.DataParallel(devices=devices))
dp = build()
dp_losses = fit_losses(dp)
dp_params = activation_params(dp)

mesh = keras.distribution.DeviceMesh((2, 2), ["batch", "model"], devices)
layout_map = keras.distribution.LayoutMap(mesh)  # keys are matched with re.fullmatch
layout_map[".*/prelu/alpha"] = ("model",)  # per-channel parameters sharded over "model"
layout_map[".*/swish/beta"] = ("model",)
layout_map[".*/dense_.*/kernel"] = (None, "model")
keras.distribution.set_distribution(
    keras.distribution.ModelParallel(layout_map=layout_map, batch_dim_name="batch")
)
mp = build()
alpha = mp.get_layer("prelu").alpha
sharding = str(alpha.value.sharding)
mp_losses = fit_losses(mp)
mp_params = activation_params(mp)

# GatedFeedForward: its fused up + gate kernel split by columns, the down kernel by rows.
layout_map = keras.distribution.LayoutMap(mesh)
layout_map[".*gated_feed_forward.*up_gate.*kernel"] = (None, "model")
layout_map[".*gated_feed_forward.*down.*kernel"] = ("model", None)
keras.distribution.set_distribution(
    keras.distribution.ModelParallel(layout_map=layout_map, batch_dim_name="batch")
)
ffn = build_ffn()
ffn_layer = ffn.get_layer("gated_feed_forward")
ffn_shardings = [str(ffn_layer.up_gate.kernel.value.sharding), str(ffn_layer.down.kernel.value.sharding)]
ffn_mp_losses = fit_losses(ffn)

print(
    "RESULT"
    + json.dumps(
        {
            "single": single_losses,
            "data_parallel": dp_losses,
            "model_parallel": mp_losses,
            "alpha_sharding": sharding,
            "alpha_shards": len(alpha.value.addressable_shards),
            "ffn_single": ffn_single_losses,
            "ffn_model_parallel": ffn_mp_losses,
            "ffn_shardings": ffn_shardings,
            "max_param_diff_dp": max(
                float(np.abs(single_params[k] - dp_params[k]).max()) for k in single_params
            ),
            "max_param_diff_mp": max(
                float(np.abs(single_params[k] - mp_params[k]).max()) for k in single_params
            ),
        }
    )
)
