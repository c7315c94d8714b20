package dev.claritas.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claritas.nn.BatchNorm2d;
import dev.claritas.nn.Conv2d;
import dev.claritas.nn.Dropout2d;
import dev.claritas.nn.Parameter;
import dev.claritas.nn.ReLU;
import dev.claritas.nn.Sequential;
import dev.claritas.nn.optim.Adam;
import dev.claritas.nn.optim.LrScheduler;
import dev.claritas.nn.optim.Optimizer;
import dev.claritas.nn.optim.ReduceLROnPlateau;
import dev.claritas.nn.optim.SGD;
import dev.claritas.nn.optim.StepLR;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.RawTensor;
import dev.claritas.tensor.io.SafeTensorsFormatException;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run resumed from a checkpoint continues bit for bit as the uninterrupted run did: the model
 * (with BatchNorm statistics and dropout), Adam's moments, the StepLR schedule and the random
 * streams of the data and the dropout masks all come back. A save that fails half-way leaves the
 * previous checkpoint, and a damaged or mismatched file is refused, naming the file, without
 * changing anything.
 */
class CheckpointTest {
    @TempDir
    Path dir;

    /** A small training setup: conv, BatchNorm, ReLU, dropout, conv; Adam; StepLR; data from generators. */
    private static final class Run {
        final Sequential model = new Sequential(new Conv2d(1, 4, 3, 1, 1, true), new BatchNorm2d(4), new ReLU(), new Dropout2d(0.25),
                new Conv2d(4, 1, 3, 1, 1, true));
        final Optimizer optimizer;
        final LrScheduler scheduler;
        final Generator noise;
        final Checkpoint checkpoint;

        Run(Generator noise, Function<List<Parameter>, Optimizer> optimizer, Function<Optimizer, LrScheduler> schedule) {
            this.noise = noise;
            this.optimizer = optimizer.apply(model.parameters());
            this.scheduler = schedule.apply(this.optimizer);
            this.checkpoint = new Checkpoint(model, this.optimizer).withScheduler(scheduler).withGenerator("noise", noise);
        }

        Run(Generator noise) {
            this(noise, ps -> new Adam(ps, 0.01), o -> new StepLR(o, 4, 0.5));
        }

        /** Trains {@code steps} steps on fresh random data; returns the losses. */
        float[] train(int steps) {
            float[] losses = new float[steps];
            for (int i = 0; i < steps; i++) {
                Tensor input = Tensor.randn(3, 1, 8, 8); // the default generator, as the dropout masks
                Tensor target = input.mul(0.5).add(Ops.normal(new int[] {3, 1, 8, 8}, 0, 0.1, DType.FLOAT32, Device.CPU, noise));
                optimizer.zeroGrad();
                Tensor loss = Ops.mseLoss(model.forward(input), target);
                loss.backward();
                optimizer.step();
                losses[i] = (float) loss.item();
                scheduler.step(losses[i]); // the metric is for ReduceLROnPlateau; StepLR ignores it
            }
            return losses;
        }
    }

    @Test
    void resumingFromACheckpointIsBitIdentical() throws IOException {
        Path path = dir.resolve("run.safetensors");
        Generator.manualSeed(1234);
        Run first = new Run(new Generator(99));
        first.train(10);
        first.checkpoint.save(path, 10, Map.of("note", "after 10 steps"));
        float[] expectedLosses = first.train(5);

        // A new process: other random initial weights, other random streams, schedule at its start.
        Generator.manualSeed(777);
        Run resumed = new Run(new Generator(5));
        Checkpoint.Restored restored = resumed.checkpoint.load(path);
        assertEquals(10, restored.step());
        assertEquals(Map.of("note", "after 10 steps"), restored.metadata());
        assertArrayEquals(expectedLosses, resumed.train(5), "losses of steps 11 to 15");
        assertEquals(raw(first.model.stateDict()), raw(resumed.model.stateDict()), "parameters and BatchNorm buffers");
        assertEquals(raw(first.optimizer.stateDict()), raw(resumed.optimizer.stateDict()), "Adam's state");
        assertEquals(raw(first.scheduler.stateDict()), raw(resumed.scheduler.stateDict()), "StepLR's state");

        // The random streams matter: without the default generator's state the dropout masks and data differ.
        Run reseeded = new Run(new Generator(5));
        reseeded.checkpoint.load(path);
        Generator.manualSeed(777);
        assertFalse(Arrays.equals(expectedLosses, reseeded.train(5)));
    }

    @Test
    void aSaveInterruptedWhileWritingLeavesThePreviousCheckpoint() throws IOException {
        Path path = dir.resolve("run.safetensors");
        Generator.manualSeed(1);
        Run run = new Run(new Generator(2));
        run.train(3);
        run.checkpoint.save(path, 3, Map.of());
        byte[] previous = Files.readAllBytes(path);
        run.train(2);

        // An interrupted thread's file channel closes at its first write: the save dies after the
        // temporary file was created and before anything was renamed.
        Thread.currentThread().interrupt();
        try {
            assertThrows(ClosedByInterruptException.class, () -> run.checkpoint.save(path, 5, Map.of()));
        } finally {
            Thread.interrupted();
        }
        assertArrayEquals(previous, Files.readAllBytes(path));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(path), files.toList(), "no temporary file is left behind");
        }
        assertEquals(3, run.checkpoint.load(path).step());
    }

    @Test
    void aTruncatedOrCorruptCheckpointIsRefusedNamingTheFile() throws IOException {
        Path path = dir.resolve("run.safetensors");
        Generator.manualSeed(3);
        Run run = new Run(new Generator(4));
        run.train(2);
        run.checkpoint.save(path, 2, Map.of());
        byte[] bytes = Files.readAllBytes(path);
        Map<String, RawTensor> before = raw(run.model.stateDict());

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
        var e = assertThrows(SafeTensorsFormatException.class, () -> run.checkpoint.load(truncated));
        assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());

        Path corrupt = dir.resolve("corrupt.safetensors");
        byte[] damaged = bytes.clone();
        damaged[8] = 'x'; // the header's opening brace
        Files.write(corrupt, damaged);
        e = assertThrows(SafeTensorsFormatException.class, () -> run.checkpoint.load(corrupt));
        assertTrue(e.getMessage().startsWith(corrupt.toString()) && e.getMessage().contains("JSON"), e.getMessage());

        Path weightsOnly = dir.resolve("weights.safetensors");
        StateDicts.save(run.model, weightsOnly, Map.of());
        var notCheckpoint = assertThrows(IllegalArgumentException.class, () -> run.checkpoint.load(weightsOnly));
        assertTrue(notCheckpoint.getMessage().startsWith(weightsOnly + ": not a Claritas checkpoint"), notCheckpoint.getMessage());
        assertEquals(before, raw(run.model.stateDict()), "nothing was loaded");
    }

    @Test
    void aCheckpointThatDoesNotFitChangesNothing() throws IOException {
        Path path = dir.resolve("run.safetensors");
        Generator.manualSeed(5);
        Run saved = new Run(new Generator(6));
        saved.train(3);
        saved.checkpoint.save(path, 3, Map.of());

        // Another kind of schedule: the model loads, then the scheduler refuses its state.
        assertRefusedWithoutChange(path, "the scheduler state does not fit", new Run(new Generator(6),
                ps -> new Adam(ps, 0.01), o -> new ReduceLROnPlateau(o, ReduceLROnPlateau.Options.defaults())));
        // Another optimizer: the model and the scheduler load, then SGD refuses Adam's state.
        assertRefusedWithoutChange(path, "the optimizer state does not fit", new Run(new Generator(6),
                ps -> new SGD(ps, 0.01), o -> new StepLR(o, 4, 0.5)));

        var noNoise = new Checkpoint(saved.model, saved.optimizer).withScheduler(saved.scheduler);
        var e = assertThrows(IllegalArgumentException.class, () -> noNoise.load(path));
        assertTrue(e.getMessage().contains("rng.noise.seed") && e.getMessage().contains("withGenerator"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> saved.checkpoint.save(path, 4, Map.of("claritas.step", "4")));
    }

    /** Loading {@code path} into {@code run} (trained one step) fails with {@code message} after the file name, and changes nothing. */
    private static void assertRefusedWithoutChange(Path path, String message, Run run) {
        run.train(1);
        Map<String, RawTensor> model = raw(run.model.stateDict());
        Map<String, RawTensor> optimizer = raw(run.optimizer.stateDict());
        Map<String, RawTensor> scheduler = raw(run.scheduler.stateDict());
        long offset = Generator.defaultGenerator().offset();
        var e = assertThrows(IllegalArgumentException.class, () -> run.checkpoint.load(path));
        assertTrue(e.getMessage().startsWith(path + ": " + message), e.getMessage());
        assertEquals(model, raw(run.model.stateDict()), "model");
        assertEquals(optimizer, raw(run.optimizer.stateDict()), "optimizer");
        assertEquals(scheduler, raw(run.scheduler.stateDict()), "scheduler");
        assertEquals(offset, Generator.defaultGenerator().offset(), "default generator");
    }

    /** Tensors as raw bytes, so that equality is bit equality. */
    private static Map<String, RawTensor> raw(Map<String, Tensor> state) {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        state.forEach((k, t) -> out.put(k, TensorFiles.toRaw(t)));
        return out;
    }
}
