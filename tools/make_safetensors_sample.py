#!/usr/bin/python3
"""Writes tensor/src/test/resources/safetensors/python_written.safetensors: one small tensor of
each dtype the Java codec supports, with values SafeTensorsTest checks, written by Python so that
the Java reader is tested against an independent writer.

    /usr/bin/python3 tools/make_safetensors_sample.py
"""

import math
from pathlib import Path

import torch

from make_fixtures import write_safetensors

TARGET = Path(__file__).resolve().parent.parent / "tensor/src/test/resources/safetensors/python_written.safetensors"

inf, nan = math.inf, math.nan
tensors = {
    "f32": torch.tensor([[1.0, -2.5, 3.25], [0.0, 1e-3, -7.0]], dtype=torch.float32),
    "f64": torch.tensor([math.pi, -1e300], dtype=torch.float64),
    # 1, -2.5, the largest half, the smallest subnormal half, the largest subnormal half, inf, -inf, nan
    "f16": torch.tensor([1.0, -2.5, 65504.0, 2.0 ** -24, 1023 * 2.0 ** -24, inf, -inf, nan], dtype=torch.float16),
    # 1, -2.5, 2^100, the smallest subnormal bfloat16 (2^-133), inf, nan
    "bf16": torch.tensor([1.0, -2.5, 2.0 ** 100, 2.0 ** -133, inf, nan], dtype=torch.bfloat16),
    "i64": torch.tensor([-(2 ** 62), 0, 2 ** 40 + 1], dtype=torch.int64),
    "i32": torch.tensor([[-5], [7]], dtype=torch.int32),
    "i16": torch.tensor([-32768, 32767], dtype=torch.int16),
    "i8": torch.tensor([-128, 127], dtype=torch.int8),
    "u8": torch.tensor([0, 200, 255], dtype=torch.uint8),
    "bool": torch.tensor([True, False, True]),
    "scalar": torch.tensor(42.0),
    "empty": torch.zeros(0, 3),
}
write_safetensors(TARGET, tensors, {"format": "pt", "source": "python"})
print("wrote", TARGET)
