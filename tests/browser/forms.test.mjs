// forms.test.mjs - forms built from the schema: each check shows beside
// its field while the person types; what only the server can know (a
// name already taken, stock sold meanwhile by another till, a record
// still in use) comes back beside the field the server names, or above
// the button, and nothing is written. Money typed as pounds reaches the
// API as exact pence.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, checkClean, field, fieldError, gotoRoute, isoDay, openPage, screenshot, setUpSuite,
	waitIdle,
} from './helpers.mjs';

let server;
let browser;

setUpSuite((s) => ({ server, browser } = s));

/* Requests of a method to a path the page made (to prove none was sent). */
function sent(page) {
	const list = [];
	page.on('request', (r) => {
		if (r.method() !== 'GET')
			list.push(`${r.method()} ${new URL(r.url()).pathname}`);
	});
	return list;
}

test('checks as you type, and money goes in as exact pence', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	const writes = sent(page);
	await gotoRoute(page, server, 'products/new');
	const name = field(page, 'Name');
	const price = field(page, 'Selling price');
	const cost = field(page, 'Materials cost');
	const shelf = field(page, 'Shelf life in days');

	// Typing, not leaving the field: the message appears at once.
	await price.click();
	await page.keyboard.type('4.5x');
	assert.equal(await fieldError(price), 'Enter an amount in GBP, like 4.50.');
	await price.fill('');
	await page.keyboard.type('4.555');
	assert.equal(await fieldError(price), 'Use at most 2 digits after the point, like 4.50.');
	await page.keyboard.press('Backspace');
	assert.equal(await fieldError(price), null, 'fixed: the message goes');
	assert.equal(await price.getAttribute('aria-invalid'), null);

	await shelf.click();
	await page.keyboard.type('0');
	assert.equal(await fieldError(shelf), 'Enter a number from 1 to 36,500.');
	await page.keyboard.type('.5');
	assert.equal(await fieldError(shelf), 'Enter a whole number, without a point.');
	await shelf.fill('');
	assert.equal(await fieldError(shelf), null, 'empty is allowed: it keeps');

	// A required field left empty says so when you leave it, not before.
	await name.click();
	await page.keyboard.type('F');
	await page.keyboard.press('Backspace');
	assert.equal(await fieldError(name), null, 'no complaint while still in the field');
	await page.keyboard.press('Tab');
	assert.equal(await fieldError(name), 'Name is required.');
	await screenshot(page, 'desktop-form-errors');

	// Submitting with a fault sends nothing and says where to look.
	await page.getByRole('button', { name: 'Add a product' }).click();
	const summary = page.locator('[data-outlet] [data-form-error]');
	assert.match(await summary.innerText(), /Not saved yet\. Check “Name”\./);
	assert.equal(await page.evaluate(() => document.activeElement.name), 'name', 'focus on the field to fix');
	assert.deepEqual(writes, [], 'nothing was sent');

	// Fixed: 4.55 and 0.29 arrive as 455 and 29 pence (0.29 × 100 is not
	// 29 in floating point).
	await name.fill('Focaccia');
	await cost.fill('0.29');
	// A field counted in minutes takes hours and minutes too.
	const perUnit = field(page, 'Minutes to make one');
	await perUnit.fill('1:75');
	await perUnit.dispatchEvent('input');
	assert.equal(await fieldError(perUnit), 'Enter minutes, like 45, or hours and minutes, like 1:30.');
	await perUnit.fill('1:30');
	await field(page, 'Set-up minutes per batch').fill('20');
	// A VAT rate is typed as a percent and kept in basis points: 17.5 %
	// is 1750; more than two decimals, or past 100 %, is said at once.
	const vat = field(page, 'VAT rate');
	await vat.fill('17.555');
	await vat.dispatchEvent('input');
	assert.equal(await fieldError(vat), 'Enter a percentage, like 20 or 17.5.');
	await vat.fill('101');
	await vat.dispatchEvent('input');
	assert.equal(await fieldError(vat), 'Enter a percentage from 0% to 100%.');
	await vat.fill('17.5');
	await vat.dispatchEvent('input');
	assert.equal(await fieldError(vat), null);
	await page.getByRole('button', { name: 'Add a product' }).click();
	await page.locator('[data-flash]').filter({ hasText: 'Added product “Focaccia”.' }).waitFor();
	const products = (await apiJSON(server, '/api/v1/products')).body.items;
	assert.deepEqual(products.map((p) => [p.name, p.price, p.material_cost, p.shelf_life_days, p.minutes_per_unit, p.setup_minutes, p.vat_bp]),
		[['Focaccia', 455, 29, null, 90, 20, 1750]]);
	assert.deepEqual(writes, ['POST /api/v1/products']);
	// Its page says when it was added in words, not as a raw timestamp.
	await gotoRoute(page, server, `products/${products[0].id}`);
	const added = page.locator('[data-value="created_at"]');
	await added.waitFor();
	assert.doesNotMatch(await added.innerText(), /\d{4}-\d\d-\d\dT/);
	assert.match(await added.innerText(), /\d\d?:\d\d/);
	assert.equal(await field(page, 'VAT rate').inputValue(), '17.5', 'the rate reads back as it was typed');

	// Settings: hours typed as hours:minutes, stored as minutes.
	await gotoRoute(page, server, 'settings');
	const sat = field(page, 'Saturday');
	assert.equal(await sat.inputValue(), '0:00');
	assert.equal(await field(page, 'Monday').inputValue(), '8:00');
	await sat.fill('');
	await sat.click();
	await page.keyboard.type('4:75');
	assert.equal(await fieldError(sat), 'Enter hours and minutes, like 7:30, or whole hours, like 8.');
	await sat.fill('25');
	await sat.dispatchEvent('input');
	assert.equal(await fieldError(sat), 'Enter a time from 0:00 to 24:00 (hours:minutes).');
	await sat.fill('4:30');
	await field(page, 'Currency').fill('eur');
	await field(page, 'Currency').dispatchEvent('input');
	assert.equal(await fieldError(field(page, 'Currency')), 'Use a three-letter code in capitals, like GBP, EUR or USD.');
	await field(page, 'Currency').fill('GBP');
	// The day's start is a time of day, not a count of minutes.
	const start = field(page, 'Day starts at');
	assert.match(await start.inputValue(), /^\d\d:\d\d$/);
	await start.fill('25:00');
	await start.dispatchEvent('input');
	assert.equal(await fieldError(start), 'Enter a time of day, like 08:30 (00:00 to 23:59).');
	await start.fill('8:30');
	await field(page, 'Hourly rate').fill('18.50');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await page.locator('[data-flash]').filter({ hasText: 'Settings saved.' }).waitFor();
	const settings = (await apiJSON(server, '/api/v1/settings')).body;
	assert.deepEqual([settings.hours.sat, settings.hours.mon, settings.hourly_rate, settings.currency, settings.day_start],
		[270, 480, 1850, 'GBP', 510]);
	assert.equal(await field(page, 'Day starts at').inputValue(), '08:30');
	assert.equal(await field(page, 'Saturday').inputValue(), '4:30');
	checkClean(watch, server.origin);
	await context.close();
});

test("the server's refusals show beside the field it names, and nothing is written", async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');

	// A name already taken (another case still counts): 409 beside "Name".
	await gotoRoute(page, server, 'products/new');
	await field(page, 'Name').fill('FOCACCIA');
	await field(page, 'Selling price').fill('3');
	await page.getByRole('button', { name: 'Add a product' }).click();
	const name = field(page, 'Name');
	await page.waitForFunction(() => document.querySelector('[name="name"]').getAttribute('aria-invalid') === 'true');
	assert.equal(await fieldError(name), 'A product with this name already exists.');
	assert.match(await page.locator('[data-outlet] [data-form-error]').innerText(), /Not saved\. Name: A product with this name already exists\./);
	assert.equal(await page.evaluate(() => document.activeElement.name), 'name');
	assert.equal((await apiJSON(server, '/api/v1/products')).body.total, 1, 'no second product');
	// Typing again clears the server's message.
	await page.keyboard.type(' al rosmarino');
	assert.equal(await fieldError(name), null);
	await screenshot(page, 'desktop-form-duplicate');

	// Stock sold by someone else after the page was opened: the form still
	// thinks 5 are left, the server knows better and names "quantity".
	const product = (await apiJSON(server, '/api/v1/products')).body.items[0];
	const batch = (await apiJSON(server, '/api/v1/batches', { product_id: product.id, run_date: isoDay(0) })).body;
	await apiJSON(server, `/api/v1/batches/${batch.id}`, { made_qty: 5 }, 'PATCH');
	await gotoRoute(page, server, `batches/${batch.id}`);
	const sell = page.locator('[data-section="sales"]');
	assert.match(await sell.innerText(), /5 are left in this batch/);
	const other = await apiJSON(server, '/api/v1/sales', { batch_id: batch.id, quantity: 4 });
	assert.equal(other.status, 201);

	const qty = field(sell, 'Quantity');
	await qty.fill('6');
	await qty.dispatchEvent('input');
	assert.equal(await fieldError(qty), 'Only 5 left in this batch.', 'the page checks what it knows');
	await qty.fill('3');
	await sell.getByRole('button', { name: 'Record the sale' }).click();
	await page.waitForFunction(() => document.querySelector('[data-section="sales"] [name="quantity"]')
		.getAttribute('aria-invalid') === 'true');
	assert.equal(await fieldError(qty), `Only 1 left in batch ${batch.code}.`);
	assert.match(await sell.locator('[data-form-error]').innerText(), /Not saved\. Quantity: Only 1 left/);
	assert.equal((await apiJSON(server, `/api/v1/sales?batch_id=${batch.id}`)).body.total, 1, 'no sale written');

	// A customer deleted (on another device) while the order form was
	// open: the server's 400 names customer_id, and shows beside Customer.
	const gone = (await apiJSON(server, '/api/v1/customers', { name: 'Gone Soon' })).body;
	await gotoRoute(page, server, 'orders/new');
	await field(page, 'Customer').selectOption({ label: 'Gone Soon' });
	await field(page, 'What it is').fill('Bread for a party');
	assert.equal((await apiJSON(server, `/api/v1/customers/${gone.id}`, undefined, 'DELETE')).status, 204);
	await page.getByRole('button', { name: 'Take the order' }).click();
	const customer = field(page, 'Customer');
	await page.waitForFunction(() => document.querySelector('[name="customer_id"]').getAttribute('aria-invalid') === 'true');
	assert.equal(await fieldError(customer), `No customer has number ${gone.id}.`);
	assert.equal((await apiJSON(server, '/api/v1/orders')).body.total, 0, 'no order written');

	// A record still in use cannot be deleted; the page says why.
	await gotoRoute(page, server, `products/${product.id}`);
	await page.getByRole('button', { name: 'Delete this product' }).click();
	assert.equal(await page.evaluate(() => document.activeElement.textContent), 'No, keep it');
	await page.getByRole('button', { name: 'Yes, delete it' }).click();
	const refusal = page.getByRole('alert').filter({ hasText: 'Not deleted.' });
	await refusal.waitFor();
	assert.match(await refusal.innerText(), /still used by batch \d+ and sale \d+\. Change or delete those first/);
	assert.equal((await apiJSON(server, `/api/v1/products/${product.id}`)).status, 200);

	// An order with time on it: refused until the time entry is deleted,
	// which its own Delete button does.
	const cust = (await apiJSON(server, '/api/v1/customers', { name: 'Edith Clarke' })).body;
	const order = (await apiJSON(server, '/api/v1/orders', { customer_id: cust.id, title: 'Coat rack' })).body;
	await apiJSON(server, '/api/v1/time-entries', { order_id: order.id, minutes: 20 });
	await gotoRoute(page, server, `orders/${order.id}`);
	await page.getByRole('button', { name: 'Delete this order' }).click();
	await page.getByRole('button', { name: 'Yes, delete it' }).click();
	await page.getByRole('alert').filter({ hasText: 'Not deleted.' }).waitFor();
	assert.match(await page.getByRole('alert').filter({ hasText: 'Not deleted.' }).innerText(), /still used by 1 time entry/);
	const entry = page.locator('[data-order-time] [data-entry-id]');
	await entry.getByRole('button', { name: /^Delete the time entry of / }).click();
	await entry.getByRole('button', { name: 'Yes, delete it' }).click();
	await page.locator('[data-flash]').filter({ hasText: 'Time entry deleted.' }).waitFor();
	await waitIdle(page);
	assert.match(await page.locator('[data-order-time]').innerText(), /No time recorded yet/);
	await page.getByRole('button', { name: 'Delete this order' }).click();
	await page.getByRole('button', { name: 'Yes, delete it' }).click();
	await page.locator('[data-flash]').filter({ hasText: 'Deleted order “Coat rack”.' }).waitFor();
	assert.equal((await apiJSON(server, `/api/v1/orders/${order.id}`)).status, 404);
	await apiJSON(server, `/api/v1/customers/${cust.id}`, undefined, 'DELETE');

	// One that is not in use goes, after the question.
	await gotoRoute(page, server, 'customers/new');
	await field(page, 'Name').fill('Passing trade');
	await page.getByRole('button', { name: 'Add a customer' }).click();
	await page.locator('[data-flash]').waitFor();
	await page.getByRole('link', { name: 'Passing trade' }).click();
	await page.getByRole('heading', { level: 1, name: 'Passing trade' }).waitFor();
	await waitIdle(page);
	await page.getByRole('button', { name: 'Delete this customer' }).click();
	await page.getByRole('button', { name: 'Yes, delete it' }).click();
	await page.locator('[data-flash]').filter({ hasText: 'Deleted customer “Passing trade”.' }).waitFor();
	assert.equal((await apiJSON(server, '/api/v1/customers')).body.total, 0);

	checkClean(watch, server.origin, {
		expectedErrors: ['409 POST /api/v1/products', '409 POST /api/v1/sales', '400 POST /api/v1/orders',
			`409 DELETE /api/v1/products/${product.id}`, `409 DELETE /api/v1/orders/${order.id}`],
	});
	await context.close();
});
