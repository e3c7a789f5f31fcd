// orders.test.mjs - a custom order from start to finish on a 375 px
// phone, by tapping: add the customer, take the order with a due date,
// time it with the timer, and mark it done. Then late orders: one due
// yesterday is marked "Overdue" in words, not only in colour, and stops
// being overdue once it is done. Results are checked through the API.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, checkClean, field, gotoRoute, isoDay, navigate, openPage, press, screenshot,
	setUpSuite, sidewaysOverflow, waitIdle,
} from './helpers.mjs';

let server;
let browser;

setUpSuite((s) => ({ server, browser } = s));

test('phone: take a custom order, time it, finish it', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	const device = 'phone';
	const due = isoDay(10);

	// A new workshop: the orders page says to start with a customer.
	await gotoRoute(page, server, '');
	await navigate(page, 'Orders', device);
	await press(page.getByRole('link', { name: 'Add your first customer' }), device);
	await page.getByRole('heading', { level: 1, name: 'Add a customer' }).waitFor();
	await field(page, 'Name').fill('Ada Lovelace');
	await field(page, 'Email').fill('ada@example.org');
	await field(page, 'Phone').fill('01632 960123');
	await press(page.getByRole('button', { name: 'Add a customer' }), device);

	// Straight back to the order form with her chosen.
	await page.getByRole('heading', { level: 1, name: 'Take an order' }).waitFor();
	await waitIdle(page);
	const customers = (await apiJSON(server, '/api/v1/customers')).body.items;
	assert.equal(customers.length, 1);
	assert.equal(await field(page, 'Customer').inputValue(), String(customers[0].id));
	await field(page, 'What it is').fill('Walnut chopping board');
	await field(page, 'Due date').fill(due);
	await field(page, 'Agreed price').fill('85.50');
	await field(page, 'Estimated time').fill('2:30');
	await field(page, 'Details').fill('End grain, 40 × 30 cm, oiled');
	await press(page.getByRole('button', { name: 'Take the order' }), device);

	// The order's own page.
	await page.getByRole('heading', { level: 1, name: 'Walnut chopping board' }).waitFor();
	await waitIdle(page);
	assert.match(await page.locator('[data-flash]').innerText(), /taken/);
	// The due date under its label says it once ("Due: Fri 12 Dec", not "Due Due").
	assert.doesNotMatch(await page.locator('main').innerText(), /Due\s+Due/);
	let orders = (await apiJSON(server, '/api/v1/orders')).body.items;
	assert.equal(orders.length, 1);
	const order = orders[0];
	assert.deepEqual(
		[order.customer_id, order.due_date, order.price, order.estimated_minutes, order.status],
		[customers[0].id, due, 8550, 150, 'quoted'],
		'the order as typed: £85.50 is 8550 pence, 2:30 is 150 minutes');
	await press(page.getByRole('button', { name: 'Accept' }), device);
	await page.locator('[data-order-status="accepted"]').waitFor();

	// Time it: the order's page links to the timer with the order chosen.
	await press(page.getByRole('link', { name: 'Time this order' }), device);
	await page.getByRole('heading', { level: 1, name: 'Timer' }).waitFor();
	await waitIdle(page);
	assert.ok(await page.getByRole('radio', { name: /Walnut chopping board/ }).isChecked(), 'the order is chosen');
	const big = page.locator('[data-timer-button]');
	const box = await big.boundingBox();
	assert.ok(box.height >= 64, `the Start button is ${box.height} px tall`);
	assert.ok(box.width >= 280, `the Start button is ${box.width} px wide`);
	assert.equal(await big.innerText(), 'Start');
	await press(big, device);
	await page.locator('[data-timer-state="running"]').waitFor();
	assert.equal(await big.innerText(), 'Stop');
	assert.match(await page.locator('[data-timer-what]').innerText(), /Walnut chopping board/);
	const running = (await apiJSON(server, '/api/v1/timer')).body.running;
	assert.equal(running.length, 1);
	assert.deepEqual([running[0].order_id, running[0].worker], [order.id, 'me']);

	// The clock ticks.
	const clock = page.locator('[data-clock]');
	await page.waitForFunction(() => /^0:00:0[1-9]$/.test(document.querySelector('[data-clock]').textContent));
	await page.waitForTimeout(1100);
	assert.match(await clock.innerText(), /^0:00:0[2-9]$/);
	await screenshot(page, 'phone-timer-running');

	await press(big, device);
	await page.locator('[data-timer-state="idle"]').waitFor();
	assert.match(await page.locator('[data-timer-message]').innerText(), /Stopped\. \d+ s on Walnut chopping board/);
	const today = page.locator('[data-today]');
	assert.match(await today.locator('[data-today-total]').innerText(), /^1 entry/);
	// The total counts the entry as the entry itself does: a few seconds are 0 min.
	assert.match(await today.locator('[data-today-total]').innerText(), /counts as 0 min/);
	assert.match(await today.locator('[data-entries] [data-length]').innerText(), /counts as 0 min/);
	assert.match(await today.locator('[data-entries]').innerText(), /Walnut chopping board/);
	await screenshot(page, 'phone-timer');
	assert.equal(await sidewaysOverflow(page), 0, 'timer page scrolls sideways');

	const entries = (await apiJSON(server, `/api/v1/time-entries?order_id=${order.id}`)).body.items;
	assert.equal(entries.length, 1);
	const seconds = (Date.parse(entries[0].ended_at) - Date.parse(entries[0].started_at)) / 1000;
	assert.ok(seconds >= 1 && seconds <= 10, `the entry lasted ${seconds} s`);

	// The order's tracked time shows the entry.
	await navigate(page, 'Orders', device);
	const card = page.locator(`[data-order-id="${order.id}"]`);
	assert.match(await card.innerText(), /for Ada Lovelace/);
	assert.match(await card.innerText(), /0 min of 2 h 30 min estimated/);
	await press(card.getByRole('link', { name: 'Walnut chopping board' }), device);
	await page.getByRole('heading', { level: 1, name: 'Walnut chopping board' }).waitFor();
	await waitIdle(page);
	const time = page.locator('[data-order-time]');
	assert.match(await time.innerText(), /0 min of 2 h 30 min estimated \(\d+ s on the clock\)/);
	assert.equal(await time.locator('[data-entry-id]').count(), 1);
	assert.match(await time.locator('[data-length]').innerText(), /^\d+ s /);

	// Finish it: start work, then done.
	await press(page.getByRole('button', { name: 'Start work' }), device);
	await page.locator('[data-order-status="in_progress"]').waitFor();
	await press(page.getByRole('button', { name: 'Mark done' }), device);
	await page.locator('[data-order-status="done"]').waitFor();
	assert.match(await page.locator('[data-flash]').innerText(), /Marked done/);
	orders = (await apiJSON(server, '/api/v1/orders')).body.items;
	assert.equal(orders[0].status, 'done');

	// Done orders leave the open list, and show under "Done, to deliver".
	await navigate(page, 'Orders', device);
	assert.match(await page.locator('[data-orders-summary]').innerText(), /^0 open orders/);
	// On a phone the filters are folded away under "Filter".
	const filters = page.locator('[data-filters]');
	assert.equal(await filters.getAttribute('open'), null, 'folded on a phone');
	await press(filters.locator('summary'), device);
	await page.getByLabel('Show', { exact: true }).selectOption('all');
	await press(page.getByRole('button', { name: 'Show', exact: true }), device);
	await page.locator('[data-group="done"]').waitFor();
	assert.match(await page.locator('[data-group="done"]').innerText(), /Walnut chopping board/);
	assert.match(page.url(), /#\/orders\?show=all$/);
	await screenshot(page, 'phone-orders-done');
	checkClean(watch, server.origin);
	await context.close();
});

test('phone: an order due yesterday is marked overdue in words until it is done', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	const device = 'phone';
	const customer = (await apiJSON(server, '/api/v1/customers')).body.items[0];
	assert.ok(customer, 'the first test added a customer');

	// Two more orders through the form: one late, one due next week.
	for (const [title, due] of [['Oak stool', isoDay(-1)], ['Ash spoon set', isoDay(7)]]) {
		await gotoRoute(page, server, 'orders/new');
		await field(page, 'Customer').selectOption(String(customer.id));
		await field(page, 'What it is').fill(title);
		await field(page, 'Due date').fill(due);
		await press(page.getByRole('button', { name: 'Take the order' }), device);
		await page.getByRole('heading', { level: 1, name: title }).waitFor();
	}
	const late = (await apiJSON(server, '/api/v1/orders?due_before=' + isoDay(-1))).body.items;
	assert.equal(late.length, 1);

	await navigate(page, 'Orders', device);
	const stool = page.locator(`[data-order-id="${late[0].id}"]`);
	const spoons = page.locator('[data-order-id]').filter({ hasText: 'Ash spoon set' });
	assert.equal(await stool.getAttribute('data-overdue'), 'true');
	assert.equal(await spoons.getAttribute('data-overdue'), null);
	// In words: a badge saying "Overdue by 1 day", and the count at the top.
	assert.match(await stool.locator('[data-badge="overdue"]').innerText(), /Overdue by 1 day/);
	assert.equal(await spoons.locator('[data-badge="overdue"]').count(), 0);
	assert.match(await page.locator('[data-orders-summary]').innerText(), /2 open orders, 1 overdue/);
	// And in shape: a thicker border than the others, not only a colour.
	const border = (loc) => loc.evaluate((n) => parseFloat(getComputedStyle(n).borderTopWidth));
	assert.ok(await border(stool) > await border(spoons), 'the late card has a heavier frame');
	// Soonest first: the late one leads its group.
	const titles = await page.locator('[data-group="quoted"] .order-card__title').allInnerTexts();
	assert.deepEqual(titles, ['Oak stool', 'Ash spoon set']);
	assert.equal(await sidewaysOverflow(page), 0, 'orders page scrolls sideways');
	await screenshot(page, 'phone-orders', { fullPage: true });

	// The quick buttons move it along: accept, start, done.
	for (const [step, now] of [['Accept', 'accepted'], ['Start work', 'in progress'], ['Mark done', 'done']]) {
		await press(stool.getByRole('button', { name: step }), device);
		await page.locator('.notice--success').filter({ hasText: `“Oak stool” is now ${now}.` }).waitFor();
		await waitIdle(page);
	}
	const stored = (await apiJSON(server, `/api/v1/orders/${late[0].id}`)).body;
	assert.equal(stored.status, 'done');
	// Done: no longer open, so no longer overdue.
	assert.equal(await stool.count(), 0, 'a done order leaves the open list');
	assert.match(await page.locator('[data-orders-summary]').innerText(), /^1 open order\.$/);
	checkClean(watch, server.origin);
	await context.close();
});
