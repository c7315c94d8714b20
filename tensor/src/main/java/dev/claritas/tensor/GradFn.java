package dev.claritas.tensor;

import dev.claritas.autograd.GradMode;
import dev.claritas.autograd.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The backward node of one op: a rule that maps the output's gradient to the inputs' gradients,
 * written with forward ops. Ops call {@link #record} after computing their output.
 */
final class GradFn extends Node<Tensor> {

    /** An op's backward rule; {@code needs[i]} says whether input i wants a gradient. */
    @FunctionalInterface
    interface Rule {
        Tensor[] apply(Tensor grad, boolean[] needs);
    }

    private Rule rule;
    private final boolean[] needs;

    private GradFn(String name, List<Node<Tensor>> inputs, boolean[] needs, Rule rule) {
        super(name, inputs);
        this.needs = needs;
        this.rule = rule;
    }

    /**
     * Makes {@code out} differentiable when grad mode is on and some input requires a gradient.
     * {@code saved} are the tensors the rule reads that may be modified in place later.
     */
    static Tensor record(String name, Tensor out, Tensor[] inputs, Tensor[] saved, Rule rule) {
        if (!GradMode.isEnabled()) {
            return out;
        }
        boolean any = false;
        boolean[] needs = new boolean[inputs.length];
        List<Node<Tensor>> nodes = new ArrayList<>(inputs.length);
        for (int i = 0; i < inputs.length; i++) {
            Node<Tensor> node = inputs[i] == null ? null : inputs[i].gradNode();
            nodes.add(node);
            needs[i] = node != null;
            any |= needs[i];
        }
        if (!any) {
            return out;
        }
        GradFn fn = new GradFn(name, nodes, needs, rule);
        for (Tensor t : saved) {
            fn.saveVersion(t.storage().version());
        }
        out.setGradFn(fn);
        return out;
    }

    /** Whether {@link #record} would make an op on {@code input} differentiable: an op can skip what only its gradient reads. */
    static boolean records(Tensor input) {
        return GradMode.isEnabled() && input.gradNode() != null;
    }

    static Tensor record(String name, Tensor out, Tensor[] inputs, Rule rule) {
        return record(name, out, inputs, new Tensor[0], rule);
    }

    @Override
    protected List<Tensor> backward(Tensor grad) {
        if (rule == null) {
            throw new IllegalStateException("trying to run backward through " + name()
                    + " a second time, after its saved values were freed; pass retainGraph=true to the first backward");
        }
        return Arrays.asList(rule.apply(grad, needs));
    }

    @Override
    protected void releaseSaved() {
        rule = null;
    }
}
