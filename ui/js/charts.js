/* charts.js - small charts drawn as SVG by the page's own script.
 *
 * Nothing is fetched and nothing is inline-styled: elements are made with
 * createElementNS and plain attributes, and colours and type come from
 * app.css through classes (the Content-Security-Policy allows no style
 * attributes). A chart is drawn at the width of its box, and drawn again
 * when that width changes, so its words stay the size of the page's words
 * on a phone and on a desktop alike. Each chart is one picture to a screen
 * reader (role="img" with a label); the page that shows it gives the same
 * figures beside it as a table or a sentence. */

const NS = 'http://www.w3.org/2000/svg';

/* When marks share a line, the line takes the first of these kinds. */
const RANK = ['chosen', 'trying', 'epq', 'cap'];

/* Rough width of a label, for placing it before it is measured: about
 * 0.6 em a character in the system sans-serif. */
function textWidth(text, size) {
	return String(text).length * size * 0.6;
}

/**
 * An SVG element: svg('rect', {x: 1, class: 'chart__bar'}, child, …).
 * Attributes that are null, undefined or false are left out; style and
 * on* handlers are refused, as in dom.js's h().
 */
export function svg(tag, attrs = {}, ...children) {
	const node = document.createElementNS(NS, tag);
	for (const [key, value] of Object.entries(attrs)) {
		if (value === null || value === undefined || value === false)
			continue;
		if (key === 'style' || key.startsWith('on'))
			throw new Error(`svg(): "${key}" is not allowed, use classes and addEventListener`);
		node.setAttribute(key, String(value));
	}
	for (const child of children.flat()) {
		if (child === null || child === undefined || child === false)
			continue;
		node.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return node;
}

/* Shorten labels marked data-fit="width" that are wider than that, once
 * they are on the page and can be measured. The part to shorten is the
 * child marked data-fit-part, else the whole text. */
function fitLabels(root) {
	for (const text of root.querySelectorAll('text[data-fit]')) {
		const max = Number(text.getAttribute('data-fit'));
		const part = text.querySelector('[data-fit-part]') || text;
		const full = part.textContent;
		let keep = full.length;
		while (keep > 1 && text.getComputedTextLength() > max) {
			keep -= 1;
			part.textContent = `${full.slice(0, keep).trimEnd()}…`;
		}
	}
}

/*
 * The width of a label as the page will draw it, measured in a throwaway
 * <svg> of the chart's classes inside box (so app.css's sizes and weights
 * apply): measure(text, chartClass, groupClass) -> px. Labels are placed
 * by these widths, so none is drawn across a line or another label.
 */
function measurer(box) {
	const cache = new Map();
	return (text, chartClass, groupClass) => {
		const key = `${chartClass}|${groupClass}|${text}`;
		if (!cache.has(key)) {
			const t = svg('text', { x: 0, y: 20 }, text);
			const probe = svg('svg', { class: chartClass, width: 1, height: 1, 'aria-hidden': 'true' },
				svg('g', { class: groupClass }, t));
			box.append(probe);
			cache.set(key, t.getComputedTextLength());
			probe.remove();
		}
		return cache.get(key);
	};
}

/* Do two boxes {x0, x1, y0, y1} overlap, with pad px to spare? */
function overlaps(a, b, pad = 2) {
	return a.x0 < b.x1 + pad && b.x0 < a.x1 + pad && a.y0 < b.y1 + pad && b.y0 < a.y1 + pad;
}

/* The box of a label of width w on baseline y, from x0 (13–14 px type). */
function labelBox(x0, w, y) {
	return { x0, x1: x0 + w, y0: y - 13, y1: y + 4 };
}

/**
 * Draw a chart into box at box's width, and again whenever that width
 * changes. draw(width, measure) returns the <svg>; measure(text,
 * chartClass, groupClass) gives a label's drawn width. Returns {redraw(draw?), stop()}:
 * redraw paints again (with a new draw function if given), stop ends the
 * watching (call it when the page is left).
 */
export function fitChart(box, draw) {
	let current = draw;
	let width = 0;
	let frame = 0;

	function paint() {
		frame = 0;
		const w = Math.floor(box.clientWidth);
		if (w <= 0)
			return;
		width = w;
		const chart = current(w, measurer(box));
		box.replaceChildren(chart);
		fitLabels(chart);
	}

	// Only a change of width draws again (a new drawing may change the
	// height), and at most once a frame.
	const observer = new ResizeObserver(() => {
		if (Math.floor(box.clientWidth) !== width && !frame)
			frame = requestAnimationFrame(paint);
	});
	observer.observe(box);
	if (box.isConnected)
		paint();
	return {
		redraw(next) {
			if (next)
				current = next;
			if (box.isConnected)
				paint();
		},
		stop() {
			observer.disconnect();
			if (frame)
				cancelAnimationFrame(frame);
		},
	};
}

/**
 * A horizontal bar chart with an optional reference line, for comparing a
 * few named values with one figure (what each product earns an hour
 * against the hourly rate). Returns a draw(width) for fitChart.
 *
 * options: {
 *   label: the chart's accessible name,
 *   items: [{key, name, value}],
 *   format(value) -> the text beside a bar,
 *   ref: {value, text} or null: a line across every bar,
 *   under: words added to the name of a bar short of the line,
 * }
 * Bars short of the line get the class chart__bar--under (drawn hatched).
 */
export function barChart({ label, items, format, ref = null, under = '' }) {
	return (width, measure = null) => {
		const size = 14;
		const valueWidth = (v) => (measure ? measure(format(v), 'chart chart--bars', 'chart__row') : textWidth(format(v), size));
		const values = items.map((i) => i.value);
		const valueRoom = Math.max(...values.map((v) => textWidth(format(v), size)), 40) + 12;
		const plot = Math.max(80, width - valueRoom);
		const lo = Math.min(0, ...values);
		const hi = Math.max(1, ...values, ref ? ref.value : 0) * 1.04;
		const x = (v) => ((v - lo) / (hi - lo)) * plot;
		const top = ref ? 30 : 6;
		const row = 58;
		const height = top + items.length * row + 4;
		const patternId = `hatch-${Math.random().toString(36).slice(2, 9)}`;

		const rx = ref ? x(ref.value) : null;
		const rows = items.map((item, i) => {
			const y = top + i * row;
			const short = ref && item.value < ref.value;
			const x0 = x(0);
			const x1 = x(item.value);
			const left = Math.min(x0, x1);
			const w = Math.max(2, Math.abs(x1 - x0));
			// The value goes after its bar, or after the rate's line when
			// the line would run through it.
			let vx = Math.max(x0, x1) + 6;
			if (rx !== null && rx > vx - 4 && rx < vx + valueWidth(item.value) + 4)
				vx = rx + 6;
			return svg('g', { class: `chart__row${short ? ' chart__row--under' : ''}`, 'data-bar': item.key },
				svg('text', { class: 'chart__name', x: 0, y: y + 16, 'data-fit': width },
					svg('tspan', { 'data-fit-part': '' }, item.name),
					short && under ? svg('tspan', { class: 'chart__flag' }, ` · ${under}`) : null),
				svg('rect', {
					class: `chart__bar${short ? ' chart__bar--under' : ''}`,
					x: left, y: y + 24, width: w, height: 22, rx: 3,
				}),
				short ? svg('rect', {
					class: 'chart__hatch', x: left, y: y + 24, width: w, height: 22, rx: 3, fill: `url(#${patternId})`,
				}) : null,
				svg('text', { class: 'chart__value', x: vx, y: y + 40 }, format(item.value)));
		});

		// The rate's line runs past each bar, not through the names above them.
		let refLine = null;
		if (ref) {
			const anchor = rx > width * 0.55 ? 'end' : 'start';
			refLine = svg('g', { class: 'chart__ref' },
				items.map((item, i) => svg('line', { x1: rx, x2: rx, y1: top + i * row + 21, y2: top + i * row + 49 })),
				svg('text', { x: anchor === 'end' ? rx - 4 : rx + 4, y: 14, 'text-anchor': anchor }, ref.text));
		}

		return svg('svg', {
			class: 'chart chart--bars', width, height, viewBox: `0 0 ${width} ${height}`,
			role: 'img', 'aria-label': label,
		},
		svg('defs', {},
			svg('pattern', { id: patternId, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
				svg('rect', { class: 'chart__hatch-line', x: 0, y: 0, width: 3, height: 8 }))),
		svg('line', { class: 'chart__axis', x1: x(0), x2: x(0), y1: top + 20, y2: height - 2 }),
		rows,
		refLine);
	};
}

/* A "nice" step for about n ticks over 0..max: 1, 2 or 5 times a power of ten. */
function niceStep(max, n) {
	const raw = max / n;
	const mag = 10 ** Math.floor(Math.log10(raw));
	const m = [1, 2, 5, 10].find((k) => k * mag >= raw);
	return m * mag;
}

/**
 * Cost against batch size, the size on a log scale (1, 2, 5, 10, 20 …),
 * with level lines across (the cost made to order, the price) and marks
 * up and down (the batch size to make, the limits). Returns a
 * draw(width) for fitChart.
 *
 * options: {
 *   label: the chart's accessible name,
 *   points: [{x, y}] the curve, sorted by x,
 *   extend(x) -> y or null: the same curve carried on past the last
 *     point, drawn dashed, up to xMax,
 *   xMax: the largest size to show,
 *   levels: [{y, text, kind}] horizontal lines (kind: a class suffix),
 *   marks: [{x, text, kind}] vertical lines; marks at one size share a line,
 *   dot: {x, y, text} a point to ring on the curve,
 *   money(y) -> text for the cost axis,
 *   curveText: the words at the end of the curve,
 *   xTitle: the words under the size axis,
 * }
 */
export function lineChart(options) {
	const { label, points, extend = null, levels = [], marks = [], dot = null, money, curveText, xTitle } = options;
	return (width, measure = null) => {
		const size = 13;
		const textW = (text, group) => (measure ? measure(text, 'chart chart--line', group) : textWidth(text, size));
		const xMax = Math.max(options.xMax || 1, ...points.map((p) => p.x), 2);
		const ys = [...points.map((p) => p.y), ...levels.map((l) => l.y), 1];
		const step = niceStep(Math.max(...ys) * 1.08, 4);
		const yMax = Math.ceil((Math.max(...ys) * 1.08) / step) * step;
		const yTicks = [];
		for (let v = 0; v <= yMax + step / 2; v += step)
			yTicks.push(v);

		// Marks at the same size share one line and one label.
		const byX = new Map();
		for (const m of marks.filter((k) => k.x >= 1)) {
			const at = byX.get(m.x);
			if (at) {
				at.text += ` · ${m.text}`;
				if (RANK.indexOf(m.kind) < RANK.indexOf(at.kind))
					at.kind = m.kind;
			} else {
				byX.set(m.x, { ...m });
			}
		}
		const merged = [...byX.values()].sort((a, b) => a.x - b.x);

		const left = Math.max(...yTicks.map((v) => textW(money(v), 'chart__tick'))) + 12;
		const right = 14;
		const plotW = Math.max(100, width - left - right);
		const lx = (v) => left + (Math.log10(v) / Math.log10(xMax)) * plotW;

		// Mark labels in rows above the plot. A mark's line runs down from
		// under its label, so a label may not sit where a line from a row
		// above runs, nor above a label its own line would run through; it
		// sits over its line, or beside it, in the first row where it fits.
		const ROW = 18;
		const placed = [];
		const spill = [];
		for (const m of merged) {
			const w = textW(m.text, `chart__mark chart__mark--${m.kind}`) + 6;
			const lineX = lx(m.x);
			const clampX = (x0) => Math.min(Math.max(x0, 0), width - w);
			const starts = [clampX(lineX - w / 2), clampX(lineX + 3), clampX(lineX - 3 - w)];
			let spot = null;
			for (let r = 0; r <= merged.length && !spot; r++) {
				for (const x0 of starts) {
					const box = { x0, x1: x0 + w, r };
					const free = placed.every((p) => !(p.r === r && box.x0 < p.box.x1 + 4 && p.box.x0 < box.x1 + 4) &&
						!(p.r < r && p.lineX > box.x0 - 3 && p.lineX < box.x1 + 3) &&
						!(p.r > r && lineX > p.box.x0 - 3 && lineX < p.box.x1 + 3));
					if (free) {
						spot = box;
						break;
					}
				}
			}
			if (spot)
				placed.push({ ...m, lineX, r: spot.r, box: spot, tx: spot.x0 + 3 });
			else
				spill.push({ ...m, lineX, r: -1 });
		}
		const rows = placed.reduce((n, p) => Math.max(n, p.r + 1), 0);
		const band = rows * ROW + (rows ? 6 : 0);
		const top = band + 8;
		const plotH = Math.round(Math.min(300, Math.max(190, width * 0.42)));
		const bottom = top + plotH;
		const ly = (v) => bottom - (v / yMax) * plotH;

		let xTicks = [];
		for (let base = 1; base <= xMax; base *= 10)
			for (const k of [1, 2, 5])
				if (base * k <= xMax)
					xTicks.push(base * k);
		if (plotW / xTicks.length < 34)
			xTicks = xTicks.filter((v) => /^10*$/.test(String(v)));

		const grid = [
			...yTicks.map((v) => svg('g', { class: 'chart__tick' },
				svg('line', { class: 'chart__grid', x1: left, x2: left + plotW, y1: ly(v), y2: ly(v) }),
				svg('text', { x: left - 6, y: ly(v) + 4, 'text-anchor': 'end' }, money(v)))),
			...xTicks.map((v) => svg('g', { class: 'chart__tick' },
				svg('line', { class: 'chart__grid chart__grid--x', x1: lx(v), x2: lx(v), y1: top, y2: bottom }),
				svg('text', { x: lx(v), y: bottom + 18, 'text-anchor': 'middle' }, String(v)))),
		];

		const path = (pts) => pts.map((p, i) => `${i ? 'L' : 'M'}${lx(p.x).toFixed(1)} ${ly(p.y).toFixed(1)}`).join(' ');
		const last = points[points.length - 1];
		let more = null;
		const curvePts = [...points];
		if (extend && last && last.x < xMax) {
			const pts = [last];
			for (let i = 1; i <= 32; i++) {
				const v = last.x * (xMax / last.x) ** (i / 32);
				const y = extend(v);
				if (y !== null && Number.isFinite(y))
					pts.push({ x: v, y });
			}
			curvePts.push(...pts.slice(1));
			more = svg('path', { class: 'chart__curve chart__curve--more', d: path(pts), 'data-curve-more': '' });
		}
		// Does the curve pass through a box? Its segments, walked 3 px at a time.
		const onCurve = (box) => curvePts.some((p, i) => {
			if (i === 0)
				return false;
			const ax = lx(curvePts[i - 1].x), ay = ly(curvePts[i - 1].y), bx = lx(p.x), by = ly(p.y);
			const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / 3));
			for (let k = 0; k <= n; k++) {
				const cx = ax + ((bx - ax) * k) / n, cy = ay + ((by - ay) * k) / n;
				if (cx > box.x0 - 3 && cx < box.x1 + 3 && cy > box.y0 - 3 && cy < box.y1 + 3)
					return true;
			}
			return false;
		});

		// Words inside the plot (the levels' and the curve's) go where no
		// mark's line runs and no other words are: between the lines, above
		// or below their own, else in a row under the chart.
		const lineXs = [...placed, ...spill].map((m) => m.lineX).sort((a, b) => a - b);
		const edges = [left + 2, ...lineXs.flatMap((x) => [x - 4, x + 4]), left + plotW - 2];
		const gaps = [];
		for (let i = 0; i + 1 < edges.length; i += 2)
			if (edges[i + 1] > edges[i])
				gaps.push([edges[i], edges[i + 1]]);
		const levelYs = levels.map((l) => ly(l.y));
		const taken = [];
		function fit(w, baselines, order) {
			for (const y of baselines) {
				for (const [g0, g1] of order(gaps)) {
					if (g1 - g0 < w)
						continue;
					const x0 = order === nearest ? Math.min(Math.max(nearX - w / 2, g0), g1 - w) : g1 - w;
					const box = labelBox(x0, w, y);
					if (box.y0 < top || box.y1 > bottom - 2)
						continue;
					if (levelYs.some((ly0) => ly0 > box.y0 - 1 && ly0 < box.y1 + 1))
						continue;
					if (taken.some((t) => overlaps(t, box)) || onCurve(box))
						continue;
					taken.push(box);
					return box;
				}
			}
			return null;
		}
		const rightmost = (g) => [...g].reverse();
		let nearX = 0;
		const nearest = (g) => [...g].sort((a, b) => Math.abs((a[0] + a[1]) / 2 - nearX) - Math.abs((b[0] + b[1]) / 2 - nearX));
		const under = [];

		const sortedLevels = [...levels].sort((a, b) => a.y - b.y);
		const levelNodes = sortedLevels.map((l) => {
			const y = ly(l.y);
			const group = `chart__level chart__level--${l.kind}`;
			const w = textW(l.text, group);
			const box = fit(w, [y - 6, y + 16], rightmost);
			const text = box ? svg('text', { x: box.x0, y: box.y1 - 4 }, l.text) : null;
			if (!box)
				under.push({ group, text: l.text, kind: 'level' });
			return svg('g', { class: group, 'data-level': l.kind },
				svg('line', { x1: left, x2: left + plotW, y1: y, y2: y }), text);
		});

		const markNodes = [...placed, ...spill].sort((a, b) => a.x - b.x).map((m) => {
			if (m.r < 0)
				under.push({ group: `chart__mark chart__mark--${m.kind}`, text: m.text, kind: 'mark', x: m.x });
			return svg('g', { class: `chart__mark chart__mark--${m.kind}`, 'data-mark': m.kind, 'data-size': m.x },
				svg('line', { x1: m.lineX, x2: m.lineX, y1: m.r < 0 ? top : m.r * ROW + ROW, y2: bottom }),
				m.r < 0 ? null : svg('text', { x: m.tx, y: m.r * ROW + 13 }, m.text));
		});

		const endX = last ? lx(last.x) : left;
		const endY = last ? ly(last.y) : bottom;
		let curveLabel = null;
		if (curveText && last) {
			nearX = endX;
			const w = textW(curveText, 'chart__curve-text');
			const box = fit(w, [endY + 18, endY - 8], nearest);
			if (box)
				curveLabel = svg('text', { class: 'chart__curve-text', x: box.x0, y: box.y1 - 4 }, curveText);
			else
				under.push({ group: 'chart__curve-text', text: curveText, kind: 'curve' });
		}

		// What found no room in the plot: one row each under the size axis.
		const underNodes = under.map((u, i) => {
			const y = bottom + 64 + i * 20;
			return u.kind === 'curve' ? svg('text', { class: 'chart__curve-text', x: left, y }, u.text)
				: svg('g', { class: u.group, 'data-under': u.kind }, svg('text', { x: left, y }, u.text));
		});
		const height = bottom + 50 + (under.length ? under.length * 20 + 6 : 0);

		return svg('svg', {
			class: 'chart chart--line', width, height, viewBox: `0 0 ${width} ${height}`,
			role: 'img', 'aria-label': label,
		},
		grid,
		svg('line', { class: 'chart__axis', x1: left, x2: left + plotW, y1: bottom, y2: bottom }),
		svg('line', { class: 'chart__axis', x1: left, x2: left, y1: top, y2: bottom }),
		levelNodes,
		markNodes,
		more,
		svg('path', { class: 'chart__curve', d: path(points), 'data-curve': '' }),
		curveLabel,
		dot ? svg('circle', { class: 'chart__dot', cx: lx(dot.x), cy: ly(dot.y), r: 6, 'data-dot': dot.x }) : null,
		svg('text', { class: 'chart__axis-title', x: left + plotW / 2, y: bottom + 40, 'text-anchor': 'middle' }, xTitle),
		underNodes);
	};
}
