#!/usr/bin/env python3
"""Writes the loss-landscape examples (a narrow valley, a saddle, P3's too-large step) to public/examples/.

Their expected values come from closed forms checked here against PyTorch (float64), never from
Backprop Studio's engine. Each carries a `training` block (the optimizer the form starts from) and
`meta.landscape`: the two parameters on the axes, the range shown and the runs that make the point.
Run with Debian's python3-torch:  /usr/bin/python3 scripts/make_landscape_examples.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from make_examples import doc, edge, nested, node, tensor, write  # noqa: E402

torch.set_default_dtype(torch.float64)


def with_landscape(d, training, landscape):
    d['version'] = 2
    d['training'] = training
    d['meta'] = {'landscape': landscape}
    return d


def close(a, b):
    assert abs(a - b) <= 1e-12 * max(1, abs(b)), (a, b)


def valley():
    # L = ½(a² + 25 b²): curvature 1 along a and 25 along b, so a step size stable across the
    # valley (lr < 2/25) crawls along it; momentum keeps the along-valley speed.
    a0, b0 = -4.0, 1.0
    p = torch.tensor([a0, b0], requires_grad=True)
    L = 0.5 * (p[0] ** 2 + 25 * p[1] ** 2)
    L.backward()
    close(L.item(), 0.5 * (a0 ** 2 + 25 * b0 ** 2))
    close(p.grad[0].item(), a0)
    close(p.grad[1].item(), 25 * b0)
    nodes = [
        node('a', 'input', 0, 0, value=a0, params={'trainable': True}),
        node('b', 'input', 0, 1, value=b0, params={'trainable': True}),
        node('a2', 'pow', 1, 0, params={'c': 2}),
        node('b2', 'pow', 1, 1, params={'c': 2}),
        node('b25', 'scale', 2, 1, params={'c': 25}),
        node('s', 'add', 3, 0),
        node('L', 'scale', 4, 0, params={'c': 0.5}),
    ]
    edges = [edge('a', 'a2', 'u'), edge('b', 'b2', 'u'), edge('b2', 'b25', 'u'), edge('a2', 's', 'a'), edge('b25', 's', 'b'),
             edge('s', 'L', 'u')]
    d = doc(
        'Landscape: a narrow valley, where momentum helps',
        'L = ½(a² + 25 b²), from a = −4, b = 1. The valley is 25 times steeper across (b) than along (a): plain SGD must keep '
        'its learning rate below 2/25 or it bounces out across the valley, and at lr 0.02 it then crawls along it (the loss is '
        'still 1.59 after 40 steps). SGD with momentum 0.9 at the same lr 0.02 builds up speed along the valley (0.02 after 40 '
        'steps); Adam (lr 0.3) scales each coordinate by its own gradient size and heads for the bottom diagonally. '
        'Select L to see the runs on the landscape.',
        nodes, edges, 'L',
        {'tol': 1e-9, 'output': L.item(), 'gradients': {'a': p.grad[0].item(), 'b': p.grad[1].item()}},
    )
    sgd = {'name': 'sgd', 'lr': 0.02}
    return with_landscape(d, {'optimizer': {'name': 'sgd', 'lr': 0.02, 'momentum': 0.9}}, {
        'params': [{'id': 'a'}, {'id': 'b'}], 'x': [-5, 2], 'y': [-1.5, 1.5],
        'runs': [{'optimizer': sgd, 'steps': 40}, {'optimizer': {**sgd, 'momentum': 0.9}, 'steps': 40},
                 {'optimizer': {'name': 'adam', 'lr': 0.3}, 'steps': 40}],
    })


def saddle():
    # L = a² − b²: the origin is a saddle with zero gradient. Starting almost on the ridge line b = 0,
    # gradient descent first slides to the saddle, then the tiny b grows by (1 + 2 lr) per step.
    a0, b0 = -2.0, 0.01
    p = torch.tensor([a0, b0], requires_grad=True)
    L = p[0] ** 2 - p[1] ** 2
    L.backward()
    close(L.item(), a0 ** 2 - b0 ** 2)
    close(p.grad[0].item(), 2 * a0)
    close(p.grad[1].item(), -2 * b0)
    nodes = [
        node('a', 'input', 0, 0, value=a0, params={'trainable': True}),
        node('b', 'input', 0, 1, value=b0, params={'trainable': True}),
        node('a2', 'pow', 1, 0, params={'c': 2}),
        node('b2', 'pow', 1, 1, params={'c': 2}),
        node('L', 'sub', 2, 0),
    ]
    edges = [edge('a', 'a2', 'u'), edge('b', 'b2', 'u'), edge('a2', 'L', 'a'), edge('b2', 'L', 'b')]
    d = doc(
        'Landscape: a saddle point',
        'L = a² − b², from a = −2, b = 0.01. At the origin the gradient is zero but it is no minimum: L rises along a and falls '
        'along b. SGD (lr 0.1) slides down to the saddle and lingers there, since the gradient along b is only 2b; it leaves '
        'only as the small b grows by a factor 1.2 per step. Adam (lr 0.1) divides by the gradient\'s size, so it moves '
        'away from the saddle at full speed at once. The loss has no minimum: it falls without bound along b. '
        'Select L to see the runs on the landscape.',
        nodes, edges, 'L',
        {'tol': 1e-9, 'output': L.item(), 'gradients': {'a': p.grad[0].item(), 'b': p.grad[1].item()}},
    )
    return with_landscape(d, {'optimizer': {'name': 'sgd', 'lr': 0.1}}, {
        'params': [{'id': 'a'}, {'id': 'b'}], 'x': [-2.5, 2.5], 'y': [-2.5, 2.5],
        'runs': [{'optimizer': {'name': 'sgd', 'lr': 0.1}, 'steps': 25}, {'optimizer': {'name': 'adam', 'lr': 0.1}, 'steps': 25}],
    })


def p3_too_large():
    # P3 (seed exam 004): L = ½ Σ (A x − t)², one step of lr 1 with the gradient averaged over the 3
    # points, i.e. lr 1/3 on the summed loss. The curvature along the steep direction is
    # 13 + √85 ≈ 22.2, so any lr above 2/22.2 ≈ 0.09 diverges; 1/3 overshoots by a factor 6.4 per step.
    A = torch.tensor([[3.0, 2.0]], requires_grad=True)
    X = torch.tensor([[2.0, 1.0, -1.0], [4.0, -2.0, 0.0]])
    T = torch.tensor([[15.0, 3.0, 1.0]])
    L = 0.5 * ((A @ X - T) ** 2).sum()
    L.backward()
    close(L.item(), 16.5)
    assert A.grad.tolist() == [[-2.0, 4.0]]
    new_A = (A - A.grad / 3).detach()
    close(new_A[0, 0].item(), 11 / 3)
    close(new_A[0, 1].item(), 2 / 3)
    after = 0.5 * ((new_A @ X - T) ** 2).sum().item()
    close(after, 425 / 18)
    nodes = [
        node('A', 'input', 0, 0, value=tensor(A.detach()), params={'trainable': True}),
        node('x', 'input', 0, 1, value=tensor(X)),
        node('t', 'input', 1, 2, value=tensor(T)),
        node('y', 'matmul', 1, 0),
        node('L', 'mse', 2, 1, params={'reduction': 'sum', 'half': True}),
    ]
    edges = [edge('A', 'y', 'a'), edge('x', 'y', 'b'), edge('y', 'L', 'prediction'), edge('t', 'L', 'target')]
    d = doc(
        'Landscape: P3, a learning rate too large',
        'Seed exam 004, 2(e) i on the landscape of its two weights A = (a₁ a₂): y = A x for three points, L = ½ Σ (y − t)². '
        'The exam\'s step (lr 1, gradient averaged over the 3 points: lr 1/3 on this summed loss) jumps across the valley '
        'from A = (3, 2) to (11/3, 2/3) and the loss goes UP from 16.5 to 425/18 ≈ 23.61; every further step overshoots '
        'more. The valley\'s steep direction has curvature 13 + √85 ≈ 22.2, so SGD is stable only for lr < 2/22.2 ≈ 0.09: '
        'at lr 0.05 it walks down to the least-squares weights (79/21, 11/7). Select L to see the runs on the landscape.',
        nodes, edges, 'L',
        {'tol': 1e-9, 'output': L.item(), 'gradients': {'A': nested(A.grad)},
         'step': {'lr': 1, 'mean': True, 'batch': 3, 'lossBefore': L.item(), 'lossAfter': after, 'params': {'A': nested(new_A)}}},
    )
    return with_landscape(d, {'optimizer': {'name': 'sgd', 'lr': 1 / 3}}, {
        'params': [{'id': 'A', 'index': 0}, {'id': 'A', 'index': 1}], 'x': [0, 7], 'y': [-2, 5],
        'runs': [{'optimizer': {'name': 'sgd', 'lr': 1 / 3}, 'steps': 3}, {'optimizer': {'name': 'sgd', 'lr': 0.05}, 'steps': 30}],
    })


if __name__ == '__main__':
    write('l1-valley-momentum.json', valley())
    write('l2-saddle.json', saddle())
    write('l3-p3-lr-too-large.json', p3_too_large())
