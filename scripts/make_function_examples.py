#!/usr/bin/env python3
"""Writes the gallery examples built on user-defined functions (F1-F3) to public/examples/.

The expected values come from PyTorch (float64) computing each graph with torch's own functions
(torch.sigmoid, F.gelu(approximate='tanh')), never from Backprop Studio's engine.
Run with Debian's python3-torch:  /usr/bin/python3 scripts/make_function_examples.py
"""
import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), '..', 'public', 'examples')


def doc(title, description, functions, nodes, edges, output, expected):
    return {
        'format': 'backprop-studio.graph', 'version': 2, 'title': title, 'description': description,
        'nodes': nodes, 'edges': edges, 'functions': functions, 'output': output, 'expected': expected,
    }


def node(id, op, col, row, **kw):
    n = {'id': id, 'op': op, 'position': {'x': col * 220, 'y': row * 110}}
    n.update(kw)
    return n


def call(id, fn, col, row, **kw):
    return node(id, 'call', col, row, params={'fn': fn}, **kw)


def inputs(values, col=0):
    leaves = {k: torch.tensor(v, requires_grad=True) for k, v in values.items()}
    return leaves, [node(k, 'input', col, i, value=v) for i, (k, v) in enumerate(values.items())]


def wire(target, sources):
    return [{'source': s, 'target': target, 'port': p} for p, s in sources.items()]


def write(name, d):
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(d, f, indent=2)
        f.write('\n')
    print('wrote', name)


def gradients(leaves):
    return {k: t.grad.item() for k, t in leaves.items()}


NEURON5 = {'name': 'neuron', 'args': ['w0', 'x0', 'w1', 'x1', 'b'], 'body': 'sigmoid(w0*x0 + w1*x1 + b)'}


def f1():
    # CS231n's sigmoid neuron: f = σ(w0 x0 + w1 x1 + w2) = 0.73 at these values.
    v, nodes = inputs({'w0': 2.0, 'x0': -1.0, 'w1': -3.0, 'x1': -2.0, 'w2': -3.0})
    out = torch.sigmoid(v['w0'] * v['x0'] + v['w1'] * v['x1'] + v['w2'])
    out.backward()
    return doc(
        'F1. A sigmoid neuron as a function',
        'neuron(w0, x0, w1, x1, b) = sigmoid(w0*x0 + w1*x1 + b), defined once and called as one node. Collapsed, the '
        'call is one step whose local derivatives are the chain rule through its body; expand it to step through '
        'the body itself (its nodes take the call\'s place in the numbering). f = σ(1) = 0.7311, so '
        'σ\' = 0.1966 and the gradients are w0: −0.1966, x0: 0.3932, w1: −0.3932, x1: −0.5898, w2: 0.1966.',
        [NEURON5],
        nodes + [call('neuron1', 'neuron', 1, 2)],
        wire('neuron1', {'w0': 'w0', 'x0': 'x0', 'w1': 'w1', 'x1': 'x1', 'b': 'w2'}),
        'neuron1',
        {'tol': 1e-12, 'output': out.item(), 'nodes': {'neuron1': {'value': out.item(), 'grad': 1.0}}, 'gradients': gradients(v)},
    )


NEURON = {'name': 'neuron', 'args': ['w1', 'w2', 'x1', 'x2', 'b'], 'body': 'sigmoid(w1*x1 + w2*x2 + b)'}
HALF_SQ = {'name': 'half_sq', 'args': ['y', 't'], 'body': '0.5 * (y - t)^2'}


def f2():
    # Matt Mazur's worked example, with one output: 2 inputs, 2 hidden sigmoid units, 1 sigmoid output.
    v, nodes = inputs({'x1': 0.05, 'x2': 0.10, 'w1': 0.15, 'w2': 0.20, 'w3': 0.25, 'w4': 0.30, 'b1': 0.35,
                       'w5': 0.40, 'w6': 0.45, 'b2': 0.60, 'target': 0.01})
    sig = torch.sigmoid
    h1 = sig(v['w1'] * v['x1'] + v['w2'] * v['x2'] + v['b1'])
    h2 = sig(v['w3'] * v['x1'] + v['w4'] * v['x2'] + v['b1'])
    y = sig(v['w5'] * h1 + v['w6'] * h2 + v['b2'])
    loss = 0.5 * (y - v['target']) ** 2
    for t in (h1, h2, y):
        t.retain_grad()
    loss.backward()
    edges = (wire('h1', {'w1': 'w1', 'w2': 'w2', 'x1': 'x1', 'x2': 'x2', 'b': 'b1'})
             + wire('h2', {'w1': 'w3', 'w2': 'w4', 'x1': 'x1', 'x2': 'x2', 'b': 'b1'})
             + wire('y', {'w1': 'w5', 'w2': 'w6', 'x1': 'h1', 'x2': 'h2', 'b': 'b2'})
             + wire('loss', {'y': 'y', 't': 'target'}))
    return doc(
        'F2. A 2-2-1 network written with a neuron function',
        'Every unit is one call of neuron(w1, w2, x1, x2, b) = sigmoid(w1*x1 + w2*x2 + b), and the loss is '
        'half_sq(y, t) = 0.5 * (y - t)^2 (Matt Mazur\'s worked example, with one output). Expand a call to see the '
        'five steps inside it; the gradient of every weight is the chain rule through the calls after it.',
        [NEURON, HALF_SQ],
        nodes + [call('h1', 'neuron', 1, 3), call('h2', 'neuron', 1, 6), call('y', 'neuron', 2, 5), call('loss', 'half_sq', 3, 7)],
        edges,
        'loss',
        {
            'tol': 1e-12,
            'output': loss.item(),
            'nodes': {k: {'value': t.item(), 'grad': t.grad.item()} for k, t in (('h1', h1), ('h2', h2), ('y', y))},
            'gradients': gradients(v),
        },
    )


GELU = {'name': 'gelu_approx', 'args': ['u'], 'body': '0.5 * u * (1 + tanh(0.7978845608028654 * (u + 0.044715 * u^3)))'}


def f3():
    # GELU's tanh approximation (Hendrycks and Gimpel), as torch computes it with approximate='tanh'.
    v, nodes = inputs({'w': 0.8, 'x': 1.5, 'b': -0.2})
    z = v['w'] * v['x'] + v['b']
    out = F.gelu(z, approximate='tanh')
    out.backward()
    return doc(
        'F3. GELU\'s tanh approximation',
        'gelu_approx(u) = 0.5 u (1 + tanh(√(2/π) (u + 0.044715 u³))), the approximation PyTorch computes with '
        'F.gelu(x, approximate="tanh"), applied to z = w x + b. The call is stored expanded: its eight steps take '
        'f6 to f13 in the numbering, right after f5 = z; collapsed, it is the one step f6 again.',
        [GELU],
        nodes + [node('wx', 'mul', 1, 0), node('z', 'add', 2, 1), call('act', 'gelu_approx', 3, 1, expanded=True)],
        wire('wx', {'a': 'w', 'b': 'x'}) + wire('z', {'a': 'wx', 'b': 'b'}) + wire('act', {'u': 'z'}),
        'act',
        {'tol': 1e-12, 'output': out.item(), 'nodes': {'z': {'value': z.item()}}, 'gradients': gradients(v)},
    )


if __name__ == '__main__':
    write('f1-sigmoid-neuron.json', f1())
    write('f2-network-2-2-1.json', f2())
    write('f3-gelu-tanh.json', f3())
