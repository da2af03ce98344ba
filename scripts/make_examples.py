#!/usr/bin/env python3
"""Writes the seed-exam examples P2-P14 to public/examples/.

The expected values come from two independent sources, never from Backprop Studio's engine:
the exam answers in ../shared/problems.md (typed in below) and PyTorch (float64) recomputing
each graph. Run with Debian's python3-torch:  /usr/bin/python3 scripts/make_examples.py [file names to write only those]
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), '..', 'public', 'examples')


def doc(title, description, nodes, edges, output, expected):
    return {
        'format': 'backprop-studio.graph', 'version': 1, 'title': title, 'description': description,
        'nodes': nodes, 'edges': edges, 'output': output, 'expected': expected,
    }


def node(id, op, col, row, **kw):
    n = {'id': id, 'op': op, 'position': {'x': col * 220, 'y': row * 130}}
    n.update(kw)
    return n


def edge(s, t, port):
    return {'source': s, 'target': t, 'port': port}


def tensor(t):
    t = torch.as_tensor(t, dtype=torch.float64)
    return {'shape': list(t.shape), 'data': [float(x) for x in t.flatten()]}


def nested(t):
    return t.detach().tolist()


def write(name, d):
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(d, f, indent=2)
        f.write('\n')
    print('wrote', name)


def p2():
    # f(x) = (x - 2.5)^2 has f'(3) = 1, the exam's given slope; one step with lr 0.1.
    x = torch.tensor(3.0, requires_grad=True)
    f = (x - 2.5) ** 2
    f.backward()
    new_x = x.item() - 0.1 * x.grad.item()
    assert abs(x.grad.item() - 1) < 1e-15 and abs(new_x - 2.9) < 1e-15
    return doc(
        'P2. One gradient-descent step',
        "Seed exam 001, 2(e): x_t = 3, f'(x_t) = 1, learning rate 0.1. Here f(x) = (x − 2.5)², whose slope at 3 is 1. "
        'Press "Training step" with lr 0.1: x_{t+1} = x_t − 0.1 · 1 = 2.9.',
        [node('x', 'input', 0, 0, value=3, params={'trainable': True}),
         node('shift', 'addConst', 1, 0, params={'c': -2.5}),
         node('f', 'pow', 2, 0, params={'c': 2})],
        [edge('x', 'shift', 'u'), edge('shift', 'f', 'u')],
        'f',
        {'tol': 1e-12, 'output': f.item(), 'gradients': {'x': 1},
         'step': {'lr': 0.1, 'lossBefore': f.item(), 'params': {'x': 2.9}, 'lossAfter': (2.9 - 2.5) ** 2}},
    )


def p3():
    A = torch.tensor([[3.0, 2.0]], requires_grad=True)
    X = torch.tensor([[2.0, 1.0, -1.0], [4.0, -2.0, 0.0]])
    T = torch.tensor([[15.0, 3.0, 1.0]])
    y = A @ X
    L = 0.5 * ((y - T) ** 2).sum()
    L.backward()
    A2 = (A - 1.0 * A.grad / 3).detach()
    L2 = 0.5 * ((A2 @ X - T) ** 2).sum()
    assert nested(y) == [[14, -1, -3]] and L.item() == 16.5 and nested(A.grad) == [[-2, 4]]
    assert abs(L2.item() - 425 / 18) < 1e-12
    return doc(
        'P3. Linear layer, MSE loss, one weight update',
        'Seed exam 004, 2(e) i: y = A x with A = (3 2) and a minibatch of three 2-D points as the columns of x; '
        'L = ½ Σ (y_j − t_j)² with t = (15 3 1). Forward, backward, then one SGD step with learning rate 1 and the '
        'gradient averaged over the batch of 3: A = (11/3, 2/3) and the loss goes UP from 16.5 to 425/18 ≈ 23.61 — '
        'the learning rate is too high.',
        [node('A', 'input', 0, 0, value=tensor([[3, 2]]), params={'trainable': True}),
         node('x', 'input', 0, 1, value=tensor(X)),
         node('t', 'input', 1, 2, value=tensor(T)),
         node('y', 'matmul', 1, 0),
         node('L', 'mse', 2, 1, params={'reduction': 'sum', 'half': True})],
        [edge('A', 'y', 'a'), edge('x', 'y', 'b'), edge('y', 'L', 'prediction'), edge('t', 'L', 'target')],
        'L',
        {'tol': 1e-9, 'output': 16.5,
         'nodes': {'y': {'value': nested(y), 'grad': [[-1, -4, -4]], 'shape': [1, 3]},
                   'A': {'grad': nested(A.grad)},
                   'L': {'value': 16.5, 'exact': {'value': '33/2'}}},
         'step': {'lr': 1, 'mean': True, 'batch': 3, 'lossBefore': 16.5, 'lossAfter': L2.item(),
                  'params': {'A': nested(A2)}}},
    )


def p4():
    I = torch.tensor([[1.0, 2, -1], [0, 3, 5], [2, 1, 4], [3, 0, -2]])
    K = torch.tensor([[-0.5, 1], [1.5, 0]])
    O = F.conv2d(I[None, None], K[None, None])[0]
    assert nested(O[0]) == [[1.5, 2.5], [6.0, 5.0], [4.5, 3.5]]
    return doc(
        'P4. Convolution by hand',
        'Seed exam 001, 2(c): a 4 × 3 image I and a 2 × 2 kernel K, stride 1, no padding. Convolution here is '
        'cross-correlation (no kernel flip), as in every deep-learning framework. O is 3 × 2.',
        [node('I', 'input', 0, 0, value=tensor(I[None])),
         node('K', 'input', 0, 1, value=tensor(K[None, None])),
         node('O', 'conv2d', 1, 0, params={'inChannels': 1, 'outChannels': 1, 'kernel': 2, 'stride': 1, 'padding': 0, 'bias': False})],
        [edge('I', 'O', 'x'), edge('K', 'O', 'weight')],
        'O',
        {'tol': 1e-12, 'nodes': {'O': {'value': nested(O), 'shape': [1, 3, 2]}}},
    )


def p5():
    I = torch.tensor([[1.0, 4, 3, 2], [7, 8, 1, 2], [1, 0, 7, 3], [2, 1, 5, 1]])[None]
    avg = F.avg_pool2d(I, 2, 2)
    mx = F.max_pool2d(I, 2, 2)
    assert nested(avg[0]) == [[5, 2], [1, 4]] and nested(mx[0]) == [[8, 3], [2, 7]]
    return doc(
        'P5. Average and max pooling by hand',
        'Seed exam 004, 1(c): average pooling of the 4 × 4 image with a 2 × 2 kernel, stride 2, no padding gives '
        '[[5, 2], [1, 4]]; max pooling of the same gives [[8, 3], [2, 7]]. Backward, average pooling splits each '
        'gradient equally over its window; max pooling sends it only to the max.',
        [node('I', 'input', 0, 0, value=tensor(I)),
         node('avg', 'avgPool2d', 1, 0, params={'kernel': 2, 'stride': 2}),
         node('max', 'maxPool2d', 1, 1, params={'kernel': 2, 'stride': 2})],
        [edge('I', 'avg', 'x'), edge('I', 'max', 'x')],
        'avg',
        {'tol': 1e-12, 'nodes': {'avg': {'value': nested(avg), 'shape': [1, 2, 2]},
                                 'max': {'value': nested(mx), 'shape': [1, 2, 2]},
                                 'I': {'grad': [[[0.25] * 4] * 4]}}},
    )


def p6():
    x = torch.randn(1, 3, 227, 227)
    conv = torch.nn.Conv2d(3, 64, 11, stride=4, padding=2)
    y = conv(x)
    params = sum(p.numel() for p in conv.parameters())
    macs = y.numel() * 3 * 11 * 11
    assert list(y.shape[1:]) == [64, 56, 56] and params == 23296 and macs == 72855552
    return doc(
        'P6. AlexNet conv1: output size, memory, parameters, FLOPs',
        'Seed exam 000, Q4: input 3 × 227 × 227, 64 filters 11 × 11, stride 4, padding 2. Output 64 × 56 × 56; '
        'memory 64·56·56·4 / 1024 = 784 KB; parameters (3·11·11 + 1)·64 = 23,296; FLOPs (multiply-adds) '
        '(64·56·56)·(3·11·11) = 72,855,552 ≈ 72.86 M.',
        [node('image', 'input', 0, 0, value={'shape': [3, 227, 227], 'init': 'uniform', 'seed': 1}),
         node('conv1', 'conv2d', 1, 0, params={'inChannels': 3, 'outChannels': 64, 'kernel': 11, 'stride': 4, 'padding': 2})],
        [edge('image', 'conv1', 'x')],
        'conv1',
        {'nodes': {'conv1': {'shape': [64, 56, 56], 'params': params, 'macs': macs, 'memoryKB': 784}}},
    )


def p7():
    x = torch.randn(1, 1, 7, 7)
    a = F.conv2d(x, torch.randn(1, 1, 3, 3), stride=2, padding=2)
    b = F.conv2d(x, torch.randn(1, 1, 5, 5), stride=1, padding=2)
    assert list(a.shape[2:]) == [5, 5] and list(b.shape[2:]) == [7, 7]
    return doc(
        'P7. Output size and "same" padding',
        'Seed exam 001, 2(b): a 7 × 7 input, a 3 × 3 filter, padding 2, stride 2 gives ⌊(7 + 2·2 − 3)/2⌋ + 1 = 5, '
        'so 5 × 5. A 5 × 5 filter at stride 1 keeps 7 × 7 with padding (5 − 1)/2 = 2.',
        [node('x', 'input', 0, 0, value={'shape': [1, 7, 7], 'init': 'uniform', 'seed': 7}),
         node('strided', 'conv2d', 1, 0, params={'kernel': 3, 'stride': 2, 'padding': 2, 'bias': False}),
         node('same', 'conv2d', 1, 1, params={'kernel': 5, 'stride': 1, 'padding': 2, 'bias': False})],
        [edge('x', 'strided', 'x'), edge('x', 'same', 'x')],
        'strided',
        {'nodes': {'strided': {'shape': [1, 5, 5]}, 'same': {'shape': [1, 7, 7]}}},
    )


def p8_lenet():
    layers = [('conv1', 'conv2d', {'inChannels': 1, 'outChannels': 6, 'kernel': 5}, torch.nn.Conv2d(1, 6, 5)),
              ('pool2', 'maxPool2d', {'kernel': 2, 'stride': 2}, torch.nn.MaxPool2d(2)),
              ('conv3', 'conv2d', {'inChannels': 6, 'outChannels': 16, 'kernel': 5}, torch.nn.Conv2d(6, 16, 5)),
              ('pool4', 'maxPool2d', {'kernel': 2, 'stride': 2}, torch.nn.MaxPool2d(2)),
              ('conv5', 'conv2d', {'inChannels': 16, 'outChannels': 120, 'kernel': 5}, torch.nn.Conv2d(16, 120, 5)),
              ('flat', 'flatten', {}, torch.nn.Flatten(0)),
              ('fc6', 'linear', {'inFeatures': 120, 'outFeatures': 84}, torch.nn.Linear(120, 84)),
              ('fc7', 'linear', {'inFeatures': 84, 'outFeatures': 10}, torch.nn.Linear(84, 10))]
    x = torch.randn(1, 32, 32)
    nodes = [node('image', 'input', 0, 0, value={'shape': [1, 32, 32], 'init': 'uniform', 'seed': 3})]
    edges, exp, prev, h, total = [], {}, 'image', x, 0
    for i, (id, op, params, mod) in enumerate(layers):
        h = mod(h)
        count = sum(p.numel() for p in mod.parameters())
        total += count
        nodes.append(node(id, op, i + 1, i % 2, params=params))
        edges.append(edge(prev, id, 'x'))
        exp[id] = {'shape': list(h.shape), 'params': count}
        prev = id
    assert [exp[k]['params'] for k in ['conv1', 'conv3', 'conv5', 'fc6', 'fc7']] == [156, 2416, 48120, 10164, 850]
    assert total == 61706
    return doc(
        'P8. LeNet-5: parameters per layer',
        'Seed exam 001, 2(a)/(d): LeNet on 1 × 32 × 32 — conv 6@5×5, pool 2, conv 16@5×5, pool 2, conv 120@5×5, '
        'fc 120→84, fc 84→10. Parameters: conv1 156, conv3 2,416, conv5 48,120, fc6 10,164, fc7 850; total 61,706.',
        nodes, edges, 'fc7', {'nodes': exp, 'totals': {'params': total}},
    )


def p8_fc_and_vgg():
    fc1, fc2 = torch.nn.Linear(99, 7), torch.nn.Linear(7, 2)
    c1, c2 = torch.nn.Conv2d(3, 64, 3), torch.nn.Conv2d(64, 128, 3)
    count = lambda m: sum(p.numel() for p in m.parameters())
    assert count(fc1) + count(fc2) == 716 and count(c1) == 1792 and count(c2) == 73856
    fc_vgg = 25088 * 4096 + 4096
    assert fc_vgg == 102764544
    return doc(
        'P8. Parameter counts: a small MLP and VGG layers',
        'Seed exams 001, 2(a) and 004, 2(c) ii: a fully connected net 99 → 7 → 2 with biases has 7·(99+1) + 2·(7+1) = 716 '
        'parameters. VGG: Conv(3, 64, 3) has 64·(3·3·3 + 1) = 1,792; Conv(64, 128, 3) has 128·(3·3·64 + 1) = 73,856; '
        'FC(25088, 4096) has 4096·(25088 + 1) = 102,764,544 (too large to evaluate in the browser; its count is exact).',
        [node('x', 'input', 0, 0, value={'shape': [99], 'init': 'uniform', 'seed': 1}),
         node('fc1', 'linear', 1, 0, params={'inFeatures': 99, 'outFeatures': 7}),
         node('fc2', 'linear', 2, 0, params={'inFeatures': 7, 'outFeatures': 2}),
         node('img', 'input', 0, 1, value={'shape': [3, 8, 8], 'init': 'uniform', 'seed': 2}),
         node('convA', 'conv2d', 1, 1, params={'inChannels': 3, 'outChannels': 64, 'kernel': 3, 'padding': 1}),
         node('convB', 'conv2d', 2, 1, params={'inChannels': 64, 'outChannels': 128, 'kernel': 3, 'padding': 1}),
         node('features', 'input', 0, 2, value={'shape': [25088], 'init': 'zeros'}),
         node('fcVGG', 'linear', 1, 2, params={'inFeatures': 25088, 'outFeatures': 4096})],
        [edge('x', 'fc1', 'x'), edge('fc1', 'fc2', 'x'), edge('img', 'convA', 'x'), edge('convA', 'convB', 'x'),
         edge('features', 'fcVGG', 'x')],
        'fc2',
        {'nodes': {'fc1': {'params': 700}, 'fc2': {'params': 16}, 'convA': {'params': 1792}, 'convB': {'params': 73856},
                   'fcVGG': {'params': fc_vgg, 'shape': [4096]}},
         'totals': {'params': 716 + 1792 + 73856 + fc_vgg}},
    )


def p9_vgg():
    x = torch.zeros(1, 3, 320, 320)
    spec = [(3, 64), (64, 128), (128, 256), (256, 512)]
    nodes = [node('image', 'input', 0, 0, value={'shape': [3, 320, 320], 'init': 'zeros'})]
    edges, exp, prev, col = [], {}, 'image', 1
    shapes = []
    h = x
    for i, (cin, cout) in enumerate(spec):
        for id, op, params, fn in [
            (f'conv{i + 1}', 'conv2d', {'inChannels': cin, 'outChannels': cout, 'kernel': 3, 'stride': 1, 'padding': 1},
             lambda t, cin=cin, cout=cout: F.conv2d(t, torch.zeros(cout, cin, 3, 3), padding=1)),
            (f'relu{i + 1}', 'relu', {}, F.relu),
            (f'pool{i + 1}', 'maxPool2d', {'kernel': 2, 'stride': 2}, lambda t: F.max_pool2d(t, 2, 2))]:
            h = fn(h)
            nodes.append(node(id, op, col, col % 2, **({'params': params} if params else {})))
            edges.append(edge(prev, id, 'x' if op != 'relu' else 'u'))
            exp[id] = {'shape': list(h.shape[1:])}
            shapes.append((id, list(h.shape[1:])))
            prev, col = id, col + 1
    assert exp['conv1']['shape'] == [64, 320, 320] and exp['pool1']['shape'] == [64, 160, 160]
    assert exp['conv2']['shape'] == [128, 160, 160] and exp['conv4']['shape'] == [512, 40, 40] and exp['pool4']['shape'] == [512, 20, 20]
    exp['conv1']['params'] = 1792
    exp['conv2']['params'] = 73856
    return doc(
        'P9. Shapes through a VGG-style stack',
        'Seed exam 004, 2(c) i: Conv(3,64,3,1,1) → ReLU → MaxPool(2,2) → Conv(64,128,3,1,1) → … → Conv(256,512,3,1,1) '
        '→ ReLU → MaxPool(2,2) on a 3 × 320 × 320 image: 64×320×320, 64×160×160, 128×160×160, …, 512×40×40, 512×20×20.',
        nodes, edges, prev, {'nodes': exp},
    )


def p9_segmentation():
    torch.manual_seed(0)
    net = [('a', 'conv2d', {'inChannels': 1, 'outChannels': 10, 'kernel': 3, 'padding': 1}, torch.nn.Conv2d(1, 10, 3, padding=1)),
           ('c', 'maxPool2d', {'kernel': 3, 'stride': 3}, torch.nn.MaxPool2d(3, 3)),
           ('d', 'conv2d', {'inChannels': 10, 'outChannels': 30, 'kernel': 3, 'padding': 1}, torch.nn.Conv2d(10, 30, 3, padding=1)),
           ('f', 'maxPool2d', {'kernel': 3, 'stride': 1}, torch.nn.MaxPool2d(3, 1)),
           ('g', 'flatten', {}, torch.nn.Flatten(0)),
           ('h', 'linear', {'inFeatures': 30, 'outFeatures': 20}, torch.nn.Linear(30, 20)),
           ('j', 'linear', {'inFeatures': 20, 'outFeatures': 10}, torch.nn.Linear(20, 10)),
           ('k', 'softmax', {}, torch.nn.Softmax(0))]
    h = torch.zeros(1, 9, 9)
    nodes = [node('image', 'input', 0, 0, value={'shape': [1, 9, 9], 'init': 'uniform', 'seed': 5})]
    edges, exp, prev = [], {}, 'image'
    for i, (id, op, params, mod) in enumerate(net):
        h = mod(h)
        nodes.append(node(id, op, i + 1, i % 2, **({'params': params} if params else {})))
        edges.append(edge(prev, id, 'x'))
        exp[id] = {'shape': list(h.shape)}
        prev = id
    assert [exp[k]['shape'] for k in 'acdfghjk'] == [[10, 9, 9], [10, 3, 3], [30, 3, 3], [30, 1, 1], [30], [20], [10], [10]]
    return doc(
        'P9. Shapes through the segmentation exam net',
        'Seed exam 002, 7.1: on a 1 × 9 × 9 image, a Conv2d(1,10,3,pad 1) → 10×9×9; c MaxPool2d(3, stride 3) → 10×3×3; '
        'd Conv2d(10,30,3,pad 1) → 30×3×3; f MaxPool2d(3, stride 1) → 30×1×1; g Flatten → 30; h Linear(30,20) → 20; '
        'j Linear(20,10) → 10; k Softmax → 10.',
        nodes, edges, prev, {'nodes': exp},
    )


def p9_linear():
    lin = torch.nn.Linear(3, 10)
    assert list(lin.weight.shape) == [10, 3] and list(lin.bias.shape) == [10]
    return doc(
        'P9. A linear layer R³ → R¹⁰',
        'Seed exam 004, 1(a): y = W x + b with x in R³ and y in R¹⁰: W is 10 × 3 and b has 10 entries, 40 parameters.',
        [node('x', 'input', 0, 0, value=tensor([1, -2, 0.5])),
         node('y', 'linear', 1, 0, params={'inFeatures': 3, 'outFeatures': 10, 'seed': 4})],
        [edge('x', 'y', 'x')], 'y',
        {'nodes': {'y': {'shape': [10], 'params': 40}}},
    )


def p10_init():
    C = 10
    s = torch.zeros(C, requires_grad=True)
    y = torch.tensor(3)
    svm = F.multi_margin_loss(s[None], y[None], margin=1.0, reduction='sum') * (C - 0) / 1
    # torch divides the hinge sum by C; the exams' (CS231n) loss is the plain sum over j != y.
    svm_plain = sum(max(0.0, 0 - 0 + 1) for j in range(C) if j != 3)
    ce = F.cross_entropy(s[None], y[None])
    assert abs(svm.item() - svm_plain) < 1e-12 and svm_plain == C - 1 and abs(ce.item() - math.log(C)) < 1e-15
    ce.backward()
    return doc(
        'P10. Losses at initialisation',
        'Seed exam 000, Q1: with C = 10 classes and all scores 0 (small W at initialisation), the multiclass SVM loss '
        '(margin 1) is C − 1 = 9 and the softmax cross-entropy is ln C = ln 10 ≈ 2.3026.',
        [node('scores', 'input', 0, 0, value={'shape': [C], 'init': 'zeros'}),
         node('label', 'constant', 0, 1, value=3),
         node('svm', 'svmHinge', 1, 0, params={'reduction': 'sum'}),
         node('ce', 'crossEntropy', 1, 1)],
        [edge('scores', 'svm', 'scores'), edge('label', 'svm', 'target'),
         edge('scores', 'ce', 'logits'), edge('label', 'ce', 'target')],
        'ce',
        {'tol': 1e-12, 'nodes': {'svm': {'value': 9}, 'ce': {'value': math.log(C)}, 'scores': {'grad': nested(s.grad)}}},
    )


def p10_confident():
    C = 10
    raw = [0.0] * C
    raw[3] = 20.0
    s = torch.tensor(raw, requires_grad=True)
    y = torch.tensor([3])
    hinge = sum(max(0.0, raw[j] - raw[3] + 1) for j in range(C) if j != 3)
    assert hinge == 0
    ce = F.cross_entropy(s[None], y)
    ce.backward()
    assert 0 < ce.item() < 1e-7
    return doc(
        'P10. A confident correct score: SVM loss 0, softmax loss small but not 0',
        'Seed exam 000, Q1: with the correct score far above the others the SVM loss is 0 and so is its gradient, '
        'while the softmax loss and its gradient are small but not zero. Here the correct class 3 scores 20, the rest 0.',
        [node('scores', 'input', 0, 0, value=tensor(raw)),
         node('label', 'constant', 0, 1, value=3),
         node('svm', 'svmHinge', 1, 1, params={'reduction': 'sum'}),
         node('ce', 'crossEntropy', 1, 0)],
        [edge('scores', 'svm', 'scores'), edge('label', 'svm', 'target'),
         edge('scores', 'ce', 'logits'), edge('label', 'ce', 'target')],
        'ce',
        {'tol': 1e-9, 'nodes': {'svm': {'value': 0}, 'ce': {'value': ce.item()}, 'scores': {'grad': nested(s.grad)}}},
    )


def p11():
    a1 = torch.tensor([[[1.0, 2.0], [4.0, -1.0]], [[0.5, 3.0], [-2.0, 1.0]]])
    A = torch.stack([a1, 2 * a1])
    ln = F.layer_norm(A, A.shape[1:], eps=0.0)
    inn = F.instance_norm(A, eps=0.0)
    bn = F.batch_norm(A, None, None, training=True, eps=0.0)
    assert torch.allclose(ln[0], ln[1]) and torch.allclose(inn[0], inn[1]) and not torch.allclose(bn[0], bn[1])
    return doc(
        'P11. Normalisation is scale-invariant per sample',
        'Seed exam 003, 2.1: a batch of two samples with A2 = 2·A1 (each 2 × 2 × 2). Layer norm and instance norm '
        'normalise each sample on its own, so B1 = B2; batch norm shares statistics across the batch, so it does not. eps = 0.',
        [node('A', 'input', 0, 1, value=tensor(A)),
         node('layer', 'layerNorm', 1, 0, params={'eps': 0}),
         node('instance', 'instanceNorm', 1, 1, params={'eps': 0}),
         node('batch', 'batchNorm', 1, 2, params={'eps': 0})],
        [edge('A', 'layer', 'x'), edge('A', 'instance', 'x'), edge('A', 'batch', 'x')],
        'layer',
        {'tol': 1e-9, 'nodes': {'layer': {'value': nested(ln)}, 'instance': {'value': nested(inn)}, 'batch': {'value': nested(bn)}}},
    )


def p12():
    X = torch.tensor([[((3 * i + 5 * j) % 7) - 3.0 for j in range(16)] for i in range(16)], requires_grad=True)
    W = torch.tensor([[1.0, -2.0, 0.5], [3.0, 1.5, -1.0], [0.0, 2.0, -0.5]], requires_grad=True)
    G = torch.tensor([[((i * j + 2 * i + j) % 5) - 2.0 for j in range(16)] for i in range(16)])
    Y = F.conv2d(X[None, None], W[None, None], padding=1)[0, 0]
    L = (Y * G).sum()
    L.backward()
    w = lambda r, c: W[r - 1, c - 1].item()
    dy = lambda r, c: G[r - 1, c - 1].item()
    formula = (w(2, 2) * dy(1, 2) + w(2, 3) * dy(1, 1) + w(2, 1) * dy(1, 3)
               + w(1, 2) * dy(2, 2) + w(1, 3) * dy(2, 1) + w(1, 1) * dy(2, 3))
    assert abs(X.grad[0, 1].item() - formula) < 1e-12
    return doc(
        'P12. Gradient through a convolution',
        'Seed exam 002, section 8: X is 16 × 16, W is 3 × 3, stride 1, zero padding 1, so Y is 16 × 16. With dL/dY = G '
        '(L = Σ Y ⊙ G), dL/dX[1,2] = W[2,2] dY[1,2] + W[2,3] dY[1,1] + W[2,1] dY[1,3] + W[1,2] dY[2,2] + W[1,3] dY[2,1] '
        '+ W[1,1] dY[2,3] (1-based). Click X[1,2] to see which dY cells and W entries feed it.',
        [node('X', 'input', 0, 0, value=tensor(X.detach()[None])),
         node('W', 'input', 0, 1, value=tensor(W.detach()[None, None])),
         node('Y', 'conv2d', 1, 0, params={'kernel': 3, 'padding': 1, 'bias': False}),
         node('G', 'constant', 1, 1, value=tensor(G[None])),
         node('YG', 'mul', 2, 0),
         node('L', 'sum', 3, 0)],
        [edge('X', 'Y', 'x'), edge('W', 'Y', 'weight'), edge('Y', 'YG', 'a'), edge('G', 'YG', 'b'), edge('YG', 'L', 'x')],
        'L',
        {'tol': 1e-9, 'output': L.item(),
         'nodes': {'X': {'grad': nested(X.grad[None])}, 'W': {'grad': nested(W.grad[None, None])}, 'Y': {'grad': nested(G[None])}}},
    )


def p13():
    x = torch.tensor(-0.5, requires_grad=True)
    outs = {'sig': torch.sigmoid(x), 'relu': F.relu(x), 'leaky': F.leaky_relu(x, 0.1), 'tanh': torch.tanh(x)}
    total = sum(outs.values())
    total.backward()
    vals = {k: v.item() for k, v in outs.items()}
    assert abs(vals['sig'] - 1 / (1 + math.exp(0.5))) < 1e-15 and vals['relu'] == 0 and abs(vals['leaky'] + 0.05) < 1e-15
    dsum = vals['sig'] * (1 - vals['sig']) + 0 + 0.1 + (1 - vals['tanh'] ** 2)
    assert abs(x.grad.item() - dsum) < 1e-15
    return doc(
        'P13. Activation functions and their derivatives',
        "Seed exams 004, 1(b) and 2(a); 001, 1(b): sigmoid(x) = 1/(1+e^−x) with σ' = σ(1−σ); ReLU(x) = max(0, x) with "
        "ReLU'(x) = 1 for x > 0 and 0 for x ≤ 0; LeakyReLU with slope c = 0.1 below 0; tanh' = 1 − tanh². Select each node "
        'to see the function and its derivative plotted, with the current input x = −0.5 marked.',
        [node('x', 'input', 0, 1.5, value=-0.5),
         node('sig', 'sigmoid', 1, 0), node('relu', 'relu', 1, 1), node('leaky', 'leakyRelu', 1, 2, params={'c': 0.1}),
         node('tanh', 'tanh', 1, 3),
         node('s1', 'add', 2, 0.5), node('s2', 'add', 2, 2.5), node('total', 'add', 3, 1.5)],
        [edge('x', 'sig', 'u'), edge('x', 'relu', 'u'), edge('x', 'leaky', 'u'), edge('x', 'tanh', 'u'),
         edge('sig', 's1', 'a'), edge('relu', 's1', 'b'), edge('leaky', 's2', 'a'), edge('tanh', 's2', 'b'),
         edge('s1', 'total', 'a'), edge('s2', 'total', 'b')],
        'total',
        {'tol': 1e-12, 'nodes': {k: {'value': v} for k, v in vals.items()}, 'gradients': {'x': x.grad.item()}},
    )


def p14():
    img = torch.tensor([[[0.0, 1, 0, 2], [1, 3, 1, 0], [0, 2, 4, 1], [1, 0, 1, 2]]], requires_grad=True)
    Wc = torch.tensor([[[[1.0, -1], [0.5, 2]]], [[[-1.0, 0], [1, 1]]]])
    Wl = torch.tensor([[((i * 3 + j) % 5 - 2) / 4 for j in range(18)] for i in range(3)])
    bl = torch.tensor([0.1, -0.2, 0.05])
    h = F.relu(F.conv2d(img[None], Wc))[0]
    scores = F.linear(h.flatten(), Wl, bl)
    T = 2
    onehot = torch.zeros(3)
    onehot[T] = 1
    score = (scores * onehot).sum()
    score.backward()
    return doc(
        'P14. Saliency: the gradient of a class score with respect to the pixels',
        'Seed exams 002, section 1 and 003, 1.4: the gradient of the score of class T = 2 with respect to the input image, '
        'shown as a heatmap, is a saliency map; a step of gradient ascent on the image (image + lr · gradient) makes it '
        'look more like class T.',
        [node('image', 'input', 0, 0, value=tensor(img.detach())),
         node('Wc', 'input', 0, 1, value=tensor(Wc)),
         node('conv', 'conv2d', 1, 0, params={'inChannels': 1, 'outChannels': 2, 'kernel': 2, 'bias': False}),
         node('act', 'relu', 2, 0),
         node('flat', 'flatten', 3, 0),
         node('Wl', 'input', 3, 1, value=tensor(Wl)),
         node('bl', 'input', 3, 2, value=tensor(bl)),
         node('scores', 'linear', 4, 0, params={'inFeatures': 18, 'outFeatures': 3}),
         node('pick', 'constant', 4, 1, value=tensor(onehot)),
         node('masked', 'mul', 5, 0),
         node('score', 'sum', 6, 0)],
        [edge('image', 'conv', 'x'), edge('Wc', 'conv', 'weight'), edge('conv', 'act', 'u'), edge('act', 'flat', 'x'),
         edge('flat', 'scores', 'x'), edge('Wl', 'scores', 'weight'), edge('bl', 'scores', 'bias'),
         edge('scores', 'masked', 'a'), edge('pick', 'masked', 'b'), edge('masked', 'score', 'x')],
        'score',
        {'tol': 1e-9, 'output': score.item(),
         'nodes': {'scores': {'value': nested(scores)}, 'image': {'grad': nested(img.grad)}}},
    )


def mobilenet_block():
    # MobileNet v1's first two depthwise-separable blocks (32 → 64, then 64 → 128 at stride 2), each
    # a depthwise 3×3 conv (groups = channels) and a pointwise 1×1 conv, each followed by batch norm
    # and ReLU (MobileNet uses ReLU6: the same shapes and counts). On 8×8 instead of 112×112 to keep
    # the example light: parameter counts do not depend on the spatial size.
    layers = [('dw1', 'conv2d', {'inChannels': 32, 'outChannels': 32, 'kernel': 3, 'padding': 1, 'groups': 32, 'bias': False},
               torch.nn.Conv2d(32, 32, 3, padding=1, groups=32, bias=False)),
              ('bn1', 'batchNorm', {'affine': True}, torch.nn.BatchNorm2d(32)),
              ('relu1', 'relu', {}, torch.nn.ReLU()),
              ('pw1', 'conv2d', {'inChannels': 32, 'outChannels': 64, 'kernel': 1, 'bias': False}, torch.nn.Conv2d(32, 64, 1, bias=False)),
              ('bn2', 'batchNorm', {'affine': True}, torch.nn.BatchNorm2d(64)),
              ('relu2', 'relu', {}, torch.nn.ReLU()),
              ('dw2', 'conv2d', {'inChannels': 64, 'outChannels': 64, 'kernel': 3, 'stride': 2, 'padding': 1, 'groups': 64, 'bias': False},
               torch.nn.Conv2d(64, 64, 3, stride=2, padding=1, groups=64, bias=False)),
              ('bn3', 'batchNorm', {'affine': True}, torch.nn.BatchNorm2d(64)),
              ('relu3', 'relu', {}, torch.nn.ReLU()),
              ('pw2', 'conv2d', {'inChannels': 64, 'outChannels': 128, 'kernel': 1, 'bias': False}, torch.nn.Conv2d(64, 128, 1, bias=False)),
              ('bn4', 'batchNorm', {'affine': True}, torch.nn.BatchNorm2d(128)),
              ('relu4', 'relu', {}, torch.nn.ReLU())]
    h = torch.randn(1, 32, 8, 8)
    nodes = [node('x', 'input', 0, 0, value={'shape': [1, 32, 8, 8], 'init': 'uniform', 'seed': 1})]
    edges, exp, prev, total = [], {}, 'x', 0
    for i, (id, op, params, mod) in enumerate(layers):
        h = mod(h)
        count = sum(p.numel() for p in mod.parameters())
        total += count
        kw = {'params': params} if params else {}
        nodes.append(node(id, op, i + 1, i % 2, **kw))
        edges.append(edge(prev, id, 'u' if op == 'relu' else 'x'))
        exp[id] = {'shape': list(h.shape), 'params': count}
        if isinstance(mod, torch.nn.Conv2d):
            # Multiply-adds as torchinfo counts them: every output cell, times the weights one output channel has.
            exp[id]['macs'] = h.numel() * mod.weight[0].numel()
        prev = id
    # The depthwise convs have 9 weights per channel; a full 3×3 conv 32 → 64 would have 18,432.
    assert [exp[k]['params'] for k in ['dw1', 'pw1', 'dw2', 'pw2']] == [288, 2048, 576, 8192]
    assert total == 288 + 64 + 2048 + 128 + 576 + 128 + 8192 + 256
    return doc(
        'MobileNet: depthwise-separable blocks',
        'MobileNet v1\'s first two depthwise-separable blocks on 1 × 32 × 8 × 8: a depthwise 3×3 conv (groups = channels: '
        'one 3×3 filter per channel, 288 weights) then a pointwise 1×1 conv mixing the channels (2,048), each with batch norm '
        'and ReLU (MobileNet uses ReLU6); the second block\'s depthwise conv has stride 2. A standard 3×3 conv 32 → 64 would '
        'have 18,432 weights against 288 + 2,048. Parameter counts as torch and torchinfo give them (batch norm: γ and β); '
        'the real network runs on 112 × 112, with the same counts.',
        nodes, edges, 'relu4', {'nodes': exp, 'totals': {'params': total}},
    )


MASK = 0xFFFFFFFF


def mulberry32(seed):
    # The engine's initializer stream (src/tensor/init.ts): the same uint32 arithmetic, so a layer's own
    # seeded weights are reproduced here bit for bit and handed to torch as inputs, never as answers.
    a = seed & MASK

    def imul(x, y):
        return (x * y) & MASK

    def next():
        nonlocal a
        a = (a + 0x6D2B79F5) & MASK
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & MASK
        return ((t ^ (t >> 14)) & MASK) / 4294967296
    return next


def uniform_init(shape, seed, bound):
    # initTensor's 'uniform' (bound = scale) and 'kaimingUniform' (bound = √(6 / fan_in)): (2u − 1)·bound.
    rand = mulberry32(seed)
    n = math.prod(shape)
    return torch.tensor([(2 * rand() - 1) * bound for _ in range(n)]).reshape(shape)


def kaiming_uniform(shape, seed):
    return uniform_init(shape, seed, math.sqrt(6 / math.prod(shape[1:])))


def param_count(mods):
    # torchinfo's "Total params" and "Trainable params": parameters only (batch norm's running
    # mean and variance are buffers); every one here requires grad, so the two totals agree.
    total = sum(p.numel() for m in mods for p in m.parameters())
    trainable = sum(p.numel() for m in mods for p in m.parameters() if p.requires_grad)
    return total, trainable


def resnet_block():
    # ResNet-18's first stage (torchvision's resnet18().layer1[0], a BasicBlock): conv3×3 64 → 64
    # (no bias), batch norm, ReLU, conv3×3, batch norm, + the identity, ReLU. On 1 × 64 × 4 × 4
    # instead of 56 × 56 so it evaluates quickly (the fuzz tests evaluate every example hundreds of
    # times): the parameter counts do not depend on the size.
    C, H = 64, 4
    x = uniform_init([1, C, H, H], 1, 1.0).requires_grad_()
    conv1 = torch.nn.Conv2d(C, C, 3, padding=1, bias=False)
    conv2 = torch.nn.Conv2d(C, C, 3, padding=1, bias=False)
    bn1, bn2 = torch.nn.BatchNorm2d(C), torch.nn.BatchNorm2d(C)
    with torch.no_grad():
        # conv2d's ports are x, weight, bias: the weight draws from seed + 1.
        conv1.weight.copy_(kaiming_uniform([C, C, 3, 3], 11 + 1))
        conv2.weight.copy_(kaiming_uniform([C, C, 3, 3], 12 + 1))
    h1 = conv1(x)
    b1 = bn1(h1)
    r1 = F.relu(b1)
    h2 = conv2(r1)
    b2 = bn2(h2)
    s = b2 + x
    out = F.relu(s)
    loss = out.sum()
    loss.backward()
    total, trainable = param_count([conv1, bn1, conv2, bn2])
    assert total == trainable == 2 * 36864 + 2 * 128
    macs = H * H * C * C * 9
    conv = {'inChannels': C, 'outChannels': C, 'kernel': 3, 'padding': 1, 'bias': False, 'init': 'kaimingUniform'}
    shape = [1, C, H, H]
    return doc(
        'ResNet-18, first stage: a residual basic block',
        'The first BasicBlock of ResNet-18\'s first stage (torchvision\'s resnet18().layer1[0]) on 1 × 64 × 4 × 4: '
        'conv 3×3 64 → 64 with padding 1 and no bias (36,864 weights), batch norm (γ and β: 128), ReLU, the same conv '
        'and batch norm again, then the identity x is added back before the last ReLU: out = relu(bn2(conv2(relu(bn1(conv1(x))))) + x). '
        'The skip needs no projection because the shapes match. Parameters as torchinfo counts them: 73,984 in total, all '
        'trainable (the running mean and variance are buffers, not parameters); the stage has two such blocks (147,968). '
        'Multiply-adds 589,824 per conv here, 115,605,504 on the real 56 × 56. The loss is the sum of the output; '
        'values and gradients from PyTorch (float64, batch norm in training mode). Select bn1 to see its running mean and '
        'variance before and after this pass (momentum 0.1, unbiased variance); "Apply running stats" carries them into the '
        'document, and eval mode then normalises with them.',
        [node('x', 'input', 0, 1, value={'shape': shape, 'init': 'uniform', 'seed': 1}),
         node('conv1', 'conv2d', 1, 0, params={**conv, 'seed': 11}),
         node('bn1', 'batchNorm', 2, 0, params={'affine': True}),
         node('relu1', 'relu', 3, 0),
         node('conv2', 'conv2d', 4, 0, params={**conv, 'seed': 12}),
         node('bn2', 'batchNorm', 5, 0, params={'affine': True}),
         node('skip', 'add', 6, 1),
         node('out', 'relu', 7, 1),
         node('loss', 'sum', 8, 1)],
        [edge('x', 'conv1', 'x'), edge('conv1', 'bn1', 'x'), edge('bn1', 'relu1', 'u'), edge('relu1', 'conv2', 'x'),
         edge('conv2', 'bn2', 'x'), edge('bn2', 'skip', 'a'), edge('x', 'skip', 'b'), edge('skip', 'out', 'u'),
         edge('out', 'loss', 'x')],
        'loss',
        {'tol': 1e-9, 'output': loss.item(),
         'nodes': {'conv1': {'shape': shape, 'params': 36864, 'macs': macs},
                   'bn1': {'shape': shape, 'params': 128},
                   'relu1': {'shape': shape, 'params': 0},
                   'conv2': {'shape': shape, 'params': 36864, 'macs': macs},
                   'bn2': {'shape': shape, 'params': 128},
                   'skip': {'shape': shape, 'params': 0},
                   'out': {'shape': shape, 'params': 0},
                   'bn1.gamma': {'shape': [C], 'value': [1.0] * C, 'grad': nested(bn1.weight.grad)},
                   'bn1.beta': {'shape': [C], 'value': [0.0] * C, 'grad': nested(bn1.bias.grad)},
                   'bn2.gamma': {'shape': [C], 'grad': nested(bn2.weight.grad)},
                   'bn2.beta': {'shape': [C], 'grad': nested(bn2.bias.grad)},
                   'conv1.weight': {'shape': [C, C, 3, 3]},
                   'conv2.weight': {'shape': [C, C, 3, 3]}},
         'totals': {'params': total}},
    )


def unet_step():
    # One decoder step of a small U-Net: the coarse features d (1 × 8 × 4 × 4) are upsampled by a
    # transposed conv (kernel 2, stride 2: 4×4 → 8×8, 8 → 4 channels), concatenated along the channels
    # with the encoder's skip features e (1 × 4 × 8 × 8), then mixed by a 3×3 conv 8 → 4 and ReLU.
    d = uniform_init([1, 8, 4, 4], 1, 1.0).requires_grad_()
    e = uniform_init([1, 4, 8, 8], 2, 1.0).requires_grad_()
    up = torch.nn.ConvTranspose2d(8, 4, 2, stride=2)
    conv = torch.nn.Conv2d(8, 4, 3, padding=1)
    with torch.no_grad():
        # Ports x, weight, bias: weight from seed + 1, bias from seed + 2, uniform in ±1/√fan_in
        # (fan_in = weight.size(1)·kh·kw: 4·2·2 for the transposed conv, 8·3·3 for the conv).
        up.weight.copy_(kaiming_uniform([8, 4, 2, 2], 21 + 1))
        up.bias.copy_(uniform_init([4], 21 + 2, 1 / math.sqrt(4 * 2 * 2)))
        conv.weight.copy_(kaiming_uniform([4, 8, 3, 3], 22 + 1))
        conv.bias.copy_(uniform_init([4], 22 + 2, 1 / math.sqrt(8 * 3 * 3)))
    u = up(d)
    cat = torch.cat([u, e], dim=1)
    y = F.relu(conv(cat))
    loss = y.sum()
    for t in (u, cat, y):
        t.retain_grad()
    loss.backward()
    total, trainable = param_count([up, conv])
    assert total == trainable == (8 * 4 * 4 + 4) + (4 * 8 * 9 + 4)
    return doc(
        'U-Net: one decoder step (upsample, concatenate the skip, conv)',
        'One decoder step of a small U-Net. The coarse features d (1 × 8 × 4 × 4) are upsampled by a transposed conv '
        '(kernel 2, stride 2: 4×4 → 8×8, 8 → 4 channels; 128 weights + 4 biases), concatenated along the channels (dim 1) '
        'with the encoder\'s skip features e (1 × 4 × 8 × 8) into 1 × 8 × 8 × 8, then a 3×3 conv 8 → 4 with padding 1 '
        '(288 weights + 4 biases) and ReLU. Parameters as torchinfo counts them: 424, all trainable. The concat\'s gradient '
        'splits back along the channels: its first 4 channels go to the upsampling, the last 4 to the skip. '
        'The loss is the sum of the output; values and gradients from PyTorch (float64).',
        [node('d', 'input', 0, 0, value={'shape': [1, 8, 4, 4], 'init': 'uniform', 'seed': 1}),
         node('e', 'input', 1, 1, value={'shape': [1, 4, 8, 8], 'init': 'uniform', 'seed': 2}),
         node('up', 'convTranspose2d', 1, 0,
              params={'inChannels': 8, 'outChannels': 4, 'kernel': 2, 'stride': 2, 'init': 'kaimingUniform', 'seed': 21}),
         node('cat', 'concat', 2, 0, params={'count': 2, 'dim': 1}),
         node('conv', 'conv2d', 3, 0,
              params={'inChannels': 8, 'outChannels': 4, 'kernel': 3, 'padding': 1, 'init': 'kaimingUniform', 'seed': 22}),
         node('act', 'relu', 4, 0),
         node('loss', 'sum', 5, 0)],
        [edge('d', 'up', 'x'), edge('up', 'cat', 'x0'), edge('e', 'cat', 'x1'), edge('cat', 'conv', 'x'),
         edge('conv', 'act', 'u'), edge('act', 'loss', 'x')],
        'loss',
        {'tol': 1e-9, 'output': loss.item(),
         'nodes': {'up': {'shape': [1, 4, 8, 8], 'params': 132, 'macs': 8 * 4 * 4 * 4 * 2 * 2, 'value': nested(u), 'grad': nested(u.grad)},
                   'cat': {'shape': [1, 8, 8, 8], 'params': 0, 'grad': nested(cat.grad)},
                   'conv': {'shape': [1, 4, 8, 8], 'params': 292, 'macs': 4 * 8 * 8 * 8 * 9},
                   'act': {'shape': [1, 4, 8, 8], 'value': nested(y)},
                   'up.weight': {'shape': [8, 4, 2, 2], 'grad': nested(up.weight.grad)},
                   'up.bias': {'shape': [4], 'grad': nested(up.bias.grad)},
                   'conv.weight': {'shape': [4, 8, 3, 3], 'grad': nested(conv.weight.grad)},
                   'conv.bias': {'shape': [4], 'value': nested(conv.bias), 'grad': nested(conv.bias.grad)}},
         'gradients': {'d': nested(d.grad), 'e': nested(e.grad)},
         'totals': {'params': total}},
    )


if __name__ == '__main__':
    import sys
    only = set(sys.argv[1:])
    for name, fn in [('p2-gradient-step.json', p2), ('p3-linear-mse-update.json', p3), ('p4-conv-by-hand.json', p4),
                     ('p5-pooling-by-hand.json', p5), ('p6-alexnet-conv1.json', p6), ('p7-output-size.json', p7),
                     ('p8-lenet-params.json', p8_lenet), ('p8-param-counts.json', p8_fc_and_vgg),
                     ('p9-vgg-shapes.json', p9_vgg), ('p9-segmentation-shapes.json', p9_segmentation),
                     ('p9-linear-shapes.json', p9_linear), ('p10-losses-at-init.json', p10_init),
                     ('p10-confident-score.json', p10_confident), ('p11-normalisation.json', p11),
                     ('p12-conv-gradient.json', p12), ('p13-activations.json', p13), ('p14-saliency.json', p14),
                     ('mobilenet-depthwise-separable.json', mobilenet_block),
                     ('resnet18-basic-block.json', resnet_block), ('unet-decoder-step.json', unet_step)]:
        if not only or name in only:
            write(name, fn())
