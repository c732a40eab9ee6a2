"""Regression tests for two audit findings in shared.adversarial (issue 12).

* The epoch time of ``train_model`` excluded nothing: it included the ``eval_fn`` run
after the
  epoch, which biased the s/epoch columns and the time-ratio claim.
* ``load_cifar10`` passed ``filter="data"`` to ``TarFile.extractall`` on every Python,
which
  raises a TypeError on builds without extraction filters.
"""

import hashlib
import tarfile

import torch

from shared.adversarial import data
from shared.adversarial import training
from shared.adversarial.training import train_digits_model


class _FakeClock:
    """A clock that moves only when told to, so the test measures which interval is
    timed."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_epoch_time_excludes_the_eval_fn(monkeypatch):
    clock = _FakeClock()
    monkeypatch.setattr(training.time, "perf_counter", clock)

    def slow_eval(model, epoch):
        clock.now += 100.0  # an evaluation that "takes" 100 s
        return {"acc": 1.0}

    x = torch.rand(16, 1, 8, 8)
    y = torch.arange(16) % 10
    _, hist = train_digits_model(
        0,
        "clean",
        epochs=2,
        width=4,
        data=(x, y),
        batch=8,
        eval_fn=slow_eval,
        eval_every=1,
    )
    assert [h.eval for h in hist] == [{"acc": 1.0}] * 2
    assert all(h.seconds == 0.0 for h in hist), [h.seconds for h in hist]
    assert all(h.eval_seconds == 100.0 for h in hist)
    assert all(h.cpu_seconds >= 0.0 for h in hist)


def test_cifar_archive_extracts_where_tarfile_has_no_filters(tmp_path, monkeypatch):
    src = tmp_path / "src"
    data.write_fake_cifar10(src, n_train=10, n_test=5)
    dest = tmp_path / "dest"
    dest.mkdir()
    archive = dest / "cifar-10-python.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(src / "cifar-10-batches-py", arcname="cifar-10-batches-py")
    monkeypatch.setattr(
        data, "CIFAR10_MD5", hashlib.md5(archive.read_bytes()).hexdigest()
    )
    # a Python build without extraction filters: no data_filter, and no `filter` keyword
    monkeypatch.delattr(tarfile, "data_filter", raising=False)
    original = tarfile.TarFile.extractall

    def old_extractall(self, path=".", members=None, *, numeric_owner=False, **kwargs):
        if kwargs:
            raise TypeError(
                "extractall() got an unexpected keyword argument "
                f"{next(iter(kwargs))!r}"
            )
        return original(self, path, members, numeric_owner=numeric_owner)

    monkeypatch.setattr(tarfile.TarFile, "extractall", old_extractall)
    x_tr, _, x_te, _ = data.load_cifar10(dest, download=False)
    assert x_tr.shape[0] == 10 and x_te.shape[0] == 5
