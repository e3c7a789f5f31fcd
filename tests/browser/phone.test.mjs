// phone.test.mjs - the phone's last rough edges, measured at 390 × 844:
// the Numbers charts' rate and limit lines never run through a label and
// no two labels overlap; the weekday averages are one compact table, not a
// card a weekday; the lists (orders, batches, sales, products, customers)
// show at least four records a screen and keep 44 px tap targets.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiOK, AXE_CONTEXT, axeSerious, checkClean, field, gotoRoute, isoDay, openPage, seedWorkshop,
	setUpSuite, sidewaysOverflow, smallTargets, waitIdle,
} from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 } };

/* The controls that must be 44 × 44 px (as pages.test.mjs counts them). */
const TARGETS = 'button, select, input:not([type="radio"]):not([type="checkbox"]), textarea, .site-nav a, a.button, .back-link';

let server;
let browser;
let seed;
let loaf;

const post = (path, body, method) => apiOK(server, path, body, method);

setUpSuite(async (s) => {
	({ server, browser } = s);
	seed = await seedWorkshop(server);
	await post('/api/v1/settings', { hourly_rate: 1500, overhead_per_hour: 0 }, 'PUT');
	// A job-only piece under the rate, and a loaf made in batches with a
	// largest batch, a shelf life and sales: every line the charts draw.
	await post('/api/v1/products', {
		name: 'Oak dining table', mode: 'job', price: 90000, material_cost: 40000, minutes_per_unit: 2400, setup_minutes: 60,
	});
	loaf = await post('/api/v1/products', {
		name: 'Sourdough loaf', mode: 'batch', price: 450, material_cost: 80, minutes_per_unit: 12, setup_minutes: 60,
		max_batch: 40, shelf_life_days: 3,
	});
	// Four weeks of the loaf's sales, more at the weekend; and enough
	// records of every kind for a list to fill more than a screen.
	const run = await post('/api/v1/batches', { product_id: loaf.id, run_date: isoDay(-28), planned_qty: 1000 });
	await post(`/api/v1/batches/${run.id}`, { made_qty: 1000, status: 'done' }, 'PATCH');
	for (let d = -27; d <= -1; d++) {
		const day = new Date(`${isoDay(d)}T12:00:00`).getDay();
		await post('/api/v1/sales', { batch_id: run.id, quantity: day === 0 || day === 6 ? 14 : 4 + (day % 3), price: 450, sold_on: isoDay(d) });
	}
	for (let i = 0; i < 5; i++) {
		const c = await post('/api/v1/customers', { name: `Customer ${i}`, email: `c${i}@example.org`, phone: '01632 960000' });
		const p = await post('/api/v1/products', { name: `Tea towel ${i}`, mode: 'both', price: 900 + i, minutes_per_unit: 20 });
		await post('/api/v1/orders', {
			customer_id: c.id, product_id: p.id, title: `Set of towels ${i}`, due_date: isoDay(i + 1), price: 3000,
			estimated_minutes: 60, status: i % 2 ? 'accepted' : 'quoted',
		});
		const b = await post('/api/v1/batches', { product_id: p.id, run_date: isoDay(-i), planned_qty: 10 });
		await post(`/api/v1/batches/${b.id}`, { made_qty: 10, status: 'done' }, 'PATCH');
		await post('/api/v1/sales', { batch_id: b.id, customer_id: c.id, quantity: 2, price: 900 });
	}
});

/*
 * The labels of an SVG chart that a rate, limit or level line crosses,
 * and the pairs of labels that overlap, from their drawn boxes.
 */
function clashes(chart) {
	return chart.evaluate((svg) => {
		const box = (n) => {
			const r = n.getBoundingClientRect();
			return { x0: r.left, x1: r.right, y0: r.top, y1: r.bottom };
		};
		// Strictly inside: touching edges is not crossing.
		const hit = (a, b) => a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5;
		const hitLine = (t, l) => (l.x0 === l.x1
			? l.x0 > t.x0 && l.x0 < t.x1 && l.y0 < t.y1 && t.y0 < l.y1
			: l.y0 > t.y0 && l.y0 < t.y1 && l.x0 < t.x1 && t.x0 < l.x1);
		const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '')
			.map((t) => ({ text: t.textContent, ...box(t) }));
		const lines = [...svg.querySelectorAll('.chart__ref line, .chart__mark line, .chart__level line')]
			.map((l) => ({ what: l.parentNode.getAttribute('class'), ...box(l) }));
		const out = [];
		for (const t of texts)
			for (const l of lines)
				if (hitLine(t, l))
					out.push(`"${t.text}" crossed by ${l.what}`);
		for (let i = 0; i < texts.length; i++)
			for (let j = i + 1; j < texts.length; j++)
				if (hit(texts[i], texts[j]))
					out.push(`"${texts[i].text}" over "${texts[j].text}"`);
		return { out, texts: texts.length, lines: lines.length };
	});
}

test('the Numbers charts: no line runs through a label, no label over another', async () => {
	const { context, page, watch } = await openPage(browser, 'phone', PHONE);
	await gotoRoute(page, server, 'numbers');
	const bars = page.locator('[data-chart="earned"] svg');
	await bars.waitFor();
	const b = await clashes(bars);
	assert.ok(b.lines > 0 && b.texts > 2, 'the rate line and labels are drawn');
	assert.deepEqual(b.out, [], 'what an hour earns');

	await gotoRoute(page, server, `numbers/${loaf.id}`);
	const cost = page.locator('[data-chart="cost"] svg');
	await cost.waitFor();
	await waitIdle(page);
	// The largest batch is marked, with its words somewhere on the chart.
	assert.equal(await cost.locator(`[data-mark][data-size="${loaf.max_batch}"]`).count(), 1);
	assert.match(await cost.textContent(), new RegExp(`Largest ${loaf.max_batch}`));
	const c = await clashes(cost);
	assert.ok(c.lines >= 4, 'levels and marks drawn');
	assert.deepEqual(c.out, [], 'what one costs');
	// The same at a desktop's width.
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.waitForFunction(() => document.querySelector('[data-chart="cost"] svg').getAttribute('width') > 600);
	assert.deepEqual((await clashes(page.locator('[data-chart="cost"] svg'))).out, [], 'what one costs, wide');
	checkClean(watch, server.origin);
	await context.close();
});

test('the weekday averages are one compact table', async () => {
	const { context, page, watch } = await openPage(browser, 'phone', { ...PHONE, ...AXE_CONTEXT });
	await gotoRoute(page, server, 'sales/forecast');
	await field(page, 'Product').selectOption(String(loaf.id));
	const section = page.locator('section[data-weekday]');
	await section.locator('[data-table="weekday"]').waitFor();
	await waitIdle(page);
	const rows = section.locator('tbody tr');
	assert.equal(await rows.count(), 7);
	const heights = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
	const tops = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().top));
	// A row a line, one under the other, not a card a weekday.
	for (let i = 0; i < 7; i++) {
		assert.ok(heights[i] <= 40, `row ${i} is ${heights[i]} px`);
		if (i)
			assert.ok(tops[i] >= tops[i - 1] + heights[i - 1] - 1, 'rows stacked as a table');
	}
	// Seven one-line rows (≤ 40 px) and their header, the heading and a
	// two-line note: under 460 px, about half the screen, where a card a
	// weekday took more than the whole screen.
	const height = await section.evaluate((n) => n.getBoundingClientRect().height);
	assert.ok(height < 460, `the weekday section is ${height} px`);
	assert.equal(await page.locator('section[data-weekday] svg').count(), 0, 'no second chart of the same figures');
	assert.equal(await sidewaysOverflow(page), 0);
	assert.deepEqual(await axeSerious(page, () => {}), []);
	checkClean(watch, server.origin);
	await context.close();
});

test('each list shows four records or more a screen, with 44 px targets', async () => {
	const { context, page, watch } = await openPage(browser, 'phone', { ...PHONE, ...AXE_CONTEXT });
	const lists = [
		['orders', '.order-card', '.order-card__title a'],
		['batches', '[data-table="batches"] tbody tr', 'tbody a'],
		['sales', '[data-table="sales"] tbody tr', 'tbody a'],
		['products', '[data-table="products"] tbody tr', 'tbody a'],
		['customers', '[data-table="customers"] tbody tr', 'tbody a'],
	];
	for (const [route, row, links] of lists) {
		await gotoRoute(page, server, route);
		const rows = page.locator(row);
		assert.ok(await rows.count() >= 5, `${route}: enough records to fill a screen`);
		await rows.first().evaluate((n) => window.scrollTo(0, n.getBoundingClientRect().top + window.scrollY));
		const fit = await rows.evaluateAll((ns) => ns.filter((n) => {
			const r = n.getBoundingClientRect();
			return r.top >= -1 && r.bottom <= window.innerHeight + 1;
		}).length);
		const sizes = await rows.evaluateAll((ns) => ns.map((n) => `${Math.round(n.getBoundingClientRect().top)}+${Math.round(n.getBoundingClientRect().height)}`).join(' '));
		assert.ok(fit >= 4, `${route}: ${fit} records fit an 844 px screen (${sizes})`);
		// Every link in a record reaches 44 px high, and the buttons 44 × 44.
		const short = await page.locator(links).evaluateAll((ns) => ns
			.filter((n) => n.getBoundingClientRect().height < 44).map((n) => n.textContent));
		assert.deepEqual(short, [], `${route}: links under 44 px high`);
		assert.deepEqual(await smallTargets(page, TARGETS), [], `${route}: tap targets`);
		assert.equal(await sidewaysOverflow(page), 0, `${route}: sideways`);
		assert.deepEqual(await axeSerious(page, () => {}), [], `${route}: axe`);
	}
	checkClean(watch, server.origin);
	await context.close();
});
