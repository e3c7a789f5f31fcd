// economics.test.mjs - the Numbers pages: the workshop overview and one
// product's figures, its cost chart and the what-if sliders, and the
// calculator's "Save this as my answer" set beside the figures. Two
// products are seeded through the API: an oak table made only to order and
// priced below its floor, and a sourdough loaf made in batches with sales
// in the last four weeks. Expected figures are worked out here from the
// formulas in doc/API.md §10, or asked of the API itself (what-if), never
// read off the page being checked.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
	answer, apiJSON, apiOK, AXE_CONTEXT, axeSerious, checkClean, gotoCalculator, gotoRoute,
	isoDay, leaning, navigate, openPage, press, screenshot, setUpSuite, sidewaysOverflow,
	smallTargets, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let settings;
let table;
let loaf;

/* Pence as the page writes them: 101500 -> "£1,015.00", -430 -> "−£4.30". */
function pounds(minor) {
	const a = Math.abs(minor);
	const whole = String(Math.floor(a / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return `${minor < 0 ? '−' : ''}£${whole}.${String(a % 100).padStart(2, '0')}`;
}

/* a × b / c rounded half away from zero, as lib/econ.c rounds. */
function muldiv(a, b, c) {
	const n = a * b;
	const q = Math.trunc(n / c);
	const r = n - q * c;
	return Math.abs(r) * 2 >= c ? q + Math.sign(n) : q;
}

/* doc/API.md §10: earned_per_hour = (price − materials) × 60 / minutes. */
function earnedPerHour(p) {
	return muldiv(p.price - p.material_cost, 60, p.minutes_per_unit);
}

const post = (path, body, method) => apiOK(server, path, body, method);

setUpSuite(async (s) => {
	({ server, browser } = s);
	settings = await post('/api/v1/settings', { hourly_rate: 1500, overhead_per_hour: 0 }, 'PUT');
	assert.equal(settings.currency, 'GBP');
	table = await post('/api/v1/products', {
		name: 'Oak dining table', mode: 'job', price: 90000, material_cost: 40000,
		minutes_per_unit: 2400, setup_minutes: 60,
	});
	loaf = await post('/api/v1/products', {
		name: 'Sourdough loaf', mode: 'batch', price: 450, material_cost: 80,
		minutes_per_unit: 12, setup_minutes: 60, max_batch: 40, shelf_life_days: 3,
	});
	const batch = await post('/api/v1/batches', { product_id: loaf.id, run_date: isoDay(-3), planned_qty: 40 });
	await post(`/api/v1/batches/${batch.id}`, { made_qty: 40, status: 'done' }, 'PATCH');
	await post('/api/v1/sales', { batch_id: batch.id, quantity: 30, price: 450, sold_on: isoDay(-3) });
});

/* The controls that must be at least 44 × 44 px (as pages.test.mjs measures them). */
const TARGETS = 'button, select, input:not([type="radio"]):not([type="checkbox"]), textarea, .site-nav a, a.button, .back-link, summary';

/* The page has drawn its chart(s) and finished any what-if. */
async function settled(page) {
	await waitIdle(page);
	await page.locator('[data-chart] svg').first().waitFor();
}

describe('the workshop overview', () => {
	test('both products with what they earn an hour, the chart, and the below-floor warning', async () => {
		const { context, page, watch } = await openPage(browser, 'desktop');
		await gotoRoute(page, server, 'numbers');
		await settled(page);
		assert.equal(await page.locator('h1:visible').innerText(), 'Numbers');
		assert.equal(await page.title(), 'Numbers · smallrun');
		assert.equal(await page.locator('[data-nav-item][aria-current="page"]').innerText(), 'Numbers');

		// One row each, with what an hour earns from the formula.
		const rate = settings.hourly_rate;
		for (const p of [table, loaf]) {
			const want = earnedPerHour(p);
			const row = page.locator(`[data-table="earned"] tbody tr[data-product-id="${p.id}"]`);
			assert.equal(await row.count(), 1, `${p.name}: one row`);
			const cell = row.locator('[data-earned]');
			assert.equal(Number(await cell.getAttribute('data-earned')), want, `${p.name}: earned an hour`);
			assert.match(await cell.innerText(), new RegExp(pounds(want).replace('.', '\\.')));
			assert.equal(await cell.getByText('Under rate').count(), want < rate ? 1 : 0,
				`${p.name}: marked under the rate only when it is`);
			// Each product links to its own page.
			assert.equal(await row.getByRole('link', { name: p.name }).getAttribute('href'), `#/numbers/${p.id}`);
		}
		assert.ok(earnedPerHour(table) < rate && earnedPerHour(loaf) >= rate, 'the seed has one product each side of the rate');

		// The chart: an SVG picture with a name, one bar per product, the
		// short one hatched, the rate as a line; a caption and the table as
		// its text.
		const chart = page.locator('[data-chart="earned"] svg');
		assert.equal(await chart.getAttribute('role'), 'img');
		assert.match(await chart.getAttribute('aria-label'), /earns an hour/);
		assert.equal(await chart.locator('[data-bar]').count(), 2);
		assert.equal(await chart.locator(`[data-bar="${table.id}"] .chart__bar--under`).count(), 1);
		assert.equal(await chart.locator(`[data-bar="${loaf.id}"] .chart__bar--under`).count(), 0);
		assert.match(await chart.locator('.chart__ref text').textContent(), new RegExp(pounds(rate).replace('.', '\\.')));
		// The longer bar belongs to the product that earns more.
		const width = (id) => chart.locator(`[data-bar="${id}"] .chart__bar`).evaluate((n) => n.getBBox().width);
		assert.ok(await width(loaf.id) > await width(table.id));
		assert.match(await page.locator('[data-chart="earned"] figcaption').innerText(), /1 of 2 earn less than your rate/);

		// The table's price is below its floor: materials plus (minutes +
		// set-up) at the hourly rate plus overhead (0 here), made one at a time.
		const floor = table.material_cost + muldiv(table.minutes_per_unit + table.setup_minutes, rate, 60);
		assert.ok(table.price < floor);
		// Said once for the page, however many products are below their
		// floor (the loaf's small batches cost more than its price too);
		// the table's own numbers are one click away.
		const below = (await apiJSON(server, '/api/v1/economics')).body.products.filter((p) => p.price < p.price_floor);
		assert.ok(below.some((p) => p.product_id === table.id));
		const warning = page.locator('[data-attention] [data-warning="below_floor"]');
		assert.equal(await warning.count(), 1, 'the below-floor warning, once');
		let mine = warning;
		if (below.length > 1) {
			assert.equal(Number(await warning.getAttribute('data-count')), below.length);
			assert.match(await warning.innerText(), new RegExp(`${below.length} products are priced below their floor`));
			await warning.locator('summary').click();
			mine = warning.locator(`li[data-product-id="${table.id}"]`);
		} else {
			assert.equal(await warning.getAttribute('data-product-id'), String(table.id));
		}
		const detail = await mine.locator('[data-detail]').innerText();
		assert.ok(detail.includes(pounds(table.price)), `"${detail}" names the price`);
		assert.ok(detail.includes(pounds(floor)), `"${detail}" names the floor ${pounds(floor)}`);
		assert.match(await warning.innerText(), /What to do:/);

		// No answer saved yet; the figures say batches (the loaf is the
		// only product that sold, and it is made only in batches).
		assert.equal(await page.locator('[data-advised]').getAttribute('data-advised'), '');
		assert.match(await page.locator('[data-advised]').innerText(), /Not saved yet/);
		assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'batch');
		assert.match(await page.locator('[data-advised]').getByRole('link').innerText(), /Answer the five questions/);

		// A week's hours against the hours there are: 5 days of 8 h.
		const hours = page.locator('[data-hours]');
		assert.equal(Number(await hours.getAttribute('data-available')), 5 * 480);
		assert.match(await hours.innerText(), / of 40 h/);

		await screenshot(page, 'desktop-numbers', { fullPage: true });
		checkClean(watch, server.origin);
		await context.close();
	});
});

describe('one product', () => {
	test('the chart marks the batch to make; the price slider redraws the margin; nothing is stored', async () => {
		const { context, page, watch } = await openPage(browser, 'desktop');
		await gotoRoute(page, server, `numbers/${loaf.id}`);
		await settled(page);
		const stored = (await apiJSON(server, `/api/v1/products/${loaf.id}/economics`)).body;
		assert.equal(await page.locator('h1:visible').innerText(), 'Sourdough loaf: the numbers');

		// The cost chart marks the recommended batch, and rings it on the curve.
		const chart = page.locator('[data-chart="cost"] svg');
		assert.equal(await chart.getAttribute('role'), 'img');
		const chosen = chart.locator('[data-mark="chosen"]');
		assert.equal(await chosen.count(), 1);
		assert.equal(Number(await chosen.getAttribute('data-size')), stored.batch.recommended);
		assert.match(await chosen.locator('text').textContent(), new RegExp(`Make ${stored.batch.recommended}`));
		assert.equal(Number(await chart.locator('[data-dot]').getAttribute('data-dot')), stored.batch.recommended);
		// The job cost is a level line; every limit that applies is marked.
		assert.equal(await chart.locator('[data-level="job"]').count(), 1);
		for (const [name, n] of Object.entries(stored.batch.caps))
			if (n !== null)
				assert.ok(await chart.locator(`[data-mark][data-size="${n}"]`).count() >= 1, `the ${name} limit (${n}) is marked`);
		// Its text: a sentence and a table of the curve.
		assert.match(await page.locator('[data-curve-sentence]').innerText(), /One made on its own costs/);
		assert.equal(await page.locator('[data-table="curve"] tbody tr').count(), stored.cost_curve.length);
		// Every limit is listed with its number, or why it does not apply.
		for (const [name, n] of Object.entries(stored.batch.caps)) {
			const cap = page.locator(`[data-caps] [data-cap="${name}"]`);
			assert.equal(await cap.getAttribute('data-cap-value'), n === null ? '' : String(n));
			assert.match(await cap.innerText(), n === null ? /Does not apply/ : new RegExp(String(n)));
		}
		// Earned an hour, from the estimate (no time is tracked).
		assert.equal(Number(await page.locator('[data-earned-value]').getAttribute('data-earned-value')), earnedPerHour(loaf));
		assert.match(await page.locator('[data-earned]').innerText(), /from your estimate of 12 min/);
		await screenshot(page, 'desktop-numbers-product', { fullPage: true });

		// Move the price slider with the keyboard.
		const margin = page.locator('[data-price] [data-margin]');
		assert.equal(Number(await margin.getAttribute('data-margin')), stored.margin);
		const slider = page.getByRole('slider', { name: /^Price/ });
		await slider.focus();
		for (let i = 0; i < 12; i++)
			await page.keyboard.press('ArrowRight');
		const price = Number(await slider.inputValue());
		assert.ok(price > loaf.price, `the slider moved up from ${loaf.price} to ${price}`);
		assert.equal(await page.getByRole('textbox', { name: /^Price/ }).inputValue(), pounds(price).slice(1));
		await page.locator('[data-trying]').waitFor();
		await page.waitForFunction(() => /With these numbers/.test(document.querySelector('[data-what-if-status]').textContent));
		await waitIdle(page);

		const want = (await apiJSON(server, '/api/v1/economics/what-if', { product_id: loaf.id, price })).body;
		assert.equal(Number(await margin.getAttribute('data-margin')), want.margin, 'the margin the what-if gives');
		assert.match(await margin.innerText(), new RegExp(pounds(want.margin).replace('.', '\\.')));
		assert.equal(Number(await page.locator('[data-price] [data-floor]').getAttribute('data-floor')), want.price_floor);
		assert.equal(Number(await page.locator('[data-result-margin]').getAttribute('data-result-margin')), want.margin);
		assert.notEqual(want.margin, stored.margin);
		assert.match(await page.locator('[data-what-if-note]').innerText(), /Nothing here is saved/);

		// A number typed in the box moves its slider too.
		const demandBox = page.getByRole('textbox', { name: /^Sold a week/ });
		await demandBox.fill('60');
		await page.waitForFunction(() => document.querySelector('[data-demand]')?.getAttribute('data-demand') === '60');
		await waitIdle(page);
		assert.equal(await page.getByRole('slider', { name: /^Sold a week/ }).inputValue(), '60');
		const both = (await apiJSON(server, '/api/v1/economics/what-if', { product_id: loaf.id, price, weekly_demand: 60 })).body;
		assert.equal(Number(await margin.getAttribute('data-margin')), both.margin);
		assert.equal(Number(await page.locator('[data-profit-batch]').getAttribute('data-profit-batch')), both.week.profit_batch);
		await screenshot(page, 'desktop-numbers-what-if', { fullPage: true });

		// Nothing was stored.
		const after = (await apiJSON(server, `/api/v1/products/${loaf.id}`)).body;
		assert.deepEqual(after, loaf, 'the product is unchanged');
		assert.equal((await apiJSON(server, '/api/v1/settings')).body.hourly_rate, settings.hourly_rate);
		assert.deepEqual((await apiJSON(server, `/api/v1/products/${loaf.id}/economics`)).body, stored);

		// Back to the stored numbers.
		await page.getByRole('button', { name: 'Back to the stored numbers' }).click();
		await page.locator('[data-trying]').waitFor({ state: 'detached' });
		assert.equal(Number(await margin.getAttribute('data-margin')), stored.margin);
		assert.equal(Number(await slider.inputValue()), Math.round(loaf.price / 10) * 10);
		assert.equal(await page.getByRole('textbox', { name: /^Price/ }).inputValue(), pounds(loaf.price).slice(1));
		assert.match(await page.locator('[data-what-if-status]').innerText(), /stored numbers/);
		checkClean(watch, server.origin);
		await context.close();
	});

	test('a product made only to order: no batch chart, no batch slider', async () => {
		const { context, page, watch } = await openPage(browser, 'desktop');
		await gotoRoute(page, server, `numbers/${table.id}`);
		await waitIdle(page);
		assert.equal(await page.locator('[data-chart="cost"]').count(), 0);
		assert.equal(await page.getByRole('slider', { name: /^Batch size/ }).count(), 0);
		assert.match(await page.locator('[data-batch]').innerText(), /Made only to order/);
		assert.equal(await page.locator('[data-warnings] [data-warning="below_floor"]').count(), 1);
		assert.match(await page.locator('[data-price]').innerText(), /Below the floor/);
		checkClean(watch, server.origin);
		await context.close();
	});

	test('figures too large to show are said so in words, and left off the chart', async () => {
		const { context, page, watch } = await openPage(browser, 'desktop');
		await gotoRoute(page, server, `numbers/${loaf.id}`);
		await settled(page);
		// £1bn each, 10^7 minutes each at £1bn an hour: one made on its
		// own costs 80 + (10^7 + 60) × 10^11 / 60 pence, past 2^53 − 1.
		const job = 80n + ((10_000_000n + 60n) * 100_000_000_000n + 30n) / 60n;
		assert.ok(job > BigInt(Number.MAX_SAFE_INTEGER));
		await page.getByRole('textbox', { name: /^Price/ }).fill('1000000000');
		await page.getByRole('textbox', { name: /^Minutes to make one/ }).fill('10000000');
		await page.getByRole('textbox', { name: /^Your hourly rate/ }).fill('1000000000');
		await page.waitForFunction(() => /With these numbers/.test(document.querySelector('[data-what-if-status]').textContent));
		await waitIdle(page);
		const want = (await apiJSON(server, '/api/v1/economics/what-if', {
			product_id: loaf.id, price: 100_000_000_000, minutes_per_unit: 10_000_000, hourly_rate: 100_000_000_000,
		})).body;
		assert.equal(want.unit_cost.job, null);
		const warning = page.locator('[data-warnings] [data-warning="too_large_to_show"]');
		// The warnings are drawn after the status line: wait for them.
		await warning.first().waitFor();
		assert.equal(await warning.count(), 1);
		assert.match(await warning.innerText(), /the cost of one made on its own/);
		assert.match(await page.locator('[data-price]').innerText(), /too large to show made on its own/);
		for (const box of ['[data-figures]', '[data-what-if-result]']) {
			const text = await page.locator(box).innerText();
			assert.doesNotMatch(text, /NaN|null|undefined|Infinity/, `${box}: ${text}`);
		}
		// The chart draws what it can; every cost on it is a number.
		const chart = page.locator('[data-chart="cost"] svg');
		await chart.waitFor();
		assert.doesNotMatch(await chart.innerHTML(), /NaN/);
		assert.equal(await chart.locator('[data-level="job"]').count(), 0);
		checkClean(watch, server.origin);
		await context.close();
	});

	test('a product that does not exist says so', async () => {
		const { context, page, watch } = await openPage(browser, 'desktop');
		await gotoRoute(page, server, 'numbers/999');
		await page.getByText('There is no product 999').waitFor();
		checkClean(watch, server.origin, { expectedErrors: ['404 GET /api/v1/products/999/economics'] });
		await context.close();
	});
});

test('"Save this as my answer" on the calculator; the Numbers page sets it beside the figures', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoCalculator(page, server);
	const questions = (await apiJSON(server, '/api/v1/questions')).body.questions;
	await answer(page, questions, leaning(questions, 'job'), 'desktop');
	await page.getByRole('button', { name: 'Get my advice' }).click();
	await page.locator('[data-calculator][data-state="result"]').waitFor();
	assert.equal(await page.locator('[data-result]').getAttribute('data-recommendation'), 'job');

	await page.getByRole('button', { name: 'Save this as my answer' }).click();
	const saved = page.locator('[data-save-status]');
	await saved.getByText(/Saved as your answer/).waitFor();
	assert.equal((await apiJSON(server, '/api/v1/settings')).body.advised, 'job');

	await saved.getByRole('link', { name: 'See it beside your figures' }).click();
	await page.getByRole('heading', { level: 1, name: 'Numbers' }).waitFor();
	await waitIdle(page);
	assert.equal(await page.locator('[data-advised]').getAttribute('data-advised'), 'job');
	assert.match(await page.locator('[data-advised]').innerText(), /Made to order/);
	// The figures say batch, so the two disagree, and the page says why.
	assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'batch');
	assert.equal(await page.locator('[data-agrees]').getAttribute('data-agrees'), 'false');
	assert.match(await page.locator('[data-agrees]').innerText(), /They disagree/);
	assert.match(await page.locator('[data-verdict-panel] [data-why]').innerText(), /questionnaire said job/);
	checkClean(watch, server.origin);
	await context.close();
	await post('/api/v1/settings', { advised: null }, 'PUT');
});

for (const device of ['phone', 'desktop']) {
	test(`on a ${device}: axe finds nothing serious${device === 'phone' ? '; no sideways scroll; big targets' : ''}`, async (t) => {
		const { context, page, watch } = await openPage(browser, device, AXE_CONTEXT);
		const log = (s) => t.diagnostic(s);
		if (device === 'phone')
			await gotoRoute(page, server, 'stock');
		else
			await gotoRoute(page, server, 'orders');
		await navigate(page, 'Numbers', device);
		await settled(page);
		for (const [route, name] of [['numbers', 'numbers'], [`numbers/${loaf.id}`, 'numbers-product'], [`numbers/${table.id}`, 'numbers-job']]) {
			if (route !== 'numbers')
				await gotoRoute(page, server, route);
			await waitIdle(page);
			assert.equal(await page.locator('h1:visible').count(), 1, `${route}: one h1`);
			assert.deepEqual(await axeSerious(page, log), [], `${route}: axe`);
			if (device === 'phone') {
				assert.equal(await sidewaysOverflow(page), 0, `${route}: scrolls sideways`);
				assert.deepEqual(await smallTargets(page, TARGETS), [], `${route}: tap targets under 44 px`);
				for (const right of await page.locator('[data-chart] svg').evaluateAll((ns) => ns.map((n) => n.getBoundingClientRect().right)))
					assert.ok(right <= 375, `${route}: the chart fits the screen (right edge at ${right})`);
			}
			await screenshot(page, `${device}-${name}`, { fullPage: true });
		}
		// The sliders on a phone: tap the box, type, and the chart follows.
		if (device === 'phone') {
			await gotoRoute(page, server, `numbers/${loaf.id}`);
			await settled(page);
			const box = page.getByRole('textbox', { name: /^Batch size/ });
			await press(box, device);
			await box.fill('20');
			await page.locator('[data-chart="cost"] [data-mark="trying"][data-size="20"]').waitFor();
			await waitIdle(page);
			assert.deepEqual(await axeSerious(page, log), [], 'what-if on a phone: axe');
			assert.equal(await sidewaysOverflow(page), 0, 'what-if: scrolls sideways');
			await page.locator('[data-what-if]').scrollIntoViewIfNeeded();
			await screenshot(page, 'phone-numbers-what-if');
		}
		checkClean(watch, server.origin);
		await context.close();
	});
}
