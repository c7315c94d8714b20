/**
 * Reverse-mode automatic differentiation, independent of any tensor type: {@link
 * dev.claritas.autograd.Node} (one op seen backwards), {@link dev.claritas.autograd.Engine} (the
 * backward pass), {@link dev.claritas.autograd.GradMode} (thread-local no-grad) and {@link
 * dev.claritas.autograd.VersionCounter} (refusing to differentiate through values modified in place).
 */
package dev.claritas.autograd;
