package dev.claritas.nn.io;

import dev.claritas.nn.Module;
import dev.claritas.nn.optim.LrScheduler;
import dev.claritas.nn.optim.Optimizer;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensors;
import dev.claritas.tensor.io.SafeTensorsFile;
import dev.claritas.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything a training run needs to resume, in one safetensors file: what a PyTorch script saves
 * with {@code torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
 * "scheduler": scheduler.state_dict(), "rng": torch.get_rng_state(), "step": step}, path)}, with the
 * dictionary flattened into key prefixes:
 *
 * <table>
 * <caption>Keys of a checkpoint file</caption>
 * <tr><th>key</th><th>holds</th></tr>
 * <tr><td>{@code model.<key>}</td><td>the model's {@link Module#stateDict()}</td></tr>
 * <tr><td>{@code optimizer.<key>}</td><td>the optimizer's {@link Optimizer#stateDict()}</td></tr>
 * <tr><td>{@code scheduler.<key>}</td><td>the scheduler's {@link LrScheduler#stateDict()}, when there is one</td></tr>
 * <tr><td>{@code rng.<name>.seed}, {@code rng.<name>.offset}</td><td>int64 state of each generator:
 *     {@code default} (the {@link Generator#defaultGenerator()}, which dropout and init draw from) and
 *     those registered with {@link #withGenerator}</td></tr>
 * <tr><td>{@code step}</td><td>the caller's step count, int64</td></tr>
 * </table>
 *
 * <p>The caller's metadata goes into the header beside {@value #FORMAT_KEY}, which marks the file as
 * a checkpoint. Saving is atomic (a temporary file, then a rename), so a crash while saving leaves
 * the previous checkpoint as it was. Loading restores everything or nothing: a file that does not
 * fit the model, optimizer, scheduler or generators is refused with a message naming the file, and
 * whatever had already been restored is put back.
 *
 * <pre>{@code
 * var checkpoint = new Checkpoint(model, optimizer).withScheduler(scheduler).withGenerator("augment", augment);
 * checkpoint.save(path, step, Map.of("data", "brain-t1"));
 * long resumeFrom = checkpoint.load(path).step();
 * }</pre>
 */
public final class Checkpoint {
    /** The header entry that marks a checkpoint file, with the layout's version as value. */
    public static final String FORMAT_KEY = "claritas.checkpoint";
    private static final String FORMAT_VERSION = "1";
    private static final String DEFAULT_GENERATOR = "default";

    private final Module model;
    private final Optimizer optimizer;
    private LrScheduler scheduler;
    private final Map<String, Generator> generators = new LinkedHashMap<>();

    /** A checkpoint of a model, its optimizer and the default generator. */
    public Checkpoint(Module model, Optimizer optimizer) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        generators.put(DEFAULT_GENERATOR, Generator.defaultGenerator());
    }

    /** Includes the learning-rate schedule; returns this. */
    public Checkpoint withScheduler(LrScheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** Includes another generator (data augmentation, noise) under {@code name}; returns this. */
    public Checkpoint withGenerator(String name, Generator generator) {
        if (name.isEmpty() || name.contains(".") || generators.containsKey(name)) {
            throw new IllegalArgumentException("generator name '" + name + "' must be non-empty, contain no '.' and not be "
                    + "taken (taken: " + generators.keySet() + ")");
        }
        generators.put(name, Objects.requireNonNull(generator, "generator"));
        return this;
    }

    /** What {@link #load} returns besides the restored objects. */
    public record Restored(long step, Map<String, String> metadata) {}

    /**
     * Writes the checkpoint atomically, replacing any file at {@code path}. {@code metadata} keys must
     * not start with "claritas.", which this class reserves.
     */
    public void save(Path path, long step, Map<String, String> metadata) throws IOException {
        Map<String, String> header = new LinkedHashMap<>();
        header.put(FORMAT_KEY, FORMAT_VERSION);
        metadata.forEach((key, value) -> {
            if (key.startsWith("claritas.")) {
                throw new IllegalArgumentException("metadata key '" + key + "' is reserved: keys starting with 'claritas.' "
                        + "belong to the checkpoint format");
            }
            header.put(key, value);
        });
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Sections.putAll(tensors, "model.", model.stateDict());
        Sections.putAll(tensors, "optimizer.", optimizer.stateDict());
        if (scheduler != null) {
            Sections.putAll(tensors, "scheduler.", scheduler.stateDict());
        }
        generators.forEach((name, generator) -> {
            // Generator's methods lock the generator: holding its lock across both reads keeps a
            // draw on another thread from falling between them.
            synchronized (generator) {
                tensors.put("rng." + name + ".seed", Sections.int64(generator.seed()));
                tensors.put("rng." + name + ".offset", Sections.int64(generator.offset()));
            }
        });
        tensors.put("step", Sections.int64(step));
        TensorFiles.save(path, tensors, header);
    }

    /**
     * Restores the model, optimizer, scheduler and generators from a checkpoint; returns its step
     * and the caller's metadata.
     *
     * @throws IOException if the file cannot be read
     * @throws dev.claritas.tensor.io.SafeTensorsFormatException if the file is truncated or corrupt
     * @throws IllegalArgumentException if it is not a checkpoint, or does not fit what this one holds;
     *                                  nothing has changed then
     */
    public Restored load(Path path) throws IOException {
        String file = path.toString();
        SafeTensorsFile contents = SafeTensors.read(path);
        if (!FORMAT_VERSION.equals(contents.metadata().get(FORMAT_KEY))) {
            throw new IllegalArgumentException(file + ": not a Claritas checkpoint (its header has "
                    + FORMAT_KEY + "=" + contents.metadata().get(FORMAT_KEY) + ", expected " + FORMAT_VERSION + ")");
        }
        Sections sections = new Sections(file, TensorFiles.fromFile(contents));
        // The optimizer goes last: its loading is all-or-nothing, but loading its previous state
        // back would not undo everything (an initial_lr, once set, stays), so it is never undone.
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("model", sections.take("model."), model::stateDict, s -> model.loadStateDict(s, true)));
        Map<String, Tensor> schedulerState = sections.take("scheduler.");
        if (scheduler != null) {
            parts.add(new Part("scheduler", schedulerState, scheduler::stateDict, scheduler::loadStateDict));
        } else if (!schedulerState.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds a learning-rate scheduler's state, but this checkpoint "
                    + "has no scheduler to restore it into (see withScheduler)");
        }
        parts.add(new Part("optimizer", sections.take("optimizer."), optimizer::stateDict, optimizer::loadStateDict));
        Map<String, long[]> rng = readGenerators(sections);
        long step = sections.count("step");
        sections.requireEmpty();

        restoreAll(file, parts);
        rng.forEach((name, state) -> generators.get(name).setState(state[0], state[1]));
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        metadata.keySet().removeIf(key -> key.startsWith("claritas."));
        return new Restored(step, Collections.unmodifiableMap(metadata));
    }

    /** Each registered generator's (seed, offset), refusing generators missing from the file or unknown to this checkpoint. */
    private Map<String, long[]> readGenerators(Sections sections) {
        Map<String, long[]> states = new LinkedHashMap<>();
        for (String name : generators.keySet()) {
            states.put(name, new long[] {sections.count("rng." + name + ".seed"), sections.count("rng." + name + ".offset")});
        }
        Map<String, Tensor> unknown = sections.take("rng.");
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(sections.file() + ": holds generator state " + unknown.keySet().stream()
                    .map(k -> "rng." + k).toList() + " for a generator this checkpoint does not have (registered: "
                    + generators.keySet() + "; see withGenerator)");
        }
        return states;
    }

    /**
     * Loads every part; if one refuses its state, the parts already loaded get their previous state
     * back (their own tensors, which loading replaced rather than overwrote), so nothing changes.
     * The last part is never undone, so it must be one whose loading changes nothing when it fails.
     */
    private static void restoreAll(String file, List<Part> parts) {
        List<Runnable> undo = new ArrayList<>();
        try {
            for (Part part : parts) {
                Map<String, Tensor> previous = part.current().get();
                try {
                    part.load().accept(part.state());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": the " + part.name() + " state does not fit: "
                            + e.getMessage(), e);
                }
                undo.addFirst(() -> part.load().accept(previous));
            }
        } catch (RuntimeException e) {
            undo.forEach(Runnable::run);
            throw e;
        }
    }

    /** One restorable object: its section of the file, how to read its current state and how to load one. */
    private record Part(String name, Map<String, Tensor> state, Supplier<Map<String, Tensor>> current,
                        Consumer<Map<String, Tensor>> load) {}
}
