// promise.test.mjs - issue 10, point 3: "the promise misleads". On the new
// order form, a date asked for that can be kept with nothing moving leads
// the answer ("You can promise Wed 9 Dec: nothing else moves."); each date
// offered lists what moves for it under it; and the earliest date, which
// makes an order that is late already later still, says so in a warning
// beside its "Use … as the due date" button.
//
// The workshop is tests/api/test-promise.c's: 08:00 to 16:00 every day,
// one worker, today a day off (so the hour the test runs does not matter);
// the oak table (two days, due today) is late whatever happens, the ash
// chair and the elm stool (a day each) have room. A new order of a day,
// worth more a minute than the oak table, can be done tomorrow only by
// going first, moving all three a day later; or after them with nothing
// moving. Expectations follow from that, and are checked against the
// API's own answer.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, apiOK, AXE_CONTEXT, axeSerious, checkClean, field, gotoRoute, isoDay, openPage,
	press, screenshot, setUpSuite, sidewaysOverflow,
} from './helpers.mjs';

let server;
let browser;
let seeded;

const DAY = 480;

const post = (path, body, method) => apiOK(server, path, body, method);

setUpSuite(async (s) => {
	({ server, browser } = s);
	const hours = { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY, sat: DAY, sun: DAY };
	await post('/api/v1/settings', { day_start: 480, workers: 1, hours }, 'PUT');
	await post('/api/v1/days-off', { date: isoDay(0), note: 'Craft fair' });
	const customer = await post('/api/v1/customers', { name: 'Grace Hopper' });
	const order = (title, due, price, days) => post('/api/v1/orders',
		{ customer_id: customer.id, title, due_date: isoDay(due), price, estimated_minutes: days * DAY, status: 'accepted' });
	const oak = await order('Oak table', 0, 20000, 2);
	const ash = await order('Ash chair', 6, 40000, 1);
	const elm = await order('Elm stool', 7, 20000, 1);
	seeded = { customer, oak, ash, elm };
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

const words = async (loc) => (await loc.innerText()).replace(/\s+/g, ' ').trim();

/* Fill the new order form for a day's work at 600.00, due `due`. */
async function askFor(page, due, device) {
	await gotoRoute(page, server, 'orders/new');
	await field(page, 'Customer').selectOption(String(seeded.customer.id));
	await field(page, 'What it is').fill('Cherry bench');
	await field(page, 'Due date').fill(due);
	await field(page, 'Agreed price').fill('600.00');
	await field(page, 'Estimated time').fill('8:00');
	await press(page.getByRole('button', { name: 'When can I promise it?' }), device);
	await page.locator('[data-promise-lead]').waitFor();
}

for (const device of ['desktop', 'phone']) {
	test(`${device}: asked for a date kept with nothing moving, the promise leads with it`, async () => {
		const { context, page, watch } = await openPage(browser, device);
		const wanted = isoDay(8);
		const first = isoDay(1);
		const api = (await apiJSON(server, '/api/v1/promise', { minutes: DAY, price: 60000, wanted })).body;
		assert.deepEqual(api.options.map((o) => o.date), [wanted, first], 'the API leads with the date asked for');

		await askFor(page, wanted, device);
		const options = page.locator('[data-promise-option]');
		assert.equal(await options.count(), 2);

		// The date asked for leads, nothing moves for it, and its date is
		// the due date already: no button to "use" it.
		const lead = page.locator('[data-promise-lead]');
		assert.equal(await lead.getAttribute('data-promise-option'), wanted);
		assert.equal(await words(lead.locator('[data-promise-date]')),
			`You can promise ${dateText(wanted)}: nothing else moves.`);
		assert.equal(await lead.locator('[data-promise-moves] li').count(), 0);
		assert.equal(await lead.locator('[data-promise-warning]').count(), 0);
		assert.equal(await lead.locator('[data-promise-use]').count(), 0);
		assert.equal(await page.locator('[data-promise-wanted="no"]').count(), 0);

		// The earliest comes second, with its three moves under it.
		const soon = options.nth(1);
		assert.equal(await soon.getAttribute('data-promise-option'), first);
		assert.equal(await words(soon.locator('[data-promise-date]')),
			`The earliest you can promise is ${dateText(first)}, but 1 order that is late already would finish later still; 2 more would finish later, still on time.`);
		const moves = soon.locator('[data-promise-moves] li');
		assert.equal(await moves.count(), 3);
		for (const o of [seeded.oak, seeded.ash, seeded.elm]) {
			const m = api.options[1].moves.find((x) => x.order_id === o.id);
			const item = soon.locator(`[data-promise-moves] [data-order-id="${o.id}"]`);
			const text = await words(item);
			assert.ok(text.startsWith(`${o.title}: done ${dateText(m.after.finish_date)} instead of ${dateText(m.before.finish_date)} (1 day later)`), text);
			assert.equal(await item.getAttribute('data-was-late'), o === seeded.oak ? 'yes' : null);
			assert.equal(/late already/.test(text), o === seeded.oak, text);
			assert.equal(await item.getByRole('link', { name: o.title }).getAttribute('href'), `#/orders/${o.id}`);
		}

		// Its button has the warning beside it, and is described by it.
		const warning = soon.locator('[data-promise-warning]');
		const use = soon.locator('[data-promise-use]');
		assert.equal(await warning.count(), 1);
		assert.equal(await use.count(), 1);
		assert.match(await words(warning), new RegExp(`^!? ?Warning: promising ${dateText(first)} makes “Oak table” later still, though it is late already\\.$`));
		assert.equal(await use.getAttribute('aria-describedby'), await warning.getAttribute('id'));
		const [w, u] = [await warning.boundingBox(), await use.boundingBox()];
		assert.ok(w && u && w.y + w.height <= u.y + 1 && u.y - (w.y + w.height) < 40, 'the warning sits just above the button');
		assert.equal(await sidewaysOverflow(page), 0, 'no sideways scroll');
		await page.locator('[data-promise-answer]').scrollIntoViewIfNeeded();
		await screenshot(page, `promise-wanted-${device}`);

		// Using the earlier date sets the due date; asking stored nothing.
		await press(use, device);
		assert.equal(await field(page, 'Due date').inputValue(), first);
		assert.equal((await apiJSON(server, '/api/v1/orders')).body.total, 3, 'asking stores nothing');
		checkClean(watch, server.origin);
		await context.close();
	});
}

test('desktop: a date asked for too soon is said, and the earliest leads with its warning', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	const first = isoDay(1);
	await askFor(page, isoDay(0), 'desktop');
	assert.equal(await words(page.locator('[data-promise-wanted="no"]')),
		`The date asked for cannot be kept: ${dateText(isoDay(0))} is too soon.`);
	const options = page.locator('[data-promise-option]');
	assert.equal(await options.count(), 1);
	const lead = page.locator('[data-promise-lead]');
	assert.equal(await lead.getAttribute('data-promise-option'), first);
	assert.match(await words(lead.locator('[data-promise-date]')), new RegExp(`^The earliest you can promise is ${dateText(first)}, but 1 order that is late already`));
	assert.equal(await lead.locator('[data-promise-warning]').count(), 1);
	assert.equal(await lead.locator('[data-promise-use]').getAttribute('aria-describedby'),
		await lead.locator('[data-promise-warning]').getAttribute('id'));
	checkClean(watch, server.origin);
	await context.close();
});

test('desktop: axe finds nothing serious in a promise with two dates and a warning', async (t) => {
	const { context, page, watch } = await openPage(browser, 'desktop', AXE_CONTEXT);
	await askFor(page, isoDay(8), 'desktop');
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'promise answer');
	checkClean(watch, server.origin);
	await context.close();
});
