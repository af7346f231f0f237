// Draws a run report's timeline from the JSON in #report-data: the cluster's lanes (role and term
// per server, outages, faults, marks) above one block per key with one lane per client process,
// all on one virtual-time axis. Every value lands in the page through textContent or an attribute
// set by setAttribute, never as markup: history values are arbitrary strings.
(function () {
  'use strict';
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var LABEL_WIDTH = 132;
  var LANE_HEIGHT = 18;
  var LANE_GAP = 3;
  var HEADING_HEIGHT = 24;
  var AXIS_HEIGHT = 26;
  var PLOT_WIDTH_MIN = 480;

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var root = document.getElementById('timeline');
  var details = document.getElementById('details');
  if (!root) {
    return;
  }
  var end = Math.max(1, data.endNanos);
  var view = { from: 0, to: end };
  var pinned = null;

  // ---- what the checker said about each operation ----

  var stepOf = {};       // op id -> {key, position, before, after}
  var failingOp = -1;
  var minimal = {};
  var prefix = {};
  var failingKeys = {};
  var checkedKeys = {};
  if (data.check) {
    data.check.partitions.forEach(function (p) {
      var key = p.key === null ? '' : p.key;
      checkedKeys[key] = p;
      p.steps.forEach(function (s, i) {
        stepOf[s.op] = { key: key, position: i + 1, of: p.steps.length, before: s.before,
          after: s.after, linearizable: p.linearizable };
        if (!p.linearizable) {
          prefix[s.op] = true;
        }
      });
      if (!p.linearizable) {
        failingKeys[key] = true;
        failingOp = p.failingOp;
        p.minimalOps.forEach(function (id) { minimal[id] = true; });
      }
    });
  }

  var failure = failingOp >= 0 ? data.ops.filter(function (op) { return op.id === failingOp; })[0]
    : null;

  // ---- layout: keys, and per key the processes that touched it ----

  var byKey = {};
  data.ops.forEach(function (op) {
    var key = op.key === null ? '' : op.key;
    (byKey[key] = byKey[key] || []).push(op);
  });
  var keys = Object.keys(byKey).sort(function (a, b) {
    var fa = failingKeys[a] ? 0 : 1;
    var fb = failingKeys[b] ? 0 : 1;
    return fa !== fb ? fa - fb : (a < b ? -1 : a > b ? 1 : 0);
  });

  function svg(name, attrs, parent) {
    var el = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, String(attrs[k])); });
    if (parent) {
      parent.appendChild(el);
    }
    return el;
  }

  function text(parent, x, y, value, cls) {
    var t = svg('text', { x: x, y: y, 'class': cls || '' }, parent);
    t.textContent = value;
    return t;
  }

  function fmt(nanos) {
    if (nanos < 0) {
      return 'never';
    }
    if (nanos >= 1e9) {
      return (nanos / 1e9).toFixed(3) + ' s';
    }
    if (nanos >= 1e6) {
      return (nanos / 1e6).toFixed(3) + ' ms';
    }
    return (nanos / 1e3).toFixed(1) + ' µs';
  }

  function plotWidth() {
    return Math.max(PLOT_WIDTH_MIN, root.clientWidth - LABEL_WIDTH - 16);
  }

  // ---- the details panel ----

  function show(lines) {
    if (pinned) {
      return;
    }
    write(lines);
  }

  function write(lines) {
    while (details.firstChild) {
      details.removeChild(details.firstChild);
    }
    lines.forEach(function (line) {
      var row = document.createElement('div');
      if (Array.isArray(line)) {
        var name = document.createElement('span');
        name.className = 'name';
        name.textContent = line[0];
        var value = document.createElement('span');
        value.className = 'value';
        value.textContent = line[1];
        row.appendChild(name);
        row.appendChild(value);
      } else {
        row.className = 'title';
        row.textContent = line;
      }
      details.appendChild(row);
    });
  }

  function describeOp(op) {
    var lines = ['operation ' + op.id + (op.id === failingOp ? ' — cannot be linearized' : '')];
    lines.push(['process', String(op.process)]);
    lines.push(['call', op.f + (op.key === null ? '' : ' ' + op.key) + ' ' + op.argument]);
    lines.push(['outcome', op.type + (op.result === null ? '' : ' ' + op.result)]);
    lines.push(['invoked', fmt(op.start)]);
    lines.push(['completed', op.type === 'info' ? (op.end < 0 ? 'never' : 'gave up at '
      + fmt(op.end)) + ' (outcome unknown: it may take effect any time after its invocation)'
      : fmt(op.end)]);
    var step = stepOf[op.id];
    var key = op.key === null ? '' : op.key;
    var partition = checkedKeys[key];
    if (step) {
      lines.push([step.linearizable ? 'linearized' : 'in the longest prefix',
        '#' + step.position + ' of ' + step.of]);
      lines.push(['state before', step.before]);
      lines.push(['state after', step.after]);
    } else if (op.id === failingOp && partition) {
      lines.push(['state it met', partition.stateAfterPrefix]);
      lines.push(['why', 'no order of the operations still pending could place it after the '
        + partition.steps.length + ' linearized ones']);
    } else if (op.type === 'fail') {
      lines.push(['checker', 'a failed operation did not happen: nothing to linearize']);
    } else if (partition && !partition.linearizable) {
      lines.push(['checker', 'not in the longest linearizable prefix']);
    } else if (partition) {
      lines.push(['checker', op.type === 'info'
        ? 'outcome unknown and not needed by the linearization (it may never have happened)'
        : 'not placed by the checker']);
    }
    if (minimal[op.id]) {
      lines.push(['minimal', 'part of the minimal non-linearizable sub-history']);
    }
    return lines;
  }

  function hover(el, lines) {
    el.addEventListener('mouseenter', function () { show(lines()); });
    el.addEventListener('click', function () {
      pinned = pinned === el ? null : el;
      write(lines());
      if (pinned) {
        details.classList.add('pinned');
      } else {
        details.classList.remove('pinned');
      }
    });
  }

  // ---- drawing ----

  function draw() {
    while (root.firstChild) {
      root.removeChild(root.firstChild);
    }
    // The pinned element is about to be replaced: keep its details, forget the element.
    pinned = null;
    details.classList.remove('pinned');
    var width = plotWidth();
    var scale = width / Math.max(1, view.to - view.from);
    function x(t) {
      return LABEL_WIDTH + (t - view.from) * scale;
    }
    var lanes = [];
    var y = AXIS_HEIGHT;
    var cluster = data.timeline;
    var clusterRows = [];
    if (cluster) {
      lanes.push({ heading: 'cluster', y: y });
      y += HEADING_HEIGHT;
      for (var node = 0; node < cluster.servers; node++) {
        clusterRows.push({ node: node, y: y });
        y += LANE_HEIGHT + LANE_GAP;
      }
      var networkRows = rows(cluster.faults.filter(function (f) { return f.kind === 'network'; }));
      var networkY = y;
      y += Math.max(1, networkRows.count) * (LANE_HEIGHT + LANE_GAP);
    }
    var keyBlocks = [];
    keys.forEach(function (key) {
      var lanesOfKey = packProcesses(byKey[key]);
      var block = { key: key, y: y, laneY: {}, lanes: [] };
      y += HEADING_HEIGHT;
      lanesOfKey.forEach(function (processes) {
        processes.forEach(function (p) { block.laneY[p] = y; });
        block.lanes.push({ y: y, processes: processes });
        y += LANE_HEIGHT + LANE_GAP;
      });
      keyBlocks.push(block);
    });
    var height = y + 8;
    var chart = svg('svg', { width: LABEL_WIDTH + width + 8, height: height,
      'class': 'chart', role: 'img' }, root);
    var defs = svg('defs', {}, chart);
    var clip = svg('clipPath', { id: 'plot-clip' }, defs);
    svg('rect', { x: LABEL_WIDTH, y: 0, width: width, height: height }, clip);
    var hatch = svg('pattern', { id: 'hatch', width: 6, height: 6,
      patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
    svg('rect', { width: 6, height: 6, 'class': 'hatch-bg' }, hatch);
    svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, 'class': 'hatch-line' }, hatch);

    var background = svg('g', {}, chart);
    axis(background, x, width, height);
    var plot = svg('g', { 'clip-path': 'url(#plot-clip)' }, chart);

    if (cluster) {
      text(chart, 4, lanes[0].y + 16, 'cluster', 'heading');
      clusterRows.forEach(function (row) {
        text(chart, 8, row.y + 13, 'node ' + row.node, 'lane-label');
        svg('rect', { x: LABEL_WIDTH, y: row.y, width: width, height: LANE_HEIGHT,
          'class': 'lane-bg' }, background);
      });
      cluster.roles.forEach(function (r) {
        var rect = span(plot, x, r.fromNanos, r.toNanos, clusterRows[r.node].y, LANE_HEIGHT,
          'role role-' + r.role.toLowerCase().replace('_', '-'));
        hover(rect, function () {
          return ['node ' + r.node + ': ' + r.role.toLowerCase() + ' in term ' + r.term,
            ['from', fmt(r.fromNanos)], ['to', fmt(r.toNanos)]];
        });
        if ((Math.min(r.toNanos, view.to) - Math.max(r.fromNanos, view.from)) * scale > 28) {
          text(plot, x(Math.max(r.fromNanos, view.from)) + 3, clusterRows[r.node].y + 13,
            't' + r.term, 'span-label');
        }
      });
      cluster.outages.forEach(function (o) {
        var rect = span(plot, x, o.fromNanos, o.toNanos, clusterRows[o.node]
          ? clusterRows[o.node].y : -100, LANE_HEIGHT, 'outage outage-' + o.kind);
        hover(rect, function () {
          return ['node ' + o.node + ' ' + o.kind, ['from', fmt(o.fromNanos)],
            ['to', fmt(o.toNanos)]];
        });
      });
      cluster.faults.forEach(function (f) {
        if (f.kind === 'network') {
          return;
        }
        f.nodes.forEach(function (n) {
          if (!clusterRows[n]) {
            return;
          }
          var rect = span(plot, x, f.fromNanos, f.toNanos, clusterRows[n].y + LANE_HEIGHT - 4, 4,
            'fault fault-' + f.kind);
          hover(rect, function () {
            return [f.text, ['from', fmt(f.fromNanos)], ['to', fmt(f.toNanos)]];
          });
        });
      });
      text(chart, 8, networkY + 13, 'network', 'lane-label');
      networkRows.items.forEach(function (item) {
        var f = item.fault;
        var rowY = networkY + item.row * (LANE_HEIGHT + LANE_GAP);
        var rect = span(plot, x, f.fromNanos, f.toNanos, rowY, LANE_HEIGHT, 'fault fault-network');
        hover(rect, function () {
          return [f.text, ['from', fmt(f.fromNanos)], ['to', fmt(f.toNanos)],
            ['nodes', f.nodes.join(', ')]];
        });
        if ((Math.min(f.toNanos, view.to) - Math.max(f.fromNanos, view.from)) * scale > 60) {
          text(plot, x(Math.max(f.fromNanos, view.from)) + 3, rowY + 13, f.text, 'span-label');
        }
      });
      cluster.marks.forEach(function (m) {
        var markY = m.node >= 0 && clusterRows[m.node] ? clusterRows[m.node].y : networkY;
        var cx = x(m.atNanos);
        var mark = svg('path', { d: 'M' + cx + ' ' + markY + ' l4 -6 l-8 0 z',
          'class': 'mark mark-' + m.kind }, plot);
        hover(mark, function () { return [m.text, ['at', fmt(m.atNanos)]]; });
      });
    }

    var drawn = 0;
    keyBlocks.forEach(function (block) {
      var partition = checkedKeys[block.key];
      var status = partition ? (partition.linearizable
        ? 'linearizable (' + partition.steps.length + ' operations linearized)'
        : 'NOT linearizable') : data.check && data.check.verdict === 'not-linearizable'
        ? 'no linearization shown (the checker reports the failing key only)'
        : 'no linearization saved';
      text(chart, 4, block.y + 16, (block.key === '' ? 'no key' : 'key ' + block.key) + ' — '
        + status, failingKeys[block.key] ? 'heading heading-failing' : 'heading');
      block.lanes.forEach(function (lane) {
        var names = lane.processes.join(', ');
        var label = (lane.processes.length === 1 ? 'process ' : 'processes ') + names;
        var labelText = text(chart, 8, lane.y + 13, label.length > 20
          ? label.slice(0, 19) + '…' : label, 'lane-label');
        var title = svg('title', {}, labelText);
        title.textContent = label;
        svg('rect', { x: LABEL_WIDTH, y: lane.y, width: width, height: LANE_HEIGHT,
          'class': 'lane-bg' }, background);
      });
      byKey[block.key].forEach(function (op) {
        var open = op.end < 0;
        var cls = 'op op-' + op.type + (op.type === 'info' ? ' op-open' : '');
        if (op.id === failingOp) {
          cls += ' op-failing';
        } else if (minimal[op.id]) {
          cls += ' op-minimal';
        } else if (prefix[op.id]) {
          cls += ' op-prefix';
        }
        var opEnd = open ? end : Math.max(op.end, op.start);
        var rect = span(plot, x, op.start, opEnd, block.laneY[op.process] + 1, LANE_HEIGHT - 2,
          cls);
        rect.setAttribute('data-op', String(op.id));
        hover(rect, function () { return describeOp(op); });
        drawn++;
        var shownFrom = Math.max(op.start, view.from);
        var pixels = (Math.min(opEnd, view.to) - shownFrom) * scale;
        if (pixels > 46) {
          var label = op.f + ' ' + (op.type === 'ok' && op.result !== null ? op.result
            : op.argument);
          var chars = Math.floor((pixels - 6) / 6.5);
          text(plot, x(shownFrom) + 3, block.laneY[op.process] + 13,
            label.length > chars ? label.slice(0, Math.max(1, chars - 1)) + '…' : label,
            'op-label');
        }
      });
    });

    var failureAt = failure ? failure.start : data.failureNanos;
    if (failureAt >= 0) {
      var fx = x(failureAt);
      svg('line', { x1: fx, y1: AXIS_HEIGHT - 6, x2: fx, y2: height, 'class': 'failure-line' },
        svg('g', { 'clip-path': 'url(#plot-clip)' }, chart));
    }
    root.setAttribute('data-ops-drawn', String(drawn));
    root.setAttribute('data-keys-drawn', String(keyBlocks.length));
  }

  /**
   * Shares lanes between processes that never overlap (a client that gave up on an operation
   * goes on as a new process, as in Jepsen), first fit in order of first invocation, so that a
   * key shows about one lane per client rather than one per process.
   */
  function packProcesses(ops) {
    var spans = {};
    ops.forEach(function (op) {
      var s = spans[op.process] || (spans[op.process] = { process: op.process, from: op.start,
        to: op.start });
      s.from = Math.min(s.from, op.start);
      s.to = Math.max(s.to, op.end < 0 ? end : op.end);
    });
    var lanes = [];
    var laneEnds = [];
    Object.keys(spans).map(function (p) { return spans[p]; })
      .sort(function (a, b) { return a.from - b.from || a.process - b.process; })
      .forEach(function (s) {
        var lane = 0;
        while (lane < laneEnds.length && laneEnds[lane] >= s.from) {
          lane++;
        }
        laneEnds[lane] = s.to;
        (lanes[lane] = lanes[lane] || []).push(s.process);
      });
    return lanes;
  }

  /** Stacks overlapping spans in rows, first fit, so that none hides another. */
  function rows(faults) {
    var rowEnds = [];
    var items = faults.slice().sort(function (a, b) { return a.fromNanos - b.fromNanos; })
      .map(function (f) {
        var row = 0;
        while (row < rowEnds.length && rowEnds[row] > f.fromNanos) {
          row++;
        }
        rowEnds[row] = f.toNanos;
        return { fault: f, row: row };
      });
    return { items: items, count: rowEnds.length };
  }

  function span(parent, x, from, to, y, h, cls) {
    var left = x(from);
    var w = Math.max(2, x(to) - left);
    return svg('rect', { x: left, y: y, width: w, height: h, 'class': cls }, parent);
  }

  function axis(chart, x, width, height) {
    var range = view.to - view.from;
    var step = Math.pow(10, Math.floor(Math.log10(range / 8)));
    [1, 2, 5, 10].some(function (m) {
      if (range / (step * m) <= 10) {
        step = step * m;
        return true;
      }
      return false;
    });
    var first = Math.ceil(view.from / step) * step;
    for (var t = first; t <= view.to; t += step) {
      var tx = x(t);
      svg('line', { x1: tx, y1: AXIS_HEIGHT - 6, x2: tx, y2: height, 'class': 'grid' }, chart);
      if (tx < LABEL_WIDTH + width - 50) {
        text(chart, tx + 2, AXIS_HEIGHT - 10, t === 0 ? '0' : fmt(t), 'axis-label');
      }
    }
    svg('line', { x1: LABEL_WIDTH, y1: AXIS_HEIGHT - 6, x2: LABEL_WIDTH + width,
      y2: AXIS_HEIGHT - 6, 'class': 'axis' }, chart);
  }

  // ---- zoom ----

  function zoom(factor, center) {
    var mid = center === undefined ? (view.from + view.to) / 2 : center;
    var half = Math.max(1000, (view.to - view.from) * factor / 2);
    view.from = Math.max(0, mid - half);
    view.to = Math.min(end, view.from + 2 * half);
    view.from = Math.max(0, view.to - 2 * half);
    draw();
  }

  function button(id, action) {
    var el = document.getElementById(id);
    if (el) {
      el.addEventListener('click', action);
    }
    return el;
  }

  function pan(fraction) {
    var width = view.to - view.from;
    var from = Math.min(Math.max(0, view.from + width * fraction), Math.max(0, end - width));
    view = { from: from, to: from + width };
    draw();
  }

  button('pan-left', function () { pan(-0.5); });
  button('pan-right', function () { pan(0.5); });
  button('zoom-in', function () { zoom(0.5); });
  button('zoom-out', function () { zoom(2); });
  button('zoom-fit', function () { view = { from: 0, to: end }; draw(); });
  var focusAt = failure ? failure.start : data.failureNanos;
  // Zoom with the mouse wheel where it points (with Ctrl or Shift, so the page still scrolls).
  root.addEventListener('wheel', function (event) {
    if (!event.ctrlKey && !event.shiftKey) {
      return;
    }
    event.preventDefault();
    var box = root.getBoundingClientRect();
    var fraction = (event.clientX - box.left - LABEL_WIDTH) / plotWidth();
    var at = view.from + Math.min(1, Math.max(0, fraction)) * (view.to - view.from);
    zoom(event.deltaY < 0 ? 0.5 : 2, at);
  }, { passive: false });
  if (focusAt >= 0) {
    var focus = button('zoom-failure', function () {
      var around = Math.max(end / 40, failure && failure.end > 0 ? 4 * (failure.end - failure.start)
        : 0);
      view = { from: Math.max(0, focusAt - around), to: Math.min(end, focusAt + around) };
      draw();
    });
    if (focus) {
      focus.hidden = false;
    }
  }
  window.addEventListener('resize', draw);
  draw();
  document.body.setAttribute('data-report-ready', 'true');
})();
