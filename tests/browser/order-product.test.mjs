// order-product.test.mjs - choosing a product on a new order fills in its
// title, price (of one) and time (minutes to make one × quantity) as
// starting points; what the maker typed is kept, and all stay editable.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { apiJSON, apiOK, checkClean, field, gotoRoute, isoDay, openPage, setUpSuite, waitIdle } from './helpers.mjs';

let server;
let browser;
let product;

setUpSuite(async (s) => {
	({ server, browser } = s);
	await apiOK(server, '/api/v1/settings', { currency: 'GBP' }, 'PUT');
	await apiOK(server, '/api/v1/customers', { name: 'Ada Lovelace' });
	product = await apiOK(server, '/api/v1/products', { name: 'Oak side table', mode: 'job', price: 32000, minutes_per_unit: 390 });
});

test('desktop: a product fills the order, the maker\'s own words stay', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, 'orders/new');
	await page.getByRole('heading', { level: 1, name: 'Take an order' }).waitFor();
	await waitIdle(page);
	await field(page, 'Customer').selectOption({ label: 'Ada Lovelace' });
	await field(page, 'Quantity').fill('2');
	await field(page, 'Agreed price').fill('300.00');
	await field(page, 'Product').selectOption(String(product.id));
	assert.equal(await field(page, 'What it is').inputValue(), product.name);
	assert.equal(await field(page, 'Agreed price').inputValue(), '300.00', 'a typed price is kept');
	const h = Math.floor((product.minutes_per_unit * 2) / 60);
	const m = (product.minutes_per_unit * 2) % 60;
	assert.equal(await field(page, 'Estimated time').inputValue(), `${h}:${String(m).padStart(2, '0')}`);
	// Still editable, and what is sent is what the form shows.
	await field(page, 'What it is').fill('Oak side tables, pair');
	await field(page, 'Due date').fill(isoDay(20));
	await page.getByRole('button', { name: 'Take the order' }).click();
	await page.getByRole('heading', { level: 1, name: 'Oak side tables, pair' }).waitFor();
	const order = (await apiJSON(server, '/api/v1/orders')).body.items[0];
	assert.deepEqual([order.title, order.price, order.estimated_minutes, order.quantity, order.product_id],
		['Oak side tables, pair', 30000, product.minutes_per_unit * 2, 2, product.id]);
	checkClean(watch, server.origin);
	await context.close();
});
