// orders-plan.test.mjs - the Orders list and an order's page agree with the
// plan (issue 10, point 4). The workshop is plan.test.mjs's: every minute
// of every day with one worker, two accepted orders of a whole day each,
// both due tomorrow, so one of them is late whatever the hour. Every
// expectation comes from GET /api/v1/plan, the answer the Plan page uses.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, apiOK, checkClean, gotoRoute, isoDay, openPage, screenshot, setUpSuite,
	sidewaysOverflow,
} from './helpers.mjs';

let server;
let browser;
let seeded;

const DAY = 1440;
const PHONE_390 = { viewport: { width: 390, height: 844 } };

const post = (path, body, method) => apiOK(server, path, body, method);

setUpSuite(async (s) => {
	({ server, browser } = s);
	const hours = { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY, sat: DAY, sun: DAY };
	await post('/api/v1/settings', { day_start: 0, workers: 1, hours }, 'PUT');
	const customer = await post('/api/v1/customers', { name: 'Grace Hopper' });
	const order = (title, due, price, minutes, status) => post('/api/v1/orders',
		{ customer_id: customer.id, title, due_date: isoDay(due), price, estimated_minutes: minutes, status });
	const oak = await order('Oak table', 1, 90000, DAY, 'accepted');
	const ash = await order('Ash chair', 1, 40000, DAY, 'accepted');
	const pine = await order('Pine shelf', 20, 5000, 60, 'in_progress');
	const elm = await order('Elm stool, only quoted', 3, 9000, 300, 'quoted');
	const yew = await order('Yew box, done', 2, 3000, 60, 'done');
	seeded = { customer, oak, ash, pine, elm, yew };
});

/* The app's own date words: "Fri 4 Dec", the year only when not this one. */
function dateText(iso) {
	const [y, m, d] = iso.split('-').map(Number);
	const date = new Date(y, m - 1, d);
	const opts = { weekday: 'short', day: 'numeric', month: 'short' };
	if (y !== new Date().getFullYear())
		opts.year = 'numeric';
	return date.toLocaleDateString('en-GB', opts);
}

function lateWords(days) {
	return days === 1 ? '1 day late' : `${days} days late`;
}

/* What a card (or the order page's Due line) must say for a planned order. */
async function checkPlanned(scope, o, what) {
	const text = (await scope.innerText()).replace(/\s+/g, ' ');
	assert.match(text, new RegExp(`planned to finish ${dateText(o.finish_date)}`), `${what}: ${text}`);
	const badge = scope.locator('[data-badge="late"]');
	if (o.late) {
		assert.match(text, new RegExp(`planned to finish ${dateText(o.finish_date)} — !? ?${lateWords(o.late_days)}`), `${what}: ${text}`);
		assert.equal(await badge.count(), 1, `${what} has a late badge`);
		assert.match(await badge.innerText(), new RegExp(lateWords(o.late_days)));
	} else {
		assert.equal(await badge.count(), 0, `${what} has no late badge`);
		assert.doesNotMatch(text, /\blate\b/, `${what}: ${text}`);
	}
}

for (const device of ['desktop', 'phone']) {
	test(`${device}: each open order's card shows its planned finish, and the late words exactly when the plan says late`, async () => {
		const { context, page, watch } = await openPage(browser, device, device === 'phone' ? PHONE_390 : {});
		const plan = (await apiJSON(server, '/api/v1/plan')).body;
		assert.equal(plan.late.length, 1, `one order is late: ${JSON.stringify(plan.orders)}`);
		assert.deepEqual(plan.orders.map((o) => o.id).sort(),
			[seeded.oak.id, seeded.ash.id, seeded.pine.id].sort());

		let plans = 0;
		page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/plan') plans++; });
		await gotoRoute(page, server, 'orders?show=all');
		assert.equal(plans, 1, 'one planner call for the whole list');

		for (const o of plan.orders) {
			const card = page.locator(`[data-order-id="${o.id}"]`);
			await checkPlanned(card, o, o.title);
		}
		// Quoted and done orders show no planned finish.
		for (const o of [seeded.elm, seeded.yew]) {
			const text = await page.locator(`[data-order-id="${o.id}"]`).innerText();
			assert.doesNotMatch(text, /planned to finish|plan not available/, `${o.title}: ${text}`);
		}
		assert.equal(await sidewaysOverflow(page), 0, 'the orders list scrolls sideways');
		await screenshot(page, `orders-plan-${device}`, { fullPage: true });

		// The order's own page says the same, again from one planner call.
		const late = plan.orders.find((o) => o.late);
		plans = 0;
		await gotoRoute(page, server, `orders/${late.id}`);
		assert.equal(plans, 1, 'one planner call for the order page');
		await checkPlanned(page.locator('.facts__item').filter({ hasText: 'Due' }), late, 'order page');
		assert.equal(await sidewaysOverflow(page), 0, 'the order page scrolls sideways');

		// The timer's list of orders to time says it too, in words.
		plans = 0;
		await gotoRoute(page, server, 'timer');
		assert.equal(plans, 1, 'one planner call for the timer');
		for (const o of plan.orders) {
			const text = await page.locator(`[data-choice="order:${o.id}"]`).innerText();
			const want = `planned to finish ${dateText(o.finish_date)}${o.late ? ` — ${lateWords(o.late_days)}` : ''}`;
			assert.ok(text.replace(/\s+/g, ' ').endsWith(want), `timer, ${o.title}: ${text}`);
		}
		assert.doesNotMatch(await page.locator(`[data-choice="order:${seeded.elm.id}"]`).innerText(), /planned to finish/);
		assert.equal(await sidewaysOverflow(page), 0, 'the timer scrolls sideways');

		checkClean(watch, server.origin);
		await context.close();
	});
}

test('phone: when the plan cannot be fetched the list still shows, and says so, never "on time"', async () => {
	const { context, page, watch } = await openPage(browser, 'phone', PHONE_390);
	await page.route('**/api/v1/plan', (route) => route.fulfill({
		status: 503, contentType: 'application/json',
		body: JSON.stringify({ error: { code: 'unavailable', message: 'Try again.' } }),
	}));
	await gotoRoute(page, server, 'orders');
	for (const o of [seeded.oak, seeded.ash, seeded.pine]) {
		const text = await page.locator(`[data-order-id="${o.id}"]`).innerText();
		assert.match(text, /plan not available/, `${o.title}: ${text}`);
		assert.doesNotMatch(text, /planned to finish/, `${o.title}: ${text}`);
	}
	assert.doesNotMatch(await page.locator(`[data-order-id="${seeded.elm.id}"]`).innerText(), /plan not available/);
	assert.equal(await sidewaysOverflow(page), 0);
	checkClean(watch, server.origin, { expectedErrors: ['503 GET /api/v1/plan'] });
	await context.close();
});
