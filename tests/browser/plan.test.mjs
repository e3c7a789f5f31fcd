// plan.test.mjs - the week plan and the delivery promise. The workshop
// works every minute of every day with one worker, so the plan does not
// depend on the hour the test runs: two accepted orders of a whole day
// each, both due tomorrow, cannot both be done in time, and one is late.
// Expectations come from the API's own /plan and /promise answers.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, apiOK, AXE_CONTEXT, axeSerious, checkClean, field, gotoRoute, isoDay, openPage,
	press, screenshot, setUpSuite, sidewaysOverflow, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let seeded;

const DAY = 1440;

const post = (path, body, method) => apiOK(server, path, body, method);

setUpSuite(async (s) => {
	({ server, browser } = s);
	// Every day open all day but one, six days from now, which is closed.
	const hours = { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY, sat: DAY, sun: DAY };
	const [y, m, d] = isoDay(6).split('-').map(Number);
	hours[['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date(y, m - 1, d).getDay()]] = 0;
	await post('/api/v1/settings', { day_start: 0, workers: 1, hours }, 'PUT');
	const customer = await post('/api/v1/customers', { name: 'Grace Hopper' });
	const oak = await post('/api/v1/orders', { customer_id: customer.id, title: 'Oak table', due_date: isoDay(1), price: 90000, estimated_minutes: DAY, status: 'accepted' });
	const ash = await post('/api/v1/orders', { customer_id: customer.id, title: 'Ash chair', due_date: isoDay(1), price: 40000, estimated_minutes: DAY, status: 'accepted' });
	const quoted = await post('/api/v1/orders', { customer_id: customer.id, title: 'Elm stool, only quoted', due_date: isoDay(3), price: 9000, estimated_minutes: 300 });
	const off = await post('/api/v1/days-off', { date: isoDay(5), note: 'Craft fair' });
	const product = await post('/api/v1/products', { name: 'Turned bowl', mode: 'batch', price: 2500, minutes_per_unit: 30 });
	const batch = await post('/api/v1/batches', { product_id: product.id, run_date: isoDay(4), planned_qty: 10 });
	seeded = { customer, oak, ash, quoted, off, batch };
});

/* "1 day late", "3 days late". */
function lateWords(days) {
	return days === 1 ? '1 day late' : `${days} days late`;
}

test('desktop: the week plan shows every accepted order, flags the late one, and moves by weeks', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	const plan = (await apiJSON(server, '/api/v1/plan')).body;
	assert.ok(plan.late.length >= 1, `one order must be late: ${JSON.stringify(plan.orders)}`);

	await gotoRoute(page, server, 'plan');
	assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Plan');
	assert.equal(await page.locator('[data-nav-item="plan"]').getAttribute('aria-current'), 'page');

	// Every planned (accepted) order has blocks linking to it; the quoted one has none.
	for (const o of plan.orders) {
		const blocks = page.locator(`[data-block="order"][data-id="${o.id}"]`);
		assert.ok(await blocks.count() >= 1, `order ${o.title} has blocks`);
		assert.equal(await blocks.first().getByRole('link', { name: o.title }).getAttribute('href'), `#/orders/${o.id}`);
	}
	assert.deepEqual(plan.orders.map((o) => o.id).sort(), [seeded.oak.id, seeded.ash.id].sort());
	assert.equal(await page.locator(`[data-block][data-id="${seeded.quoted.id}"]`).count(), 0, 'a quoted order is not planned');
	assert.doesNotMatch(await page.locator('[data-plan]').innerText(), /Elm stool/);

	// The late ones: in the list above the days with their days late, and on their blocks in words.
	for (const id of plan.late) {
		const o = plan.orders.find((x) => x.id === id);
		const line = await page.locator(`[data-late-order="${id}"]`).innerText();
		assert.match(line, new RegExp(`^${o.title}: due .+, done .+ — ${lateWords(o.late_days)}$`));
		const blocks = page.locator(`[data-block="order"][data-id="${id}"]`);
		for (let i = 0; i < await blocks.count(); i++) {
			assert.equal(await blocks.nth(i).getAttribute('data-late'), 'true');
			assert.match(await blocks.nth(i).innerText(), new RegExp(lateWords(o.late_days)));
		}
	}
	for (const o of plan.orders.filter((x) => !x.late))
		assert.equal(await page.locator(`[data-block][data-id="${o.id}"][data-late]`).count(), 0, `${o.title} is not late`);

	// The batch run at the front of its day, linking to the batch.
	const batchDay = plan.days.find((d) => d.date === isoDay(4));
	const run = batchDay.workers[0].blocks[0];
	assert.deepEqual([run.kind, run.id, run.start], ['batch', seeded.batch.id, '00:00']);
	const runBlock = page.locator(`[data-date="${isoDay(4)}"] [data-block="batch"][data-id="${seeded.batch.id}"]`);
	assert.equal(await runBlock.locator('.plan-block__time').textContent(), `From 00:00– to ${run.end}`);
	assert.equal(await runBlock.locator('.plan-block__what').textContent(), `Batch ${seeded.batch.code}`);
	assert.equal(await runBlock.getByRole('link', { name: seeded.batch.code }).getAttribute('href'), `#/batches/${seeded.batch.id}`);

	// The day off and the closed day are said in words.
	assert.match(await page.locator(`[data-date="${isoDay(5)}"]`).innerText(), /Day off: Craft fair/);
	assert.match(await page.locator(`[data-date="${isoDay(6)}"]`).innerText(), /Closed/);
	assert.equal(await page.locator(`[data-date="${isoDay(6)}"] [data-block]`).count(), 0);

	// Days side by side on a desktop.
	const first = await page.locator(`[data-date="${isoDay(0)}"]`).boundingBox();
	const second = await page.locator(`[data-date="${isoDay(1)}"]`).boundingBox();
	assert.ok(Math.abs(first.y - second.y) < 1 && second.x > first.x, 'days are columns');
	await screenshot(page, 'plan-desktop', { fullPage: true });

	// The calendar feed.
	// A subscription address (webcal:), not a one-off download, and the
	// same address over http to paste.
	const ics = page.getByRole('link', { name: 'Subscribe on your phone’s calendar' });
	const feedURL = new URL('/api/v1/plan.ics', server.url).href;
	assert.equal(await ics.getAttribute('href'), feedURL.replace(/^http:/, 'webcal:'));
	assert.equal(await page.getByLabel('Calendar address').inputValue(), feedURL);
	assert.match(await page.locator('.plan-feed').innerText(), /Android/);
	const feed = await fetch(new URL('/api/v1/plan.ics', server.url));
	assert.equal(feed.status, 200);
	assert.match(feed.headers.get('content-type'), /^text\/calendar/);
	assert.match(await feed.text(), /Oak table/);

	// Next and previous week.
	await page.getByRole('link', { name: 'Next week →' }).click();
	await page.locator(`[data-date="${isoDay(7)}"]`).waitFor();
	await waitIdle(page);
	assert.equal(new URL(page.url()).hash, `#/plan?from=${isoDay(7)}`);
	assert.equal(await page.locator('[data-date]').count(), 7);
	assert.equal(await page.locator(`[data-date="${isoDay(0)}"]`).count(), 0);
	await page.getByRole('link', { name: '← Previous week' }).click();
	await page.locator(`[data-date="${isoDay(0)}"]`).waitFor();
	await waitIdle(page);
	assert.equal(new URL(page.url()).hash, `#/plan?from=${isoDay(0)}`);
	assert.ok(await page.locator(`[data-late-order="${plan.late[0]}"]`).isVisible());

	checkClean(watch, server.origin);
	await context.close();
});

test('phone: the promise on the new order form gives the planner’s dates, what each moves, and fills the due date', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	const device = 'phone';
	const before = (await apiJSON(server, '/api/v1/plan')).body;

	// The plan page on a phone: days stacked, nothing sideways.
	await gotoRoute(page, server, 'plan');
	const first = await page.locator(`[data-date="${isoDay(0)}"]`).boundingBox();
	const second = await page.locator(`[data-date="${isoDay(1)}"]`).boundingBox();
	assert.ok(second.y > first.y, 'days are stacked on a phone');
	assert.equal(await sidewaysOverflow(page), 0, 'no sideways scroll on the plan');
	await screenshot(page, 'plan-phone', { fullPage: true });

	await gotoRoute(page, server, 'orders/new');
	await field(page, 'Customer').selectOption(String(seeded.customer.id));
	await field(page, 'What it is').fill('Cherry bench');
	const wanted = isoDay(1);
	await field(page, 'Due date').fill(wanted);

	// Without the price and time, the button says what is missing.
	await press(page.getByRole('button', { name: 'When can I promise it?' }), device);
	assert.match(await page.locator('[data-promise-answer]').innerText(), /Fill in the estimated time and the agreed price first/);

	await field(page, 'Agreed price').fill('250.00');
	await field(page, 'Estimated time').fill('10:00');
	const expected = (await apiJSON(server, '/api/v1/promise', { minutes: 600, price: 25000, wanted })).body;
	const earliest = expected.options.at(-1);
	assert.equal(earliest.date, expected.date, 'the earliest is the last option');
	await press(page.getByRole('button', { name: 'When can I promise it?' }), device);
	const lead = page.locator('[data-promise-lead]');
	await lead.waitFor();
	assert.equal(await page.locator('[data-promise-option]').count(), expected.options.length);
	assert.equal(await lead.getAttribute('data-promise-option'), expected.options[0].date);
	assert.match(await lead.locator('[data-promise-date]').innerText(),
		/^(You can promise|The earliest you can promise is) \w{3} \d{1,2} \w{3}( \d{4})?[:,] /);
	assert.equal(await page.locator('[data-promise-wanted="no"]').count(), expected.wanted.ok ? 0 : 1);
	for (const opt of expected.options) {
		const shown = page.locator(`[data-promise-option="${opt.date}"] [data-promise-moves] li`);
		assert.equal(await shown.count(), opt.moves.length, `moves for ${opt.date}`);
		for (const m of opt.moves)
			assert.match(await page.locator(`[data-promise-option="${opt.date}"] [data-order-id="${m.order_id}"]`).innerText(),
				new RegExp(`^${m.title}: done `));
		assert.equal(await page.locator(`[data-promise-option="${opt.date}"] [data-promise-warning]`).count(),
			opt.late_later > 0 ? 1 : 0, `a warning for ${opt.date} when it makes a late order later`);
	}
	assert.equal(await sidewaysOverflow(page), 0, 'no sideways scroll on the form');
	await page.locator('[data-promise-answer]').scrollIntoViewIfNeeded();
	await screenshot(page, 'plan-promise-phone');
	assert.equal((await apiJSON(server, '/api/v1/orders')).body.total, 3, 'asking stores nothing');

	// The earliest date's button, unless it is the due date already.
	if (earliest.date !== wanted)
		await press(page.locator(`[data-promise-use="${earliest.date}"]`), device);
	assert.equal(await field(page, 'Due date').inputValue(), expected.date);

	// Take it, accepted, with that date: nothing new is late.
	await field(page, 'Status').selectOption('accepted');
	await press(page.getByRole('button', { name: 'Take the order' }), device);
	await page.getByRole('heading', { level: 1, name: 'Cherry bench' }).waitFor();
	await waitIdle(page);
	const orders = (await apiJSON(server, '/api/v1/orders')).body.items;
	const taken = orders.find((o) => o.title === 'Cherry bench');
	assert.deepEqual([taken.due_date, taken.status, taken.estimated_minutes, taken.price],
		[expected.date, 'accepted', 600, 25000]);
	const afterPlan = (await apiJSON(server, '/api/v1/plan')).body;
	const newlyLate = afterPlan.late.filter((id) => !before.late.includes(id));
	assert.deepEqual(newlyLate, [], `no order becomes late: ${JSON.stringify(afterPlan.orders)}`);

	checkClean(watch, server.origin);
	await context.close();
});

for (const device of ['phone', 'desktop']) {
	test(`${device}: axe finds nothing serious on the plan and the promise`, async (t) => {
		const { context, page, watch } = await openPage(browser, device, AXE_CONTEXT);
		const log = (s) => t.diagnostic(s);
		await gotoRoute(page, server, 'plan');
		assert.deepEqual(await axeSerious(page, log), [], 'plan page');
		await gotoRoute(page, server, 'orders/new');
		await field(page, 'Agreed price').fill('12.00');
		await field(page, 'Estimated time').fill('1:00');
		await press(page.getByRole('button', { name: 'When can I promise it?' }), device);
		await page.locator('[data-promise-lead]').waitFor();
		assert.deepEqual(await axeSerious(page, log), [], 'promise answer');
		checkClean(watch, server.origin);
		await context.close();
	});
}
