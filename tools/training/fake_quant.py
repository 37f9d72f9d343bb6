"""Quantization-aware forward pass of the reader: the float network computed as export.py's
int8 network will compute it, so that fine-tuning learns weights that survive quantization.

Batch norm is folded into each convolution with its running statistics (frozen: the batch
norm layers stay in evaluation mode), the folded weights are rounded per output channel to
int8 and the bias to int32 at export's scales, and every convolution's output is clamped and
rounded to int8 at a fixed activation scale: the starting checkpoint's own (an imported one
carries the shipped file's), else export.activation_scales on the calibration pool computed
once before fine-tuning; kept in the checkpoint, so that export uses the same ones. Rounding
has a straight-through gradient; clamping passes none outside its range.
"""
import torch
import torch.nn.functional as F

from export import INPUT_SCALE, activation_scales, fold
from models import ConvBN


def fake_quantize(x, scale, lo, hi):
    clamped = torch.clamp(x, lo * scale, hi * scale)
    return clamped + (torch.round(clamped / scale) * scale - clamped).detach()


def folded(module):
    """(weight, bias) of a ConvBN with its batch norm folded in, differentiable in both."""
    bn = module.bn
    g = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    return module.conv.weight * g[:, None, None, None], bn.bias - bn.running_mean * g


def quantized_conv(x, weight, bias, conv, s_in, s_out, relu):
    s_w = (weight.detach().abs().amax(dim=(1, 2, 3)).clamp_min(1e-8) / 127)[:, None, None, None]
    w = fake_quantize(weight, s_w, -127, 127)
    b = fake_quantize(bias, s_in * s_w.flatten(), -(2 ** 31), 2 ** 31 - 1)
    y = F.conv2d(x, w, b, conv.stride, conv.padding)
    return fake_quantize(y, s_out, 0 if relu else -128, 127)


def quantized_reader_forward(reader, x, scales):
    """Reader.forward with int8 rounding (x: N,1,24,94 in [-1, 1), already on the int8 grid);
    `scales`: one activation scale per convolution, the head's last. Returns T,N,C logits."""
    s_in, convs = INPUT_SCALE, iter(scales)
    for layer in reader.body:
        if isinstance(layer, ConvBN):
            w, b = folded(layer)
            s_out = next(convs)
            x = quantized_conv(x, w, b, layer.conv, s_in, s_out, layer.relu)
            s_in = s_out
        else:
            x = layer(x)  # max-pool commutes with rounding; dropout only in training
    y = quantized_conv(x, reader.head.weight, reader.head.bias, reader.head, s_in, next(convs), False)
    return y.squeeze(2).permute(2, 0, 1)


def freeze_batch_norm(reader):
    """Training mode for dropout, evaluation mode (running statistics, not updated) for batch norm."""
    reader.train()
    for m in reader.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.eval()


def reader_activation_scales(reader, calibration):
    """export.activation_scales of the reader's folded float network on `calibration`."""
    reader.eval()
    return activation_scales(fold(reader), calibration)
