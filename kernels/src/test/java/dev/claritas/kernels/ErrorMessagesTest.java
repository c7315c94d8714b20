package dev.claritas.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.claritas.tensor.Backends;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Errors a person can act on: a mismatch names the op and both operands' shapes (or dtypes, or
 * devices), and a bad index names the index, rather than surfacing as an
 * ArrayIndexOutOfBoundsException from deep inside a kernel.
 */
class ErrorMessagesTest {

    /** Asserts that {@code call} throws {@code type} with a message containing every one of {@code parts}. */
    private static <T extends Throwable> void assertMessage(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        String message = e.getMessage();
        for (String part : parts) {
            assertTrue(message != null && message.contains(part), "expected \"" + part + "\" in: " + message);
        }
    }

    @Test
    void broadcastMismatchNamesTheOpAndBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4);
        assertMessage(ShapeMismatchException.class, () -> a.add(b), "add", "[2, 3]", "[4]");
        assertMessage(ShapeMismatchException.class, () -> a.mul(b), "mul", "[2, 3]", "[4]");
        assertMessage(ShapeMismatchException.class, () -> b.sub(a), "sub", "[4]", "[2, 3]");
    }

    @Test
    void whereNamesTheShapesThatDoNotBroadcast() {
        Tensor cond = Tensor.of(new boolean[] {true, false, true}, 3);
        assertMessage(ShapeMismatchException.class, () -> Ops.where(cond, Tensor.zeros(2, 3), Tensor.zeros(2, 2)),
                "where", "[2, 3]", "[2, 2]");
    }

    @Test
    void matmulInnerSizeMismatchNamesBothShapes() {
        assertMessage(ShapeMismatchException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)),
                "matmul", "[2, 3]", "[4, 5]");
        assertMessage(ShapeMismatchException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4)),
                "matmul", "[2, 3]", "[4]");
        assertMessage(ShapeMismatchException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(4, 5)),
                "matmul", "[3]", "[4, 5]");
        assertMessage(ShapeMismatchException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(4)),
                "matmul", "[3]", "[4]");
        assertMessage(ShapeMismatchException.class, () -> Tensor.zeros(2, 2, 3).bmm(Tensor.zeros(2, 4, 5)),
                "bmm", "[2, 2, 3]", "[2, 4, 5]");
    }

    @Test
    void matmulBatchMismatchNamesBothFullShapes() {
        assertMessage(ShapeMismatchException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)),
                "matmul", "[2, 3, 4]", "[3, 4, 5]");
    }

    @Test
    void conv2dChannelMismatchNamesInputAndWeight() {
        Tensor x = Tensor.zeros(1, 3, 5, 5);
        Tensor w = Tensor.zeros(4, 2, 3, 3);
        assertMessage(ShapeMismatchException.class, () -> Ops.conv2d(x, w, null, 1, 1),
                "conv2d", "[1, 3, 5, 5]", "[4, 2, 3, 3]", "3 channels");
    }

    @Test
    void conv2dOfA3dInputSaysItWantsFourDimensions() {
        assertMessage(ShapeMismatchException.class, () -> Ops.conv2d(Tensor.zeros(3, 5, 5), Tensor.zeros(4, 3, 3, 3), null, 1, 1),
                "conv2d", "[3, 5, 5]", "4-D");
    }

    @Test
    void conv3dMismatchesNameTheOpAndBothShapes() {
        Tensor w = Tensor.zeros(4, 2, 3, 3, 3);
        assertMessage(ShapeMismatchException.class, () -> Ops.conv3d(Tensor.zeros(1, 3, 4, 5, 5), w, null, 1, 1),
                "conv3d", "[1, 3, 4, 5, 5]", "[4, 2, 3, 3, 3]", "3 channels");
        assertMessage(ShapeMismatchException.class, () -> Ops.conv3d(Tensor.zeros(1, 2, 5, 5), w, null, 1, 1),
                "conv3d", "[1, 2, 5, 5]", "[4, 2, 3, 3, 3]", "5-D", "[N, C, D, H, W]");
        assertMessage(ShapeMismatchException.class, () -> Ops.conv3d(Tensor.zeros(1, 2, 2, 5, 5), w, null, 1, 0),
                "conv3d", "[1, 2, 2, 5, 5]", "[4, 2, 3, 3, 3]", "smaller than the dilated kernel");
        assertMessage(ShapeMismatchException.class, () -> Ops.convTranspose3d(Tensor.zeros(1, 3, 2, 2, 2), w, null,
                new int[] {1, 1, 1}, new int[3], new int[3], 1, new int[] {1, 1, 1}), "conv_transpose3d", "[1, 3, 2, 2, 2]",
                "[4, 2, 3, 3, 3]");
        assertMessage(ShapeMismatchException.class, () -> Ops.maxPool3d(Tensor.zeros(1, 2, 5, 5), 2),
                "max_pool3d", "[1, 2, 5, 5]", "[N, C, D, H, W]");
        assertMessage(ShapeMismatchException.class, () -> Ops.avgPool3d(Tensor.zeros(1, 2, 1, 5, 5), 2),
                "avg_pool3d", "[1, 2, 1, 5, 5]");
    }

    @Test
    void dtypeMismatchNamesBothDtypes() {
        Tensor f32 = Tensor.zeros(2);
        Tensor f64 = Tensor.zeros(new int[] {2}, DType.FLOAT64, Device.CPU);
        assertMessage(ShapeMismatchException.class, () -> f32.add(f64), "add", "float32", "float64");
        assertMessage(ShapeMismatchException.class, () -> f32.reshape(1, 2).matmul(f64.reshape(2, 1)),
                "matmul", "float32", "float64");
    }

    @Test
    void reshapeToTheWrongSizeNamesBothShapes() {
        assertMessage(ShapeMismatchException.class, () -> Tensor.zeros(2, 3).reshape(4, 2), "reshape", "[4, 2]", "[2, 3]");
        assertMessage(ShapeMismatchException.class, () -> Tensor.zeros(2, 3).reshape(4, -1), "reshape", "[4, -1]", "[2, 3]");
    }

    @Test
    void viewOfANonContiguousTensorPointsToReshape() {
        assertMessage(IllegalStateException.class, () -> Tensor.zeros(2, 3).t().view(6), "view", "contiguous", "reshape");
    }

    @Test
    void narrowOutOfRangeNamesTheRangeAndTheDimension() {
        assertMessage(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).narrow(1, 2, 3),
                "narrow", "[2, 5)", "dimension 1", "[2, 3]");
    }

    @Test
    void aDimensionOutOfRangeNamesTheDimensionAndRank() {
        assertMessage(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).sum(2, false), "dimension 2", "rank 2");
    }

    @Test
    void gatherWithAnOutOfRangeIndexNamesTheIndex() {
        Tensor src = Tensor.zeros(2, 4);
        Tensor index = Tensor.of(new long[] {0, 1, 7, 2}, 2, 2);
        assertMessage(IndexOutOfBoundsException.class, () -> Ops.gather(src, 1, index), "gather", "index 7", "size 4");
        assertMessage(IndexOutOfBoundsException.class, () -> Ops.gather(src, 1, Tensor.of(new long[] {-1, 0}, 2, 1)),
                "gather", "index -1");
    }

    @Test
    void scatterAddWithAnOutOfRangeIndexNamesTheIndex() {
        Tensor index = Tensor.of(new long[] {5}, 1, 1);
        assertMessage(IndexOutOfBoundsException.class, () -> Ops.scatterAdd(Tensor.zeros(2, 3), 1, index, Tensor.zeros(1, 1)),
                "scatter_add", "index 5", "size 3");
    }

    @Test
    void catNamesTheShapesThatDiffer() {
        assertMessage(ShapeMismatchException.class, () -> Ops.cat(List.of(Tensor.zeros(2, 3), Tensor.zeros(3, 3)), 1),
                "cat", "[2, 3]", "[3, 3]");
    }

    @Test
    void expandNamesTheSourceAndTargetShapes() {
        assertMessage(ShapeMismatchException.class, () -> Tensor.zeros(2, 3).expand(4, 3, 2), "expand", "[2, 3]", "[4, 3, 2]");
    }

    @Test
    void lossesNameInputAndTargetShapes() {
        assertMessage(ShapeMismatchException.class, () -> Ops.mseLoss(Tensor.zeros(2, 3), Tensor.zeros(3, 2)),
                "mse_loss", "[2, 3]", "[3, 2]");
        assertMessage(ShapeMismatchException.class, () -> Ops.l1Loss(Tensor.zeros(4), Tensor.zeros(2, 2)),
                "l1_loss", "[4]", "[2, 2]");
    }

    @Test
    void backwardWithAGradientOfTheWrongShapeNamesBothShapes() {
        Tensor y = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true).mul(2);
        Tensor wrong = Tensor.zeros(new int[] {2}, DType.FLOAT64, Device.CPU);
        assertMessage(ShapeMismatchException.class, () -> y.backward(wrong, false), "backward", "[2]", "[3]");
    }

    @Test
    void creatingATensorWithTheWrongNumberOfValuesSaysHowMany() {
        assertMessage(ShapeMismatchException.class, () -> Tensor.of(new float[5], 2, 3), "5 values", "[2, 3]");
    }

    @Test
    void anUnknownDeviceTypeListsTheBackendsFound() {
        assertMessage(IllegalStateException.class, () -> Tensor.zeros(2).to(new Device("tpu", 0)), "tpu", "cpu");
    }

    @Test
    void deviceMismatchNamesBothDevices() {
        // needs a second device (OpenCL or CUDA); reported as skipped on a CPU-only machine
        List<Device> others = Backends.devices().stream().filter(d -> !d.equals(Device.CPU)).toList();
        assumeFalse(others.isEmpty(), "only the CPU is available");
        Device other = others.getFirst();
        Tensor onCpu = Tensor.zeros(2);
        Tensor elsewhere = Tensor.zeros(2).to(other);
        assertMessage(ShapeMismatchException.class, () -> onCpu.add(elsewhere), "add", "cpu", other.toString());
    }
}
