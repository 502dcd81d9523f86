"""Two-process DistributedDataParallel (gloo) training of a Keras model with trainable
keras_acts layers; prints each replica's activation parameters.

    KERAS_BACKEND=torch python tests/dist/torch_ddp.py
"""

import datetime
import json
import os
import sys
import tempfile

os.environ["KERAS_BACKEND"] = "torch"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def worker(rank, world_size, init_file, out_dir):
    import numpy as np
    import torch
    import torch.distributed as dist
    from common import BATCH, activation_params, build, data

    torch.set_num_threads(1)  # two replicas on a 2-core machine that also runs the test suite
    # A stuck collective fails after 2 minutes instead of gloo's default 30.
    dist.init_process_group(
        "gloo",
        init_method=f"file://{init_file}",
        rank=rank,
        world_size=world_size,
        timeout=datetime.timedelta(seconds=120),
    )
    model = build()
    model(np.zeros((1, 8), "float32"))  # create the weights
    ddp = torch.nn.parallel.DistributedDataParallel(model)
    optimizer = torch.optim.SGD(ddp.parameters(), lr=0.05)
    x, y = data()
    # Each replica takes its half of every global batch.
    losses = []
    for step in range(len(x) // BATCH):
        xs = x[step * BATCH : (step + 1) * BATCH][rank::world_size]
        ys = y[step * BATCH : (step + 1) * BATCH][rank::world_size]
        optimizer.zero_grad()
        loss = torch.mean((ddp(torch.tensor(xs)) - torch.tensor(ys)) ** 2)
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
    params = {k: v.tolist() for k, v in activation_params(model).items()}
    with open(os.path.join(out_dir, f"rank{rank}.json"), "w") as f:
        json.dump({"params": params, "losses": losses}, f)
    dist.barrier()
    # Exit without running destructors: tearing down DDP's Reducer joins gloo's run-loop
    # thread while holding the GIL that thread may be waiting for (a deadlock seen here
    # at interpreter exit, after the work was done).
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    import torch.multiprocessing as mp

    out_dir = tempfile.mkdtemp()
    init_file = os.path.join(out_dir, "init")
    mp.spawn(worker, args=(2, init_file, out_dir), nprocs=2, join=True)
    results = [json.load(open(os.path.join(out_dir, f"rank{r}.json"))) for r in range(2)]
    print("RESULT" + json.dumps(results))
