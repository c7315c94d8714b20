package dev.claritas.nn.optim;

import dev.claritas.autograd.GradMode;
import dev.claritas.nn.Parameter;
import dev.claritas.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Updates parameters from their gradients (PyTorch's {@code torch.optim.Optimizer}). Parameters
 * come in one or more {@link ParamGroup}s, each with its own hyperparameters; a parameter is known
 * by its index in the concatenation of the groups, as in PyTorch's state dicts. {@link #step()}
 * runs without recording the graph.
 */
public abstract sealed class Optimizer permits SGD, AdamFamily, RMSprop {
    private final List<ParamGroup<?>> groups;
    private final List<Parameter> params;

    Optimizer(List<? extends ParamGroup<?>> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("an optimizer needs at least one parameter group");
        }
        this.groups = List.copyOf(groups);
        List<Parameter> all = new ArrayList<>();
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup<?> g : this.groups) {
            for (Parameter p : g.params()) {
                if (!seen.add(p)) {
                    throw new IllegalArgumentException("a parameter appears more than once in the optimizer's parameter groups");
                }
                all.add(p);
            }
        }
        this.params = List.copyOf(all);
    }

    /**
     * The parameter groups, in order; schedulers read and set each group's learning rate here. Each
     * group's options are of the optimizer's own type ({@link SGDOptions}, {@link AdamOptions},
     * {@link RMSpropOptions}).
     */
    public final List<ParamGroup<?>> paramGroups() {
        return groups;
    }

    /** Every parameter, in the order of their indices. */
    public final List<Parameter> params() {
        return params;
    }

    /** The first group's learning rate: the learning rate when there is one group. */
    public final double lr() {
        return groups.get(0).lr();
    }

    /** Sets the learning rate of every group. */
    public final void setLr(double lr) {
        groups.forEach(g -> g.setLr(lr));
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        params.forEach(p -> p.value().zeroGrad());
    }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        try (var noGrad = GradMode.disable()) {
            int index = 0;
            for (int g = 0; g < groups.size(); g++) {
                for (Parameter p : groups.get(g).params()) {
                    if (p.grad() != null) {
                        update(g, index, p);
                    }
                    index++;
                }
            }
        }
    }

    /** Updates parameter {@code index}, a member of group {@code group}, in place from its gradient. */
    abstract void update(int group, int index, Parameter p);

    // ---- state dict -------------------------------------------------------------------------------

    /**
     * The optimizer's state under PyTorch's keys: {@code state.<index>.<name>} for what it keeps per
     * parameter ({@code step} as int64, buffers such as {@code exp_avg}), and
     * {@code param_groups.<g>.<option>} for each group's hyperparameters, its {@code params} (int64
     * indices) and, once a scheduler set it, its {@code initial_lr}. Numbers are float64, so a
     * save and load is exact. The tensors are the optimizer's own; treat them as read-only.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            StateSection.putAll(out, "state." + i + ".", paramState(i));
        }
        int first = 0;
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup<?> group = groups.get(g);
            String prefix = "param_groups." + g + ".";
            StateSection.putAll(out, prefix, group.options().toStateDict());
            OptionalDouble initialLr = group.initialLr();
            if (initialLr.isPresent()) {
                out.put(prefix + "initial_lr", StateSection.number(initialLr.getAsDouble()));
            }
            int start = first;
            long[] indices = new long[group.params().size()];
            Arrays.setAll(indices, k -> start + k);
            out.put(prefix + "params", Tensor.of(indices, indices.length));
            first += indices.length;
        }
        return out;
    }

    /**
     * Restores what {@link #stateDict()} returned into an optimizer built with the same groups: the
     * per-parameter state is replaced (a parameter without entries starts afresh) and each group's
     * options, its learning rate included, are read back. A key that does not belong, a group of
     * another size or a buffer of another shape is an error, and then nothing has changed.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        StateSection all = new StateSection("", state);
        all.outside("state", "param_groups").allowOnly(Set.of());
        Map<Integer, StateSection> groupState = all.indexed("param_groups", groups.size());
        Map<Integer, StateSection> paramState = all.indexed("state", params.size());
        List<Runnable> installs = new ArrayList<>();
        int first = 0;
        for (int g = 0; g < groups.size(); g++) {
            StateSection section = groupState.get(g);
            if (section == null) {
                throw new IllegalArgumentException("state dict has no entries param_groups." + g + ".*");
            }
            int size = groups.get(g).params().size();
            int start = first;
            long[] indices = section.counts("params");
            long[] expected = new long[size];
            Arrays.setAll(expected, k -> start + k);
            if (!Arrays.equals(indices, expected)) {
                throw new IllegalArgumentException("param_groups." + g + ".params is " + Arrays.toString(indices)
                        + " but this optimizer's group " + g + " holds parameters " + Arrays.toString(expected));
            }
            installs.add(readOptions(groups.get(g), g, section.entriesExcept("params", "initial_lr")));
            if (section.has("initial_lr")) {
                double initialLr = section.number("initial_lr");
                ParamGroup<?> group = groups.get(g);
                installs.add(() -> group.setInitialLr(initialLr));
            }
            first += size;
        }
        for (int i = 0; i < params.size(); i++) {
            StateSection section = paramState.getOrDefault(i, new StateSection("state." + i + ".", Map.of()));
            installs.add(readParamState(i, params.get(i), section));
        }
        installs.forEach(Runnable::run);
    }

    /** What the optimizer keeps for parameter {@code index}, by PyTorch's names; empty before its first update. */
    abstract Map<String, Tensor> paramState(int index);

    /**
     * Reads the state of parameter {@code index} from {@code entries} (empty: none yet), refusing
     * entries it does not know, and returns the action that installs it: nothing changes until every
     * entry of a state dict has been read.
     */
    abstract Runnable readParamState(int index, Parameter p, StateSection entries);

    private static <O extends GroupOptions<O>> Runnable readOptions(ParamGroup<O> group, int index,
                                                                    Map<String, Tensor> entries) {
        O loaded;
        try {
            loaded = group.options().fromStateDict(entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("param_groups." + index + ": " + e.getMessage(), e);
        }
        return () -> group.setOptions(loaded);
    }
}
