"""Small classifiers for the sparse-attack chapters.

``TinyCNN`` takes (N, 1, 8, 8) digits (or any (N, C, H, W) with H, W divisible by 4) and
returns (N, n_classes) logits; no BatchNorm, so train/eval modes agree.
``PreActResNet18`` is the CIFAR-10 model of the full profile (softplus, no input
normalisation, inputs in [0, 1]).
"""

from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

__all__ = ["TinyCNN", "PreActResNet18", "ConstantModel", "LinearModel"]

_ACTS = {"relu": nn.ReLU, "softplus": nn.Softplus}


class TinyCNN(nn.Module):
    """conv3x3 C->w, act, conv w->2w, act, pool 2, conv 2w->2w, act, pool 2, fc, act,
    fc.

    act: ``"relu"`` (with max-pool) or ``"softplus"`` (with average pool, a smooth
    network).
    Parameters: about 0.09 M at width 32, 8x8 inputs. Weights use He (Kaiming-normal)
    init and zero biases: with PyTorch's default init the softplus network sits at
    chance for many epochs.
    """

    # Deliberate repeat: one keyword setting a line, like every constructor's signature.
    def __init__(
        self,
        width: int = 32,
        act: str = "relu",
        in_channels: int = 1,
        image_size: int = 8,
        n_classes: int = 10,
        hidden: int = 128,
    ):
        super().__init__()
        if act not in _ACTS:
            raise ValueError(f"act must be one of {sorted(_ACTS)}; got {act!r}")
        if width < 1 or image_size % 4:
            raise ValueError(
                f"width must be >= 1 and image_size divisible by 4; got {width}, "
                f"{image_size}"
            )
        a = _ACTS[act]
        pool = nn.MaxPool2d(2) if act == "relu" else nn.AvgPool2d(2)
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, width, 3, padding=1),
            a(),
            nn.Conv2d(width, 2 * width, 3, padding=1),
            a(),
            pool,
            nn.Conv2d(2 * width, 2 * width, 3, padding=1),
            a(),
            nn.MaxPool2d(2) if act == "relu" else nn.AvgPool2d(2),
        )
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Linear(2 * width * (image_size // 4) ** 2, hidden),
            a(),
            nn.Linear(hidden, n_classes),
        )
        for mod in (
            self.modules()
        ):  # He init: PyTorch's default leaves the logits nearly constant
            if isinstance(mod, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(mod.weight, nonlinearity="relu")
                nn.init.zeros_(mod.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class ConstantModel(nn.Module):
    """Ignores its input: logits (N, K) equal a fixed vector (favouring ``label``) for
    every image."""

    def __init__(self, label: int = 0, n_classes: int = 10):
        super().__init__()
        z = torch.zeros(n_classes)
        z[label] = 1.0
        self.register_buffer("z", z)
        self.w = nn.Parameter(torch.zeros(()))  # keeps autograd connected to the input

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.z.to(x.dtype).expand(len(x), -1) + self.w * 0 * x.flatten(1).sum(
            1, keepdim=True
        )


class LinearModel(nn.Module):
    """z = W vec(x) + b; W (K, C*H*W), b (K,). Used for exact l0 oracles in tests."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor):
        super().__init__()
        self.weight = nn.Parameter(weight.clone())
        self.bias = nn.Parameter(bias.clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.flatten(1) @ self.weight.T + self.bias


class _PreActBlock(nn.Module):
    def __init__(self, cin, cout, stride, act):
        super().__init__()
        self.bn1, self.conv1 = (
            nn.BatchNorm2d(cin),
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False),
        )
        self.bn2, self.conv2 = (
            nn.BatchNorm2d(cout),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False),
        )
        self.act = act
        self.short = (
            nn.Conv2d(cin, cout, 1, stride, bias=False)
            if stride != 1 or cin != cout
            else None
        )

    def forward(self, x):
        o = self.act(self.bn1(x))
        sc = self.short(o) if self.short is not None else x
        o = self.conv1(o)
        o = self.conv2(self.act(self.bn2(o)))
        return o + sc


class PreActResNet18(nn.Module):
    """PreAct ResNet-18 for (N, 3, 32, 32) inputs in [0, 1]; act ``"softplus"`` (beta 1)
    or ``"relu"``."""

    def __init__(self, n_classes: int = 10, act: str = "softplus"):
        super().__init__()
        if act not in _ACTS:
            raise ValueError(f"act must be one of {sorted(_ACTS)}; got {act!r}")
        self.act = F.softplus if act == "softplus" else F.relu
        self.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        layers, cin = [], 64
        for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers += [
                _PreActBlock(cin, cout, stride, self.act),
                _PreActBlock(cout, cout, 1, self.act),
            ]
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.bn = nn.BatchNorm2d(512)
        self.fc = nn.Linear(512, n_classes)

    def forward(self, x):
        o = self.act(self.bn(self.layers(self.conv1(x))))
        return self.fc(
            o.mean(dim=(2, 3))
        )  # global average pool (deterministic on CUDA)
