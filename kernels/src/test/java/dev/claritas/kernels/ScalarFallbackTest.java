package dev.claritas.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} still runs every kernel (on the
 * scalar paths), says once how to enable the vector path, and computes the same results.
 */
class ScalarFallbackTest {

    /** A small workload touching the vectorised kernels: GEMM, conv, elementwise add/mul and relu. */
    static double workload() {
        Generator gen = new Generator(11);
        Tensor x = Ops.normal(new int[] {2, 3, 17, 19}, 0, 1, dev.claritas.tensor.DType.FLOAT32, dev.claritas.tensor.Device.CPU, gen);
        Tensor w = Ops.normal(new int[] {5, 3, 3, 3}, 0, 1, dev.claritas.tensor.DType.FLOAT32, dev.claritas.tensor.Device.CPU, gen);
        Tensor y = Ops.conv2d(x, w, null, 1, 1).relu();
        Tensor m = y.reshape(10, -1).matmul(y.reshape(10, -1).t());
        return m.add(m.mul(0.5)).sum().item();
    }

    /** Entry point of the child JVM: prints the workload's result. */
    public static void main(String[] args) {
        System.out.println(String.format(Locale.ROOT, "result=%.9e", workload()));
    }

    @Test
    void scalarJvmGivesTheSameResultAndSaysHowToEnableVectors() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), ScalarFallbackTest.class.getName()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains("--add-modules jdk.incubator.vector"), "expected a hint on enabling the Vector API: " + output);
        assertEquals(1, output.split("jdk.incubator.vector", -1).length - 1, "the hint should be printed once: " + output);
        double child = Double.parseDouble(output.substring(output.indexOf("result=") + 7).strip());
        double here = workload();
        assertEquals(here, child, 1e-5 * Math.abs(here), "scalar and vector paths disagree");
    }
}
