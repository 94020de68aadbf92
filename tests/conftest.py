"""Shared test set-up: Triton runs interpreted without a GPU; the model cache is shared by the session."""

import os
from pathlib import Path

import pytest

# Must happen before anything imports triton.
if "TRITON_INTERPRET" not in os.environ:
    import torch

    if not torch.cuda.is_available():
        os.environ["TRITON_INTERPRET"] = "1"

# Real model weights are converted once per machine and reused across test runs.
REPO = Path(__file__).resolve().parent.parent
MODEL_CACHE = Path(os.environ.get("DOCPROC_TEST_CACHE", REPO / ".cache" / "test-models"))


def pytest_collection_modifyitems(config, items):
    import torch

    if torch.cuda.is_available():
        return
    skip_gpu = pytest.mark.skip(reason="needs a CUDA GPU")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip_gpu)


@pytest.fixture(scope="session")
def model_cache() -> Path:
    """A cache dir holding real weights (SmolLM2), shared by every test of the session."""
    MODEL_CACHE.mkdir(parents=True, exist_ok=True)
    return MODEL_CACHE


@pytest.fixture(autouse=True)
def _isolated_cache(monkeypatch, model_cache):
    # Every test sees the shared model cache, never the user's real one.
    monkeypatch.setenv("DOCPROC_CACHE", str(model_cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
