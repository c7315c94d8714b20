package dev.claritas.kernels.gpu;

import dev.claritas.tensor.*;
import java.util.Arrays;

class GpuSmokeMain {
    public static void main(String[] a) {
        System.out.println(Backends.devices());
        Device d = Device.parse("opencl:0");
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).to(d);
        Tensor y = x.mul(x).add(x.transpose(0, 1).transpose(0, 1)).exp();
        System.out.println(Arrays.toString(y.toFloatArray()));
        System.out.println(x.sum().to(Device.CPU).item() + " " + Arrays.toString(x.sum(1, false).toFloatArray()) + " argmax " + x.argmax(1, false));
    }
}
