"""The two networks, written only with layers the Swift fixed-point core implements:
conv2d (+ folded batch norm) with ReLU, max-pool. No recurrent or attention layers."""
import torch
import torch.nn as nn

from render import ALPHABET

NUM_CLASSES = len(ALPHABET) + 1  # + CTC blank, the last class
BLANK = len(ALPHABET)
READER_H, READER_W = 24, 94


class ConvBN(nn.Module):
    """Conv without bias, batch norm, optional ReLU; folded into one int8 conv at export."""

    def __init__(self, cin, cout, k, stride=1, pad=None, relu=True):
        super().__init__()
        kh, kw = (k, k) if isinstance(k, int) else k
        sh, sw = (stride, stride) if isinstance(stride, int) else stride
        if pad is None:
            pad = (kh // 2, kw // 2)
        self.conv = nn.Conv2d(cin, cout, (kh, kw), (sh, sw), pad, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.relu = relu

    def forward(self, x):
        x = self.bn(self.conv(x))
        return torch.relu(x) if self.relu else x


class Reader(nn.Module):
    """All-convolutional CTC reader: 24x94 grey crop -> 23 time steps x 36 classes.
    `widths`: the channels of its five convolutions; `temporal`: extra 1x3 convolutions along
    the time steps after the height collapse (context between neighbouring characters, cheap at
    one row). The default is the first shipped architecture; a checkpoint records its own."""

    def __init__(self, widths=(16, 48, 64, 64, 128), temporal=0):
        super().__init__()
        w1, w2, w3, w4, w5 = widths
        self.body = nn.Sequential(
            ConvBN(1, w1, 3),
            nn.MaxPool2d(2, 2),            # 12x47
            ConvBN(w1, w2, 3),
            nn.MaxPool2d(2, 2),            # 6x23
            ConvBN(w2, w3, 3),
            ConvBN(w3, w4, 3),
            ConvBN(w4, w5, (6, 1), pad=(0, 0)),   # collapse height: 1x23
            *[ConvBN(w5, w5, (1, 3)) for _ in range(temporal)],
            nn.Dropout(0.2),
        )
        self.head = nn.Conv2d(w5, NUM_CLASSES, 1)  # logits, no activation
        self.arch = {"widths": list(widths), "temporal": temporal}

    def forward(self, x):  # x: N,1,24,94 in [-1,1)
        y = self.head(self.body(x))  # N,C,1,T
        return y.squeeze(2).permute(2, 0, 1)  # T,N,C


def reader_from(checkpoint):
    """The Reader a loaded checkpoint dict describes, with its weights."""
    model = Reader(**checkpoint.get("arch", {}))
    model.load_state_dict(checkpoint["model"])
    return model


def load_reader(path):
    """(reader in eval mode, the contrast stretch clip percent its crops went through) from a
    checkpoint file."""
    checkpoint = torch.load(path, weights_only=False)
    return reader_from(checkpoint).eval(), checkpoint.get("stretch", 0)


class Detector(nn.Module):
    """Plate heat-map CNN on the frame downscaled by 2: stride 8 output cells, each with a
    plate-centre logit and the plate's width and height in cells (CenterNet style)."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            ConvBN(1, 8, 3, stride=2),
            ConvBN(8, 16, 3, stride=2),
            ConvBN(16, 24, 3, stride=2),
            ConvBN(24, 24, 3),
            ConvBN(24, 24, 3),
        )
        self.head = nn.Conv2d(24, 3, 1)

    def forward(self, x):
        return self.head(self.body(x))


def count_params(m):
    return sum(p.numel() for p in m.parameters())


if __name__ == "__main__":
    r, d = Reader(), Detector()
    print("reader params", count_params(r), r(torch.zeros(2, 1, 24, 94)).shape)
    print("detector params", count_params(d), d(torch.zeros(2, 1, 360, 640)).shape)
