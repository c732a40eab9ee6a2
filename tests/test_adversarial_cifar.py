"""CIFAR-10 loading (python-format archive, no torchvision) and the full-profile CIFAR
helpers, run on tiny random data in CIFAR-10's file format."""

import hashlib
import tarfile

import pytest
import torch

from shared.adversarial import cifar
from shared.adversarial import data
from shared.adversarial.models import PreActResNet18


@pytest.fixture()
def fake_root(tmp_path):
    data.write_fake_cifar10(tmp_path, n_train=30, n_test=12, seed=1)
    return tmp_path


def test_load_fake_cifar10_shapes_and_range(fake_root):
    x_tr, y_tr, x_te, y_te = data.load_cifar10(fake_root)
    assert x_tr.shape == (30, 3, 32, 32) and x_te.shape == (12, 3, 32, 32)
    assert x_tr.dtype == torch.float32 and y_tr.dtype == torch.int64
    assert 0.0 <= float(x_tr.min()) and float(x_tr.max()) <= 1.0
    assert set(y_tr.tolist()) <= set(range(10)) and len(y_te) == 12
    # pixel values are k / 255 exactly as stored
    assert torch.allclose(x_te * 255, (x_te * 255).round(), atol=1e-4)


def test_env_variable_sets_the_default_root(fake_root, monkeypatch):
    monkeypatch.setenv("REPRO_CIFAR10_ROOT", str(fake_root))
    assert data.cifar10_root() == fake_root
    assert data.load_cifar10()[0].shape[0] == 30


def test_missing_data_without_download_names_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="REPRO_CIFAR10_ROOT"):
        data.load_cifar10(tmp_path / "nowhere", download=False)
    got, reason = cifar.try_load_cifar10(tmp_path / "nowhere", download=False)
    assert got is None and "CIFAR-10 unavailable" in reason


def _tar_fake(tmp_path):
    src = tmp_path / "src"
    data.write_fake_cifar10(src, n_train=10, n_test=5)
    dest = tmp_path / "dest"
    dest.mkdir()
    archive = dest / "cifar-10-python.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(src / "cifar-10-batches-py", arcname="cifar-10-batches-py")
    return dest, hashlib.md5(archive.read_bytes()).hexdigest()


def test_archive_is_checked_and_extracted(tmp_path, monkeypatch):
    dest, md5 = _tar_fake(tmp_path)
    monkeypatch.setattr(data, "CIFAR10_MD5", md5)
    x_tr, _, x_te, _ = data.load_cifar10(dest, download=False)
    assert x_tr.shape[0] == 10 and x_te.shape[0] == 5
    assert (dest / "cifar-10-batches-py" / "test_batch").exists()


def test_archive_with_wrong_checksum_is_refused(tmp_path):
    dest, _ = _tar_fake(
        tmp_path
    )  # the real CIFAR-10 checksum cannot match the fake archive
    with pytest.raises(ValueError, match="MD5"):
        data.load_cifar10(dest, download=False)


def test_corrupt_batch_is_refused(fake_root):
    import pickle

    with open(fake_root / "cifar-10-batches-py" / "test_batch", "wb") as f:
        pickle.dump({b"data": torch.zeros(3, 5).numpy(), b"labels": [0, 1, 2]}, f)
    with pytest.raises(ValueError, match="not a CIFAR-10 batch"):
        data.load_cifar10(fake_root)


def test_cifar_model_seeded_and_validated():
    a, b = cifar.cifar_model("tiny", seed=3), cifar.cifar_model("tiny", seed=3)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert a(torch.rand(2, 3, 32, 32)).shape == (2, 10)
    assert isinstance(cifar.cifar_model("prn18"), PreActResNet18)
    with pytest.raises(ValueError, match="arch must be one of"):
        cifar.cifar_model("vit")


def test_preactresnet18_forward_shape():
    m = PreActResNet18().eval()
    with torch.no_grad():
        assert m(torch.rand(2, 3, 32, 32)).shape == (2, 10)


def test_train_cifar_model_is_deterministic(fake_root):
    x, y, _, _ = data.load_cifar10(fake_root)
    kw = dict(arch="tiny", epochs=1, k_train=8, attack_steps=1, batch=16)
    m1, h1 = cifar.train_cifar_model("sat", x, y, seed=0, **kw)
    m2, h2 = cifar.train_cifar_model("sat", x, y, seed=0, **kw)
    assert len(h1) == 1 and h1[0].passes_per_batch > 2
    assert all(torch.equal(p, q) for p, q in zip(m1.parameters(), m2.parameters()))
    with pytest.raises(ValueError, match=r"\(N, 3, 32, 32\)"):
        cifar.train_cifar_model("sat", x[:, :1], y, **kw)


def test_evaluate_sparse_orders_attacks(fake_root):
    x, y, xt, yt = data.load_cifar10(fake_root)
    model = cifar.cifar_model("tiny", seed=0).eval()
    r = cifar.evaluate_sparse(model, xt, yt, 10, iters=3, queries=5, seed=0, chunk=5)
    for name in ("sPGD-proj", "sPGD-unproj", "Sparse-RS", "sAA"):
        assert 0.0 <= r[name] <= r["clean"] <= 1.0
    # sAA's first stage is sPGD-proj with the same seed, per chunk
    assert r["sAA"] <= min(r["sPGD-proj"], r["sPGD-unproj"] + 1.0)
    with pytest.raises(ValueError, match="chunk"):
        cifar.evaluate_sparse(model, xt, yt, 10, chunk=0)


def test_run_cifar_suite_trains_and_evaluates(fake_root):
    from dataclasses import replace

    s = replace(cifar.CIFAR_SMOKE, n_eval=8, n_co=6)
    suite = cifar.run_cifar_suite(
        s,
        {"vanilla": ("clean", {}), "1-step": ("sat", {"attack_steps": 1})},
        root=fake_root,
        co_curves=True,
    )
    assert suite.ran and suite.reason == ""
    assert set(suite.results) == {(n, k) for n in ("vanilla", "1-step") for k in s.ks}
    ev = suite.history["1-step"][-1].eval
    assert ev["strong"] <= ev["one_step"] <= 1.0
    assert "| vanilla |" in suite.table(20)
    assert suite.summary().count("| 1-step |") == len(s.ks)
    missing = cifar.run_cifar_suite(
        s, {"vanilla": ("clean", {})}, root=fake_root / "none"
    )
    assert not missing.ran and "unavailable" in missing.reason and not missing.results
    assert missing.summary().startswith("**Not run.**")


def test_check_cifar_epochs():
    cifar.check_cifar_epochs(None)
    cifar.check_cifar_epochs(30)
    for bad in (0, -1, 2.5, True, "30"):
        with pytest.raises(ValueError, match="CIFAR_EPOCHS"):
            cifar.check_cifar_epochs(bad)


def test_download_path_with_a_stand_in_server(tmp_path, monkeypatch):
    import io
    import urllib.request

    src, md5 = _tar_fake(tmp_path)
    payload = (src / "cifar-10-python.tar.gz").read_bytes()
    seen = {}

    def fake_urlopen(url, timeout):
        seen["url"], seen["timeout"] = url, timeout
        return io.BytesIO(payload)

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    monkeypatch.setattr(data, "CIFAR10_MD5", md5)
    x_tr, _, _, _ = data.load_cifar10(tmp_path / "fresh", download=True)
    assert x_tr.shape[0] == 10 and seen == {"url": data.CIFAR10_URL, "timeout": 60}


def test_offline_download_is_reported(tmp_path, monkeypatch):
    import urllib.error
    import urllib.request

    def no_network(url, timeout):
        raise urllib.error.URLError("network unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    got, reason = cifar.try_load_cifar10(tmp_path / "fresh", download=True)
    assert got is None and "network unreachable" in reason
    assert not (tmp_path / "fresh" / "cifar-10-python.tar.gz").exists()


@pytest.mark.slow
def test_preactresnet18_trains_one_sat_epoch(fake_root):
    x, y, _, _ = data.load_cifar10(fake_root)
    model, hist = cifar.train_cifar_model(
        "strades",
        x[:16],
        y[:16],
        arch="prn18",
        epochs=1,
        k_train=120,
        attack_steps=1,
        batch=8,
    )
    assert len(hist) == 1 and torch.isfinite(torch.tensor(hist[0].loss))
    assert not model.training  # handed back in eval mode


def test_attack_keeps_batchnorm_statistics_and_mode():
    from shared.adversarial import spgd

    model = PreActResNet18()
    model.train()
    before = {k: v.clone() for k, v in model.state_dict().items() if "running" in k}
    x, y = torch.rand(4, 3, 32, 32), torch.randint(0, 10, (4,))
    spgd(model, x, y, 20, iters=2, seed=0)
    assert model.training
    after = model.state_dict()
    assert all(torch.equal(v, after[k]) for k, v in before.items())
